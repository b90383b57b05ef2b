"""Malformed or hostile POSTs to every form never give a 500 nor write half a record."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Need, Offer, Pole, ResourcePerson, Role, User

pytestmark = pytest.mark.web

FORM_FIELDS = {
    "/compte/inscription": ["display_name", "email", "role", "password", "password_confirm"],
    "/compte/connexion": ["email", "password"],
    "/compte/mot-de-passe-oublie": ["email"],
    "/poles/nouveau": ["name", "carrier_structure", "region_code", "departements", "maturity", "themes",
                       "description", "strengths", "website", "public_listing"],
    "/personnes-ressources/mon-profil": ["headline", "employer", "bio", "region_code", "departement_code",
                                         "pole_id", "yearly_capacity", "mobility", "availability"],
}
NASTY = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "nan", "<script>alert(1)</script>",
                     "' OR 1=1 --", "\x00", "é" * 6000, "53", "culture", "consolide", "facilitator",
                     "organiser", "https://x", "javascript:alert(1)", "1e309"]),
)


def _counts(db) -> tuple[int, ...]:
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in (User, Pole, Need, ResourcePerson, Offer))


@pytest.mark.parametrize("url", sorted(FORM_FIELDS))
def test_hostile_posts_never_500(client, csrf, login, make_user, db, url):
    role = Role.RESOURCE_PERSON if "personnes-ressources" in url else Role.FACILITATOR
    if not url.startswith("/compte"):
        login(make_user(role))
    token = csrf(url)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=st.dictionaries(st.sampled_from(FORM_FIELDS[url] + ["extra", "id", "pole_id"]),
                                st.one_of(NASTY, st.lists(NASTY, max_size=4)), max_size=12),
           with_token=st.booleans())
    def run(data: dict, with_token: bool) -> None:
        before = _counts(db)
        payload = dict(data)
        if with_token:
            payload["csrf_token"] = token
        response = client.post(url, data=payload)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        db.rollback()
        after = _counts(db)
        if response.status_code != 302:
            assert after == before, "a refused form wrote something"

    run()


def test_pole_creation_is_all_or_nothing_with_bad_departement(client, csrf, login, make_user, db):
    login(make_user(Role.FACILITATOR))
    response = client.post("/poles/nouveau", data={
        "csrf_token": csrf("/poles/nouveau"), "name": "Pôle partiel", "region_code": "53",
        "maturity": "emergent", "departements": ["29", "ZZ"]})
    assert response.status_code == 200
    assert db.scalar(select(func.count()).select_from(Pole)) == 0


def test_oversized_body_is_413_not_500(client, csrf):
    token = csrf("/compte/connexion")
    response = client.post("/compte/connexion", data={"csrf_token": token, "email": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 413
