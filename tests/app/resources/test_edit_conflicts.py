"""A resource person's profile and offers edited twice at once: the second save does not overwrite the first."""

from __future__ import annotations

import html

import pytest

from models import Offer, ResourcePerson, Role, Theme
from tests.app.edit_forms import duplicate_ids, open_form, signed_in

pytestmark = pytest.mark.web


@pytest.fixture
def offer(db, make_resource_person, make_user) -> Offer:
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Mireille Castagne"))
    offer = Offer(resource_person=person, title="Monter une SCIC de territoire",
                  text="J'ai accompagné trois pôles dans le passage en SCIC, statuts et gouvernance compris.",
                  themes=[db.get(Theme, "modele_economique")])
    db.add(offer)
    db.commit()
    return offer


def test_an_offer_edited_by_its_person_and_an_organiser_keeps_the_first_save(app, client, login, db, offer, make_user):
    login(offer.resource_person.user)
    other = signed_in(app, make_user(Role.ORGANISER, name="Agnès Avise"))
    url = f"/personnes-ressources/offres/{offer.id}/modifier"
    mine, theirs = open_form(client, url), open_form(other, url)
    assert duplicate_ids(client.get(url).get_data(as_text=True)) == []
    theirs["themes"] = ["modele_economique", "gouvernance_cooperative"]
    assert other.post(url, data=theirs).status_code == 302
    mine["title"] = ["Passer en SCIC"]
    page = html.unescape(client.post(url, data=mine).get_data(as_text=True))
    assert "Cette offre a été modifiée par Agnès Avise le " in page
    assert "<dt>Thèmes</dt>" in page and "<dt>Titre de l'offre</dt>" not in page
    assert 'value="Passer en SCIC"' in page
    db.expire_all()
    stored = db.get(Offer, offer.id)
    assert stored.title == "Monter une SCIC de territoire" and len(stored.themes) == 2


def test_a_profile_saved_in_two_windows_keeps_the_first_save(client, login, db, make_resource_person):
    person = make_resource_person()
    login(person.user)
    url = "/personnes-ressources/mon-profil"
    first, second = open_form(client, url), open_form(client, url)
    first["availability"] = ["Le mardi et le jeudi."]
    assert client.post(url, data=first).status_code == 302
    second["bio"] = ["Vingt ans dans l'économie sociale."]
    page = html.unescape(client.post(url, data=second).get_data(as_text=True))
    assert "Votre profil a été modifié par vous-même, dans une autre fenêtre, le " in page
    assert "<dt>Disponibilités</dt>" in page and "<dd>Le mardi et le jeudi.</dd>" in page
    db.expire_all()
    stored = db.get(ResourcePerson, person.id)
    assert stored.availability == "Le mardi et le jeudi." and stored.bio == ""
