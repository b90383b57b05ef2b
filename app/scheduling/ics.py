"""iCalendar files for any scheduled session: stable UID, SEQUENCE on change, METHOD:CANCEL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, UTC

from icalendar import Calendar, Event, vCalAddress, vText

from models import ScheduledSession, SessionStatus, User

PRODID = "-//Entrepairs//Rencontres PTCE//FR"


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def session_event(session: ScheduledSession, *, cancelled: bool = False,
                  description: str | None = None, attendees: Iterable[User] = ()) -> Event:
    """The VEVENT of ``session``; ``cancelled`` also when only this person's booking was cancelled."""
    event = Event()
    event.add("uid", session.ical_uid)
    event.add("sequence", session.ical_sequence)
    event.add("dtstamp", _utc(session.updated_at or session.created_at))
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", session.title)
    text = description if description is not None else session.description
    if session.video_url:
        text = f"{text}\n\nVisioconférence : {session.video_url}".strip()
        event.add("url", session.video_url)
    if text:
        event.add("description", text)
    if session.location:
        event.add("location", session.location)
    is_cancelled = cancelled or session.status is SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    for user in attendees:
        attendee = vCalAddress(f"mailto:{user.email}")
        attendee.params["cn"] = vText(user.display_name)
        event.add("attendee", attendee, encode=0)
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


def session_ics(session: ScheduledSession, *, cancelled: bool = False, description: str | None = None,
                attendees: Iterable[User] = ()) -> bytes:
    """One session as an .ics file: METHOD:REQUEST, or METHOD:CANCEL when cancelled."""
    is_cancelled = cancelled or session.status is SessionStatus.CANCELLED
    calendar = _calendar("CANCEL" if is_cancelled else "REQUEST")
    calendar.add_component(session_event(session, cancelled=is_cancelled, description=description,
                                         attendees=attendees))
    return calendar.to_ical()


def feed_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A subscribed calendar (METHOD:PUBLISH) made of ``events``."""
    calendar = _calendar("PUBLISH", name)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def meetings_ics(meetings: Iterable[ScheduledSession], *, cancelled: bool = False,
                 attendees: Iterable[User] = ()) -> bytes:
    """Several meetings (the slots of one collective session) in one file: METHOD:REQUEST or CANCEL."""
    people = list(attendees)
    calendar = _calendar("CANCEL" if cancelled else "REQUEST")
    for meeting in meetings:
        calendar.add_component(session_event(meeting, cancelled=cancelled, attendees=people))
    return calendar.to_ical()
