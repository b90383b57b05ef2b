"""iCalendar files for any meeting: stable UID, SEQUENCE on change, METHOD:CANCEL.

iTIP (RFC 5546) asks every scheduling message for an ORGANIZER, and a REQUEST or CANCEL for its
ATTENDEEs; a published feed has an ORGANIZER and no ATTENDEE. The organizer is Entrepairs itself
(the site's sender address): the site, not a participant, sends every update of a meeting. The
attendees are the meeting's participants (the host chairs), already committed to it, so no
reply is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, UTC
from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText
from werkzeug.wrappers import Response

from app.notifications.outbox import Attachment
from models import ParticipantRole, Meeting, MeetingStatus, User

PRODID = "-//Entrepairs//Rencontres PTCE//FR"
#: The one Content-Type of every .ics answer (Werkzeug adds no second charset to a full content type).
CONTENT_TYPE = "text/calendar; charset=utf-8"


def _organizer() -> vCalAddress:
    name, address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or "Entrepairs")
    return organizer


def _attendee(user: User, *, chair: bool = False) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{user.email}")
    attendee.params["cn"] = vText(user.display_name)
    attendee.params["role"] = vText("CHAIR" if chair else "REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    return attendee


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def meeting_event(meeting: Meeting, *, cancelled: bool = False, description: str | None = None,
                  attendees: Iterable[User] = (), page_url: str | None = None, summary: str | None = None) -> Event:
    """The VEVENT of ``meeting``; ``cancelled`` also when only this person's booking was cancelled. ``page_url``:
    the meeting's page on the site, in the description and as the event's URL when it has no video link (walk 6:
    a webinar's event in a calendar led nowhere, its connection link being on its page only). ``summary``: its
    title as this reader needs it, instead of the meeting's own."""
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.ical_sequence)
    event.add("dtstamp", _utc(meeting.updated_at or meeting.created_at))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", summary or meeting.title)
    text = description if description is not None else meeting.description
    if meeting.video_url:
        text = f"{text}\n\nVisioconférence : {meeting.video_url}".strip()
        event.add("url", meeting.video_url)
    if page_url:
        text = f"{text}\n\nSur Entrepairs\u00a0: {page_url}".strip()
        if not meeting.video_url:
            event.add("url", page_url)
    if text:
        event.add("description", text)
    if meeting.location:
        event.add("location", meeting.location)
    is_cancelled = cancelled or meeting.status is MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("organizer", _organizer(), encode=0)
    attendees = list(attendees)
    if attendees:  # a published feed has none: its meetings' participants are not loaded
        hosts = {p.user_id for p in meeting.participants if p.role is ParticipantRole.HOST}
        for user in attendees:
            event.add("attendee", _attendee(user, chair=user.id in hosts), encode=0)
    return event


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def meeting_ics(meeting: Meeting, *, cancelled: bool = False, description: str | None = None,
                attendees: Iterable[User] | None = None, page_url: str | None = None) -> bytes:
    """One meeting as an .ics file: METHOD:REQUEST, or METHOD:CANCEL when cancelled.

    ``attendees``: the meeting's participants unless given (a cancelled booking has none left:
    its caller names who is told).
    """
    is_cancelled = cancelled or meeting.status is MeetingStatus.CANCELLED
    if attendees is None:
        attendees = [p.user for p in meeting.participants if p.user is not None]
    calendar = _calendar("CANCEL" if is_cancelled else "REQUEST")
    calendar.add_component(meeting_event(meeting, cancelled=is_cancelled, description=description,
                                         attendees=attendees, page_url=page_url))
    return calendar.to_ical()


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) made of ``events``."""
    calendar = _calendar("PUBLISH", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def meetings_ics(meetings: Iterable[Meeting], *, cancelled: bool = False, attendees: Iterable[User] = (),
                 description: str | None = None, page_url: str | None = None) -> bytes:
    """Several meetings (the slots of one collective session) in one file: METHOD:REQUEST or CANCEL."""
    people = list(attendees)
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, cancelled=cancelled, attendees=people,
                                             description=description, page_url=page_url))
    return calendar.to_ical()


def mail_attachment(filename: str, write: Callable[[], bytes]) -> Attachment:
    """An .ics to attach to a mail, written by ``write`` when the mail is queued and again when the unit of work
    commits (``app.notifications.outbox.enqueue``). Every mail of one change then carries the SEQUENCE the meetings
    end it with, whatever the order of the steps: a person promoted from a waitlist is told before the slots'
    participants are written, and writing them moves the SEQUENCE once more (``meetings.set_participants``)."""
    return (filename, "text/calendar", write)


def ics_response(body: bytes, *, filename: str | None = None, inline: bool = False,
                 headers: dict[str, str] | None = None) -> Response:
    """An .ics answer: ``filename`` offered as a download (``inline``: opened in place), extra ``headers``."""
    extra = dict(headers or {})
    if filename is not None:
        extra["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return Response(body, content_type=CONTENT_TYPE, headers=extra)
