"""Roles said in each context without a gender mark about one person (``app/auth/role_names.py``): sign-up,
the invitation form and its mail; groups in the plural of the site's inclusive style."""

from __future__ import annotations

import re

import pytest

from app.auth import role_names
from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from models import Organisation, OrganisationKind, Role
from tests.app.html_parts import GENDER_MARK, page_text, select_options



def test_every_role_is_said_for_one_person_and_for_a_group():
    assert set(role_names.ONE_PERSON) == set(role_names.GROUP) == set(Role)
    assert not any(GENDER_MARK.search(name) for name in role_names.ONE_PERSON.values())
    assert role_names.role_group(Role.RESOURCE_PERSON) == "Personnes ressources"
    assert role_names.role_group(Role.LAWYER) == "Avocat·es Juri-PTCE"


@pytest.mark.web
def test_sign_up_says_what_one_comes_to_do_without_a_gender_mark(client):
    page = page_text(client.get("/compte/inscription"))
    fieldset = re.search(r"<legend[^>]*>Je m'inscris pour.*?</fieldset>", page, re.S).group(0)
    labels = [re.sub(r"\s+", " ", label).strip() for label in re.findall(r"<label[^>]*>([^<]+)</label>", fieldset)]
    assert labels == ["Animer un PTCE (je décris mon pôle et ses besoins)",
                      "Transmettre un savoir-faire (personne ressource)"]
    assert not GENDER_MARK.search(fieldset)


@pytest.mark.web
def test_invitation_form_and_mail_say_the_role_as_a_function(app, client, csrf, login, make_user):
    login(make_user(Role.ORGANISER))
    page = page_text(client.get("/compte/inviter"))
    assert select_options(page, "role") == ["Conseil juridique Juri-PTCE", "Équipe d'animation du réseau"]
    response = client.post("/compte/inviter", data={
        "csrf_token": csrf("/compte/inviter"), "display_name": "Maître Dupont", "email": "dupont@avocats.fr",
        "role": "lawyer"})
    assert response.status_code == 302
    deliver_all_due()
    body = memory_outbox(app)[-1].get_content()
    sentence = re.search(r"vous invite à rejoindre Entrepairs[^.]*\.", " ".join(body.split())).group(0)
    assert sentence == ("vous invite à rejoindre Entrepairs, le service d'échanges entre pairs des PTCE, "
                        "pour y tenir des créneaux de conseil juridique Juri-PTCE.")


def test_an_organiser_is_invited_into_the_network_team_of_its_organisation():
    avise = Organisation(kind=OrganisationKind.AVISE, name="Avise")
    assert role_names.invited_as(Role.ORGANISER, avise) == "au sein de l'équipe d'animation du réseau (Avise)"
    assert role_names.invited_as(Role.LAWYER, avise) == "pour y tenir des créneaux de conseil juridique Juri-PTCE"
