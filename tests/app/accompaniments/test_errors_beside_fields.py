"""A CRA who mistypes an accompaniment reads every mistake at once, each beside its field, and loses nothing.

Walk of 7 December 2026: a referral dated in the future, with no scheme ticked and a next step dated before it, was
answered by one flash at the top of the page (« La date de l'accompagnement ne peut pas être dans le futur. »), then,
once the date was corrected, by the next one: three submits to learn three mistakes, none beside its field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models import Accompaniment, Role

pytestmark = pytest.mark.web


def _error_of(page: str, field_id: str) -> str:
    match = re.search(rf'id="{field_id}-erreur"[^>]*>(.*?)</p>', page, re.S)
    assert match, f"no error beside {field_id}"
    return match.group(1).strip()


def test_every_mistake_is_said_at_once_beside_its_field(client, csrf, login, db, make_pole, make_user):
    pole = make_pole(region_code="53")
    login(make_user(Role.ORGANISER, region_code="53", name="CRA Bretagne"))
    url = f"/poles/{pole.id}/accompagnements/nouveau"
    later = date.today() + timedelta(days=30)
    response = client.post(url, data={
        "csrf_token": csrf(url), "kind": "reorientation", "happened_on": later.isoformat(),
        "notes": "Le pôle « hésite » : l’équipe souhaite un DLA.", "next_step": "Rappeler la coordinatrice",
        "next_step_on": (later - timedelta(days=5)).isoformat()})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "futur" in _error_of(page, "happened_on")
    assert "vers quel dispositif" in _error_of(page, "referral_target")
    assert "précéder" in _error_of(page, "next_step_on")
    assert "Le formulaire contient 3\u00a0erreurs" in page
    assert "l’équipe souhaite un DLA" in page and "Rappeler la coordinatrice" in page  # nothing lost
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0


def test_an_unnamed_other_scheme_is_said_beside_its_field(client, csrf, login, db, make_pole, make_user):
    pole = make_pole(region_code="53")
    login(make_user(Role.ORGANISER, region_code="53"))
    url = f"/poles/{pole.id}/accompagnements/nouveau"
    page = client.post(url, data={"csrf_token": csrf(url), "kind": "reorientation", "referral_target": "other",
                                  "happened_on": date.today().isoformat()}).get_data(as_text=True)
    assert "Nommez l&#39;autre dispositif" in _error_of(page, "referral_other")
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0


def test_an_unknown_scheme_is_an_error_beside_its_field_not_a_500(client, csrf, login, db, make_pole, make_user):
    pole = make_pole(region_code="53")
    login(make_user(Role.ORGANISER, region_code="53"))
    url = f"/poles/{pole.id}/accompagnements/nouveau"
    response = client.post(url, data={"csrf_token": csrf(url), "kind": "reorientation", "referral_target": "zzz",
                                      "happened_on": date.today().isoformat()})
    assert response.status_code == 200
    assert _error_of(response.get_data(as_text=True), "referral_target")
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0
