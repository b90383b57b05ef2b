"""A pole about to ask a resource person whose year is full reads it before writing its message (walk of 6 December
2026, a resource person's year: her offer page listed « Pour le besoin … », the request form took the message, and
only the sending said « n'a plus de disponibilité cette année »)."""

from __future__ import annotations

import html
import re

import pytest

from app.scheduling.wall_clock import year_of
from app.transfers import services
from models import Offer, utcnow

pytestmark = pytest.mark.web


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True))).replace("\u00a0", " ")


def _full(scene) -> str:
    """The finance person (one transfer a year) takes the other pole's need: no place left this year."""
    services.propose_pairing(need=scene.food_need, person=scene.finance, organiser=scene.organiser)
    name = scene.finance.user.display_name
    return (f"{name} n'a plus de disponibilité cette année (1 transfert par an, déjà engagé) : vous pourrez lui "
            f"demander un transfert à partir du 1er janvier {year_of(utcnow()) + 1}.")


def test_the_persons_and_offers_pages_say_the_year_is_full_instead_of_asking(client, login, db, scene):
    said = _full(scene)
    offer = db.query(Offer).filter_by(resource_person_id=scene.finance.id).first()
    login(scene.facilitator)
    for url in (f"/personnes-ressources/{scene.finance.id}", f"/personnes-ressources/offres/{offer.id}"):
        page = _words(client.get(url))
        assert said in page
        assert "/transferts/demander?" not in page  # no request that can only be refused
        assert f'href="/besoins/{scene.finance_need.id}"' in page  # the need's page, with its other suggestions


def test_the_request_form_says_it_before_the_message_is_written(client, login, scene):
    said = _full(scene)
    login(scene.facilitator)
    page = _words(client.get(f"/transferts/demander?need_id={scene.finance_need.id}"
                             f"&resource_person_id={scene.finance.id}"))
    assert said in page and "Envoyer la demande" not in page and "Revenir au besoin" in page


def test_a_person_with_a_place_left_is_asked_as_before(client, login, scene):
    login(scene.facilitator)
    page = _words(client.get(f"/personnes-ressources/{scene.finance.id}"))
    assert "n'a plus de disponibilité" not in page and "/transferts/demander?" in page


def test_a_person_at_zero_is_not_promised_for_the_first_of_january(client, login, db, scene):
    """Capacity zero frees nobody on 1 January (walk of 7 December 2026: « vous pourrez lui demander un transfert à
    partir du 1er janvier » for a person who had set zero)."""
    scene.finance.yearly_capacity = 0
    db.commit()
    login(scene.facilitator)
    page = _words(client.get(f"/personnes-ressources/{scene.finance.id}"))
    name = scene.finance.user.display_name
    assert (f"{name} ne prend pas de transfert pour le moment (aucun transfert par an) : la page de votre besoin "
            "suggère d'autres personnes ressources.") in page
    assert "1er janvier" not in page and "/transferts/demander?" not in page
