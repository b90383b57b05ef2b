"""Whoever leaves the waitlist gets the calendar entry the others get in the same change, at the same SEQUENCE
(walk 6: the person promoted by « Modifier la session » got an .ics one SEQUENCE below the « Session modifiée » of
everyone else, because its file was written before the slots' participants were, and the participants move the
SEQUENCE once more; a calendar that keeps the highest SEQUENCE could then drop the next update as stale)."""

from __future__ import annotations

import dataclasses

from icalendar import Calendar
from sqlalchemy import select

from app.agenda import edits, services
from models import CollectiveSession, Meeting, OutboxMessage, Role


def _sequences(message: OutboxMessage) -> dict[str, int]:
    """The SEQUENCE of each event of a mail's .ics, by UID."""
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in Calendar.from_ical(message.attachment_data).walk("VEVENT")}


def _mail(db, event: str, user_id: int) -> OutboxMessage:
    return db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(f":{event}"),
                                                  OutboxMessage.recipient_id == user_id)).one()


def _stored(db, session: CollectiveSession) -> dict[str, int]:
    db.expire_all()
    return {slot.ical_uid: slot.ical_sequence for slot in db.get(CollectiveSession, session.id).slots}


def test_an_edit_that_promotes_gives_the_promoted_person_the_sequence_of_the_others(
        db, publish, organiser, make_user, make_pole):
    session = publish(online=False, video_url=None, place="Maison des associations, Lyon", capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    stored = edits.SessionChanges(
        title=session.title, description=session.description, speakers=session.speakers,
        theme_codes=[t.code for t in session.themes], online=session.online, video_url=session.video_url,
        place=session.place, departement_code=session.departement_code, capacity=session.capacity,
        registration_deadline=session.registration_deadline)

    edited = edits.edit_session(session_id=session.id, organiser=organiser, changes=dataclasses.replace(
        stored, place="Hôtel de région, salle 4, Lyon", capacity=2))

    assert (edited.told, edited.promoted) == (1, 1)
    final = _stored(db, session)
    assert _sequences(_mail(db, "changed", seated.id)) == final
    assert _sequences(_mail(db, "promoted", waiting.id)) == final  # was one below


def test_a_seat_freed_by_someone_leaving_reaches_the_next_person_at_the_stored_sequence(
        db, publish, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)

    services.unregister(session_id=session.id, user=seated)

    final = _stored(db, session)
    assert _sequences(_mail(db, "promoted", waiting.id)) == final
    assert _sequences(_mail(db, "unregistered", seated.id)) == final  # the CANCEL is not older than the entry
    assert {p.user_id for p in db.get(Meeting, session.slots[0].id).participants} == {waiting.id}
