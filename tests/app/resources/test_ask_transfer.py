"""A facilitator reading another pole's resource person: the next step is a transfer request, never a dead end."""

from __future__ import annotations

import html

import pytest

from models import Need, NeedKind, Offer, Role

pytestmark = pytest.mark.web


@pytest.fixture
def person(db, make_user, make_resource_person):
    profile = make_resource_person(user=make_user(Role.RESOURCE_PERSON, name="Hervé Étienne"))
    offer = Offer(resource_person=profile, title="Transformer une CAE en SCIC", text="Statuts, collèges, sociétariat. " * 3)
    db.add(offer)
    db.commit()
    return profile, offer


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def test_the_profile_and_the_offer_lead_to_a_request_for_each_open_need(client, login, db, coordination_need,
                                                                        person):
    profile, offer = person
    legal = Need(pole=coordination_need.pole, author=coordination_need.author, title="Un bail à relire",
                 text="Quel contrat pour sous-louer une partie du tiers-lieu ?", kind=NeedKind.LEGAL)
    db.add(legal)
    db.commit()
    login(coordination_need.author)
    request = f"/transferts/demander?need_id={coordination_need.id}&resource_person_id={profile.id}"
    page = _page(client, f"/personnes-ressources/{profile.id}")
    assert "Demander un transfert à Hervé Étienne" in page and f'href="{request}"' in page
    assert "Un bail à relire" not in page  # a legal question goes to the Juri-PTCE lawyers
    page = _page(client, f"/personnes-ressources/offres/{offer.id}")
    assert f'href="{request}&offer_id={offer.id}"' in page.replace("&amp;", "&")
    assert "Demander un transfert à Hervé Étienne" in _page(client, f"{request}&offer_id={offer.id}")


def test_without_an_open_need_the_page_says_to_publish_one(client, login, make_user, make_pole, person):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    page = _page(client, f"/personnes-ressources/{person[0].id}")
    assert "votre pôle n'a pas de besoin ouvert" in page and f'href="/poles/{pole.id}/besoins/nouveau"' in page


@pytest.mark.parametrize("reader", ["the person", "an organiser", "a facilitator of the person's pole"])
def test_no_request_offered_to_the_person_an_organiser_or_the_persons_own_pole(client, login, make_user, make_pole,
                                                                               db, person, reader):
    profile, _ = person
    profile.pole = make_pole()
    db.commit()
    login({"the person": profile.user, "an organiser": make_user(Role.ORGANISER),
           "a facilitator of the person's pole": make_user(Role.FACILITATOR, pole=profile.pole)}[reader])
    assert "Demander un transfert" not in _page(client, f"/personnes-ressources/{profile.id}")
