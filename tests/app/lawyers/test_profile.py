"""Lawyers write their own specialties and firm; a question is then routed to them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.lawyers import services
from app.refused import Refused
from app.suggestions.services import route_legal_question
from models import LawyerProfile, Role
from tests.app.conftest import SPECIALTIES

pytestmark = pytest.mark.web

QUESTION = "Pouvons-nous mettre un salarié à disposition d'une autre structure du pôle, et avec quel contrat ?"


def _invited_lawyer(db, make_user, name: str = "Maître Nouvelle"):
    """As an invitation leaves it: a lawyer account with empty specialties."""
    user = make_user(Role.LAWYER, name=name)
    db.add(LawyerProfile(user=user, specialties=""))
    db.commit()
    return user


def test_invited_lawyer_edits_specialties_and_is_then_routed_the_question(client, csrf, login, db, make_user,
                                                                         make_lawyer):
    make_lawyer("statuts")
    user = _invited_lawyer(db, make_user)
    before = route_legal_question(QUESTION)  # empty specialties: never routed (nobody, or the other lawyer)
    assert before is None or before.lawyer.user_id != user.id
    login(user)
    page = client.get("/avocat/profil").get_data(as_text=True)
    assert "ne sont pas encore renseignées" in page
    response = client.post("/avocat/profil", data={"csrf_token": csrf("/avocat/profil"), "firm": "Cabinet Loire",
                                                    "specialties": SPECIALTIES["travail"]})
    assert response.status_code == 302
    profile = db.scalars(select(LawyerProfile).filter_by(user_id=user.id)).one()
    assert profile.firm == "Cabinet Loire" and profile.specialties == SPECIALTIES["travail"]
    assert route_legal_question(QUESTION).lawyer.user_id == user.id


def test_specialties_too_short_refused_in_french(client, csrf, login, db, make_user):
    user = _invited_lawyer(db, make_user)
    login(user)
    page = client.post("/avocat/profil", data={"csrf_token": csrf("/avocat/profil"), "firm": "",
                                               "specialties": "droit"}).get_data(as_text=True)
    assert "Décrivez vos spécialités en 15 caractères au moins" in page and "De 15 à 3\u202f000\u00a0caractères." in page
    with pytest.raises(Refused, match="15 caractères"):
        services.save_profile(user, firm="", specialties="droit")
    assert db.scalars(select(LawyerProfile)).one().specialties == ""


def test_only_lawyers_have_the_profile_page(client, login, make_user):
    login(make_user(Role.FACILITATOR))
    assert client.get("/avocat/profil").status_code == 403


def test_organisers_see_who_has_no_specialties_yet(client, login, db, make_user, make_lawyer):
    make_lawyer("statuts")
    _invited_lawyer(db, make_user, name="Maître Sans Spécialité")
    make_user(Role.LAWYER, name="Maître Sans Profil")
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/avocats").get_data(as_text=True)
    assert "2 sans spécialités" in page
    assert page.index("Maître Sans") < page.index("Maître Statuts")  # those without specialties first
    assert page.count("Pas encore renseignées") == 2
