"""A session in a calendar leads to its page, where the connection link is given (walk 6: the webinar's event, in
the mail's .ics, the downloaded file and the feeds, said neither where nor how to join: no link, no place)."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import select

from app.agenda import services
from app.agenda.feed import public_agenda_ics
from app.scheduling.feeds import feed_for
from models import OutboxMessage


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def _leads_to_page(event, session_id: int, *, online: bool = True) -> None:
    page = f"/agenda/{session_id}"
    assert str(event["URL"]).endswith(page)
    description = str(event["DESCRIPTION"])
    assert "Sur Entrepairs\u00a0: " in description and description.endswith(page)
    assert ("lien de connexion est donné sur sa page" in description) is online


def test_every_calendar_of_an_online_session_leads_to_its_page(client, db, login, publish, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.key.endswith(":registered"))).one()
    _leads_to_page(_events(mail.attachment_data)[0], session.id)
    login(facilitator)
    _leads_to_page(_events(client.get(f"/agenda/{session.id}/session.ics").data)[0], session.id)
    assert "visio" not in client.get(f"/agenda/{session.id}/session.ics").get_data(as_text=True)
    _leads_to_page(next(e for e in _events(feed_for(facilitator)) if str(e["SUMMARY"]) == session.title),
                   session.id, online=False)  # a person's feed: the page, without the words of each kind
    _leads_to_page(_events(public_agenda_ics())[0], session.id)


def test_an_in_person_session_leads_to_its_page_and_says_its_place(db, publish, facilitator):
    session = publish(online=False, video_url=None, place="Maison de l'ESS, Toulouse")
    services.register(session_id=session.id, user=facilitator)
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.key.endswith(":registered"))).one()
    event = _events(mail.attachment_data)[0]
    _leads_to_page(event, session.id, online=False)
    assert str(event["LOCATION"]) == "Maison de l'ESS, Toulouse"


def test_the_reminder_of_an_online_session_says_how_to_join(db, publish, facilitator):
    """The reminder, the day before, said when, and neither where nor how to join a webinar."""
    from datetime import timedelta

    from app.scheduling.reminders import enqueue_due_reminders

    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = session.slots[0]
    assert enqueue_due_reminders(now=slot.starts_at - timedelta(hours=20)) == 1
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":reminder:"))).one()
    body = mail.body.replace("\u00a0", " ")
    assert "Session en ligne : le lien de connexion est donné sur sa page quelques heures avant le début." in body
    assert f"La session : http://entrepairs.test/agenda/{session.id}" in body
    _leads_to_page(_events(mail.attachment_data)[0], session.id, online=False)
