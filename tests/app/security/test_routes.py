"""Every route, every role: no 500 on GET, no state change without a CSRF token, CSP on HTML.

Generic over ``app.url_map``: routes added by other areas are covered automatically. See
``tests/app/security/routes.py`` for how URL parameters get their values.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import csrf
from app.security import CONTENT_SECURITY_POLICY
from models import Base
from tests.app.security.routes import ROLES, STATE_CHANGING, client_as, role_id, rules, url_for_rule

pytestmark = pytest.mark.web


def _row_counts(db) -> dict[str, int]:
    return {t.name: db.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
            if t.name != "login_attempts"}


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_every_get_route_never_500(app, db, world, role):
    client = client_as(app, world, role)
    visited = []
    for rule in rules(app, {"GET"}):
        url = url_for_rule(rule, world)
        response = client.get(url)
        visited.append(url)
        assert response.status_code < 500, (role, url, response.get_data(as_text=True)[:800])
        if response.status_code == 200 and response.mimetype == "text/html":
            csp = response.headers.get("Content-Security-Policy", "")
            assert csp == CONTENT_SECURITY_POLICY and "unsafe-inline" not in csp, url
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Cache-Control"] == "no-store", url
            html = response.get_data(as_text=True)
            assert "<script>" not in html and ' style="' not in html, f"inline script/style on {url}"
        response.close()
        db.rollback()
    assert len(visited) >= 15


#: The views that take a POST without a form token, each for its reason: a mail client's one-click unsubscribe
#: (RFC 8058) sends none, the signed link is the proof (a forged or expired one changes nothing:
#: ``tests/app/notifications/test_unsubscribe.py``). A new exemption fails ``test_only_the_known_views_skip_csrf``.
CSRF_EXEMPT = {"app.notifications.views.unsubscribe"}


def _exempt(app, rule) -> bool:
    view = app.view_functions[rule.endpoint]
    return f"{view.__module__}.{view.__name__}" in csrf._exempt_views


def test_only_the_known_views_skip_csrf(app):
    assert set(csrf._exempt_views) == CSRF_EXEMPT and not csrf._exempt_blueprints


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_every_state_changing_route_refuses_missing_csrf(app, db, world, role):
    client = client_as(app, world, role)
    before = _row_counts(db)
    checked = 0
    for rule in rules(app, STATE_CHANGING):
        if _exempt(app, rule):
            continue
        url = url_for_rule(rule, world)
        for method in sorted(rule.methods & STATE_CHANGING):
            response = client.open(url, method=method, data={"status": "closed", "active": "0", "name": "x"})
            assert response.status_code == 400, (role, method, url, response.status_code)
            assert "Formulaire expiré ou invalide" in response.get_data(as_text=True)
            bad = client.open(url, method=method, data={"csrf_token": "faux-jeton", "status": "closed"})
            assert bad.status_code == 400, (role, method, url, "wrong token accepted")
            checked += 1
    db.rollback()
    db.expire_all()
    assert _row_counts(db) == before
    assert checked >= 10


def _crawl(app, world, user, rows) -> dict[str, str]:
    """Every GET route as ``user``, object parameters pointing at ``rows``: url → body (HTML, CSV, JSON)."""
    from tests.app.security.routes import log_in, regional_url

    client = app.test_client()
    log_in(client, user)
    bodies = {}
    for rule in rules(app, {"GET"}):
        url = regional_url(rule, world, rows)
        response = client.get(url)
        assert response.status_code < 500, (url, response.get_data(as_text=True)[:800])
        bodies[url] = response.get_data(as_text=True)
        response.close()
    return bodies


#: Organiser pages where a CRA finds the named rows of its own region.
REGIONAL_PAGES = ("/organisation/suivi", "/organisation/suivi/appariements.csv", "/organisation/suivi/retours.csv",
                  "/organisation/tsf/")


def test_cra_of_another_region_finds_no_named_row_anywhere(app, db, world, regions):
    """A CRA of region A, on every GET route (pages, CSV, JSON, console), finds nothing named of region B."""
    own, other = regions
    leaks = [(url, secret) for url, body in _crawl(app, world, own.cra, other).items()
             for secret in other.secrets if secret in body]
    assert leaks == []


def test_cra_of_the_right_region_sees_its_rows(app, db, world, regions):
    _, rows = regions
    bodies = _crawl(app, world, rows.cra, rows)
    joined = "\n".join(bodies[url] for url in REGIONAL_PAGES)
    for secret in (*rows.secrets[:2], rows.secrets[4]):
        assert secret in joined, secret
    assert rows.secrets[2] in bodies[f"/organisation/tsf/calculs/{rows.run.id}"]
    assert rows.secrets[3] in bodies[f"/transferts/{rows.pairing.id}"]
    assert rows.secrets[5] in bodies[f"/poles/{rows.pole.id}"]
