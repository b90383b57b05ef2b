"""A visit's page says where it happens as French does: « Chez le Pôle de la Friche », « chez le pôle Paris Mix »
(it read « Chez Pôle de la Friche », the article missing before a pole's name)."""

from __future__ import annotations

import re

import pytest

from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def _words(response) -> str:
    return re.sub(r"<[^>]+>", "", page_text(response))


def test_the_host_is_named_with_its_article(client, login, network, make_visit, db):
    visit = make_visit()
    login(network.organiser)
    assert "Chez le Pôle de la Friche (Occitanie)" in _words(client.get(f"/visites/{visit.id}"))
    network.host.name = "Paris Mix"
    db.commit()
    assert "Chez le pôle Paris Mix (Occitanie)" in _words(client.get(f"/visites/{visit.id}"))


def test_the_invitation_and_the_agenda_say_chez_le(client, db, login, network, make_visit):
    from sqlalchemy import select

    from models import OutboxMessage

    make_visit()
    invited = network.facilitators[0]
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == invited.id))
    assert "chez le Pôle de la Friche (Occitanie)" in " ".join(mail.body.split())
    login(invited)
    assert "chez le Pôle de la Friche" in _words(client.get("/agenda"))
