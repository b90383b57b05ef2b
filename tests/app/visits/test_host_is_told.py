"""The host pole's facilitators are told that their pole hosts a visit (walk 5: the organiser created a visit at
the Lauragais; its facilitator got no mail, no notice, and nothing in « Mon espace » led to the visit)."""

from __future__ import annotations

from sqlalchemy import select

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
    assert f"Votre pôle « {network.host.name} » accueille la visite apprenante" in body.replace("\u00a0", " ")
    assert DAYS in body and f"/visites/{visit.id}" in body
    notice = db.scalar(select(Notification).where(Notification.user_id == host.id))
    assert notice is not None and notice.url == f"/visites/{visit.id}"
