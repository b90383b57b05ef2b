"""« Mon espace » lists the person's next meetings: collective sessions, visit days, Juri-PTCE consultations (walk
of 6 December 2026: a facilitator registered to a webinar, a learning visit and a Juri-PTCE slot found none of them
on her space, only a link to « Mes rendez-vous Juri-PTCE »; the transfer days already had their list)."""

from __future__ import annotations

import pytest

from app.agenda import services as agenda
from app.legal import services as legal
from tests.app.html_parts import page_html
from tests.app.agenda.conftest import facilitator, organiser, publish  # noqa: F401  (fixtures)

pytestmark = pytest.mark.web


def test_the_space_lists_sessions_and_consultations_to_come(client, login, db, facilitator, publish,  # noqa: F811
                                                           make_lawyer, make_slot):
    webinar = publish(title="Mutualiser des emplois")
    agenda.register(session_id=webinar.id, user=facilitator)
    slot = make_slot(make_lawyer("statuts"), days=12)
    legal.book_slot(slot_id=slot.id, booker=facilitator, idempotency_key="k" * 32,
                    question="Comment rédiger les statuts d'une SCIC avec trois collèges ?")
    login(facilitator)
    page = page_html(client.get("/mon-espace"))
    assert "Mes prochains rendez-vous" in page
    section = page[page.index("Mes prochains rendez-vous"):]
    assert f'href="/agenda/{webinar.id}">Mutualiser des emplois</a>' in section
    assert 'href="/juri-ptce/mes-rendez-vous">Rendez-vous Juri-PTCE avec' in section
    assert "(webinaire thématique)" in section and "(Juri-PTCE)" not in section
    assert section.index("Mutualiser des emplois") < section.index("Rendez-vous Juri-PTCE avec")  # soonest first


def test_nothing_to_come_no_section(client, login, facilitator):  # noqa: F811
    login(facilitator)
    assert "Mes prochains rendez-vous" not in client.get("/mon-espace").get_data(as_text=True)
