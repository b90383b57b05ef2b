"""Juri-PTCE is offered to those who may book (facilitators, organisers) and to lawyers (their afternoons);
a resource person is never sent to the booking page, which refuses her (walk 3)."""

from __future__ import annotations

import pytest

from models import Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web


def test_a_resource_person_is_not_sent_to_a_booking_page_that_refuses_her(client, login, make_resource_person):
    person = make_resource_person()
    login(person.user)
    assert client.get("/juri-ptce/").status_code == 403  # the rule the links follow

    for url in ("/mon-espace", "/juri-ptce/mes-rendez-vous", "/calendrier/", "/agenda"):
        page = page_html(client.get(url))
        assert 'href="/juri-ptce/"' not in page, url
        assert 'href="/juri-ptce/mes-rendez-vous"' not in page or url == "/juri-ptce/mes-rendez-vous", url
    assert ">Juri-PTCE</a>" not in page_html(client.get("/agenda"))


def test_a_facilitator_is_offered_booking_and_her_appointments(client, login, make_user, make_pole):
    login(make_user(Role.FACILITATOR, pole=make_pole()))
    space = page_html(client.get("/mon-espace"))
    assert '<a href="/juri-ptce/">Juri-PTCE</a>' in space
    # « Mes rendez-vous » alone read as every appointment (sessions, visits): it lists the Juri-PTCE ones.
    assert 'href="/juri-ptce/mes-rendez-vous">Mes rendez-vous Juri-PTCE</a>' in space
    assert 'href="/juri-ptce/">Réserver un créneau</a>' in page_html(client.get("/juri-ptce/mes-rendez-vous"))
    assert 'href="/juri-ptce/mes-rendez-vous">Mes rendez-vous Juri-PTCE</a>' in page_html(client.get("/calendrier/"))


def test_a_lawyer_is_sent_to_her_afternoons(client, login, make_lawyer):
    lawyer = make_lawyer()
    login(lawyer.user)
    space = page_html(client.get("/mon-espace"))
    assert '<a href="/juri-ptce/mes-creneaux">Juri-PTCE</a>' in space
    assert 'href="/juri-ptce/mes-creneaux">Mes créneaux Juri-PTCE</a>' in space
    assert 'href="/juri-ptce/mes-creneaux">Mes créneaux Juri-PTCE</a>' in page_html(client.get("/calendrier/"))


def test_the_lawyer_can_write_to_whoever_booked(client, login, make_lawyer, make_slot, make_user, make_pole, db):
    """Walk 3: the booker's address on the slot's page was plain text."""
    from app.legal import services

    lawyer = make_lawyer()
    slot = make_slot(lawyer)
    booker = make_user(Role.FACILITATOR, pole=make_pole(), email="camille@exemple.fr")
    services.book_slot(slot_id=slot.id, booker=booker, question="Comment rédiger les statuts d'une SCIC ?",
                  idempotency_key="b" * 32)
    db.commit()
    login(lawyer.user)
    page = page_html(client.get(f"/juri-ptce/creneaux/{slot.id}"))
    assert '(<a href="mailto:camille@exemple.fr">camille@exemple.fr</a>)' in page
