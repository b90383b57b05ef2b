"""« Mon espace » says one's role beside one's name as a function, never with a gender mark."""

from __future__ import annotations

import re

import pytest

from models import Organisation, OrganisationKind, Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web
GENDER_MARK = re.compile(r"\w·\w")


def _line_with_name(client, user) -> str:
    page = page_html(client.get("/mon-espace"))
    return re.search(rf"<p>{re.escape(user.display_name)} — [^<]*</p>", page).group(0)


@pytest.mark.parametrize("role, organisation, expected", [
    (Role.FACILITATOR, None, "Animation du pôle Le Damier"),
    (Role.RESOURCE_PERSON, None, "Personne ressource"),
    (Role.LAWYER, None, "Conseil juridique Juri-PTCE"),
    (Role.ORGANISER, OrganisationKind.AVISE, "Équipe d'animation du réseau (Avise)"),
    (Role.ORGANISER, None, "Équipe d'animation du réseau"),
    (Role.ADMIN, None, "Administration d'Entrepairs"),
])
def test_own_role_beside_own_name_has_no_gender_mark(client, login, make_user, make_pole, db,
                                                     role, organisation, expected):
    user = make_user(role, name="Camille Rouvier",
                     pole=make_pole("Le Damier") if role is Role.FACILITATOR else None)
    if organisation is not None:
        user.organisation = Organisation(kind=organisation, name=organisation.label)
        db.commit()
    login(user)
    line = _line_with_name(client, user).replace("&#39;", "'")
    assert line == f"<p>Camille Rouvier — {expected}</p>"
    assert not GENDER_MARK.search(line)


def test_a_facilitator_without_a_pole_yet(client, login, make_user):
    user = make_user(Role.FACILITATOR, name="Thomas Girard")
    login(user)
    assert _line_with_name(client, user) == "<p>Thomas Girard — Animation de PTCE</p>"


def test_a_lawyer_s_own_pages_name_her_profile_without_gender_mark(client, login, make_user):
    login(make_user(Role.LAWYER))
    space = page_html(client.get("/mon-espace"))
    assert "Mon profil Juri-PTCE (cabinet, spécialités)" in space and "avocat·e (" not in space
    profile = page_html(client.get("/avocat/profil"))
    assert "<h1>Mon profil Juri-PTCE</h1>" in profile
