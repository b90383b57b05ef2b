"""Every route, every role: no 500 on GET, no state change without a CSRF token, CSP on HTML.

Generic over ``app.url_map``: routes added by other areas are covered automatically. See
``tests/app/security/routes.py`` for how URL parameters get their values.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

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
            html = response.get_data(as_text=True)
            assert "<script>" not in html and ' style="' not in html, f"inline script/style on {url}"
        response.close()
        db.rollback()
    assert len(visited) >= 15


@pytest.mark.parametrize("role", ROLES, ids=role_id)
def test_every_state_changing_route_refuses_missing_csrf(app, db, world, role):
    client = client_as(app, world, role)
    before = _row_counts(db)
    checked = 0
    for rule in rules(app, STATE_CHANGING):
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
