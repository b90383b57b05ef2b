"""Every .ics says who organises and who attends (RFC 5546): parsed back with the icalendar library."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import select

import app as app_package
from app.scheduling.ics import feed_ics, ics_response, meeting_event, meeting_ics
from models import ParticipantRole, Role, Meeting, MeetingKind, MeetingParticipant, utcnow


def _meeting(db, make_user):
    host, guest = make_user(Role.RESOURCE_PERSON, name="Aurélie Host"), make_user(Role.FACILITATOR, name="Inès Invitée")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    meeting = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Transfert de savoir-faire (1)", starts_at=start,
                      ends_at=start + timedelta(hours=6), timezone="Europe/Paris", location="Angers")
    meeting.participants += [MeetingParticipant(user=host, role=ParticipantRole.HOST),
                             MeetingParticipant(user=guest, role=ParticipantRole.PARTICIPANT)]
    db.add(meeting)
    db.commit()
    return meeting, host, guest


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, next(c for c in calendar.walk() if c.name == "VEVENT")


def _attendees(event) -> dict[str, dict[str, str]]:
    values = event.get("attendee")
    values = values if isinstance(values, list) else [values]
    return {str(v): dict(v.params) for v in values}


def test_a_request_names_the_organizer_and_every_participant(app, db, make_user):
    meeting, host, guest = _meeting(db, make_user)
    calendar, event = _event(meeting_ics(meeting))
    assert calendar["method"] == "REQUEST"
    assert str(event["organizer"]) == "mailto:ne-pas-repondre@entrepairs.localhost"
    assert event["organizer"].params["cn"] == "Entrepairs"
    attendees = _attendees(event)
    assert set(attendees) == {f"mailto:{host.email}", f"mailto:{guest.email}"}
    assert attendees[f"mailto:{host.email}"]["ROLE"] == "CHAIR"
    assert attendees[f"mailto:{guest.email}"]["CN"] == "Inès Invitée"
    assert event["location"] == "Angers" and event["uid"] == meeting.ical_uid


def test_a_cancel_names_the_organizer_and_those_told(app, db, make_user):
    meeting, host, guest = _meeting(db, make_user)
    calendar, event = _event(meeting_ics(meeting, cancelled=True, attendees=[guest]))
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert "organizer" in event and set(_attendees(event)) == {f"mailto:{guest.email}"}


def test_a_published_feed_has_an_organizer_and_no_attendee(app, db, make_user):
    meeting, _, _ = _meeting(db, make_user)
    calendar, event = _event(feed_ics([meeting_event(meeting)], name="Mes rendez-vous"))
    assert calendar["method"] == "PUBLISH"
    assert "organizer" in event and "attendee" not in event


def test_a_cancelled_booking_still_names_who_attended(app, db, make_user, make_lawyer, make_slot):
    """Cancelling empties the slot's participants: the notice and the booking's .ics name the booker and lawyer."""
    from app.legal import services as legal
    from models import OutboxMessage

    lawyer = make_lawyer()
    booker = make_user(Role.FACILITATOR)
    booking = legal.book_slot(slot_id=make_slot(lawyer).id, booker=booker, idempotency_key="cle-1",
                              question="Comment rédiger les statuts de notre SCIC et ses collèges de vote ?").booking
    legal.cancel_booking(booking_id=booking.id, by=booker)
    notice = db.scalars(select(OutboxMessage).where(
        OutboxMessage.key == f"booking:{booking.id}:cancellation:user:{booker.id}")).one()
    calendar, event = _event(notice.attachment_data)
    assert calendar["method"] == "CANCEL" and "organizer" in event
    assert set(_attendees(event)) == {f"mailto:{booker.email}", f"mailto:{lawyer.user.email}"}


def test_an_ics_answer_says_its_charset_once(app):
    download = ics_response(b"BEGIN:VCALENDAR", filename="rencontre-3.ics")
    assert download.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert download.headers["Content-Disposition"] == 'attachment; filename="rencontre-3.ics"'
    feed = ics_response(b"BEGIN:VCALENDAR", headers={"Cache-Control": "private, max-age=300"})
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8" and "Content-Disposition" not in feed.headers
    assert ics_response(b"", filename="agenda.ics", inline=True).headers["Content-Disposition"].startswith("inline;")


def test_every_ics_route_answers_through_the_one_helper():
    """No view builds a text/calendar Response of its own (one of them said « charset=utf-8 » twice)."""
    root = Path(app_package.__file__).resolve().parent
    own = [f"{path.relative_to(root)}:{node.lineno}" for path in root.rglob("*views*.py")
           for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
           if isinstance(node, ast.Constant) and isinstance(node.value, str) and "text/calendar" in node.value]
    assert own == []
