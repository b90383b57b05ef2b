"""The host pole's facilitators are told that their pole hosts a visit (walk 5: the organiser created a visit at
the Lauragais; its facilitator got no mail, no notice, and nothing in « Mon espace » led to the visit)."""

from __future__ import annotations

from sqlalchemy import select

from app.typography import of_pole
from models import Notification, OutboxMessage
from tests.app.far_dates import next_january_tuesday

#: A Tuesday of next January (the visit's two days: Tuesday and Wednesday); a date written in full once passed.
TUESDAY = next_january_tuesday()
DAYS = f"les {TUESDAY.day} et {TUESDAY.day + 1} janvier {TUESDAY.year}"


def test_the_host_gets_a_mail_and_a_notice(db, network, make_visit):
    visit = make_visit(start=TUESDAY)
    host = network.host_facilitator
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == host.id))
    assert mail is not None
    assert mail.subject == f"Votre pôle accueille la visite apprenante «\u00a0{visit.title}\u00a0»"
    body = " ".join(mail.body.split())
    assert f"{of_pole(network.host.name, 'Le')} accueille la visite apprenante" in body.replace("\u00a0", " ")
    assert DAYS in body and f"/visites/{visit.id}" in body
    notice = db.scalar(select(Notification).where(Notification.user_id == host.id))
    assert notice is not None and notice.url == f"/visites/{visit.id}"


def test_the_host_mail_gives_the_days_hours_that_never_break(db, network, make_visit):
    """« de 9 h à 17 h 30 puis de 9 h à 16 h » was typed in the mail with plain spaces (« 17 » could end a line, « h
    30 » start the next); it is now written from the visit's hours (``DAY_HOURS``) as every time is."""
    make_visit(start=TUESDAY)
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == network.host_facilitator.id))
    assert "Les deux journées vont de\u00a09\u00a0h à\u00a017\u00a0h\u00a030 puis de\u00a09\u00a0h à\u00a016\u00a0h." in mail.body


def test_a_pole_named_pole_is_not_called_pole_twice(db, network, make_visit):
    """« Votre pôle « Pôle des Garrigues » accueille… » (walk 19b) → « Le Pôle des Garrigues accueille… »."""
    network.host.name = "Pôle des Garrigues"
    db.commit()
    make_visit(start=TUESDAY)
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == network.host_facilitator.id))
    body = " ".join(mail.body.split()).replace("\u00a0", " ")
    assert "Le Pôle des Garrigues accueille la visite apprenante" in body and "pôle « Pôle" not in body
