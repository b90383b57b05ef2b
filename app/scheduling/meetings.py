"""The scheduling backbone: write meetings, their times, their participants and their cancellation.

Every kind of meeting (Juri-PTCE slot, transfer day, visit day, slot of a collective session)
is a ``Meeting`` row: its iCalendar UID is stable and its SEQUENCE moves once per change,
reminders go to its participants (``reminders.py``), calendars read it (``feeds.py``). The
operations here are the only place that write those rows; they flush and leave the commit to
the calling service's unit of work (``app/transactions.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from app.extensions import db
from app.notifications.outbox import cancel_pending
from app.scheduling.reminders import reminder_prefix
from models import ParticipantRole, Meeting, MeetingKind, MeetingParticipant, MeetingStatus, utcnow

#: The most a meeting's title holds (its column): a longer one is cut (``create_meeting``) or shortened (``meeting_title``).
TITLE_LENGTH = Meeting.__table__.c.title.type.length


def meeting_title(typed: str, *, head: str = "", tail: str = "") -> str:
    """``head + typed + tail`` within a meeting's title length: the typed title is shortened (…), never what tells
    the meetings of one owner apart (« — jour 2 », « (créneau 3) »): cut at the end, the three slots of a
    session titled in 200 characters all read the same in a calendar."""
    room = TITLE_LENGTH - len(head) - len(tail)
    if len(typed) > room:
        typed = typed[:room - 1].rstrip() + "…"
    return head + typed + tail


def create_meeting(*, kind: MeetingKind, title: str, starts_at: datetime, ends_at: datetime,
                   timezone: str = "Europe/Paris", description: str = "", location: str | None = None,
                   video_url: str | None = None, **links: object) -> Meeting:
    """A new scheduled meeting (UTC naive times); ``links`` set its owner (``collective_session=…``)."""
    meeting = Meeting(kind=kind, title=title[:200], starts_at=starts_at, ends_at=ends_at, timezone=timezone,
                      description=description, location=location, video_url=video_url, **links)
    db.session.add(meeting)
    db.session.flush()
    return meeting


@dataclass(frozen=True)
class MeetingPlace:
    """Where or how a meeting takes place: a place in words (address, phone), a video link, or neither."""

    location: str | None = None
    video_url: str | None = None


_LINK = re.compile(r"https?://\S+")
#: A link typed without its « https:// » (« meet.jit.si/cabinet », « www.exemple.fr/visio »): a domain with a
#: dot and a name of letters, then a path; no space, so no address or phone number in words.
_BARE_LINK = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*", re.IGNORECASE)


def place_from_text(text: str | None, *, default_video_url: str | None = None) -> MeetingPlace:
    """A place said in one free text: a bare link (with or without « https:// ») is the video link (the .ics URL,
    « Visioconférence : … »),
    any other text is the place in words (the .ics LOCATION, « Lieu : … »); no text, the default link."""
    text = (text or "").strip()
    if not text:
        return MeetingPlace(video_url=default_video_url or None)
    if _LINK.fullmatch(text):
        return MeetingPlace(video_url=text)
    if _BARE_LINK.fullmatch(text):
        return MeetingPlace(video_url="https://" + text)
    return MeetingPlace(location=text)


def set_place(*, meetings: Iterable[Meeting], place: MeetingPlace) -> list[Meeting]:
    """Write ``place`` onto ``meetings``; the SEQUENCE of each one changed moves once (calendars update).
    Returns those that changed (the caller tells their participants in its own words)."""
    return [meeting for meeting in meetings if set_details(meeting=meeting, place=place)]


def set_details(*, meeting: Meeting, title: str | None = None, description: str | None = None,
                place: MeetingPlace | None = None) -> bool:
    """Write what ``meeting`` says of itself (``None``: unchanged): its title, its description, its place. The
    SEQUENCE moves once however many changed, so one corrected session is one calendar update. Returns whether
    anything changed; the caller tells the participants in its own words."""
    wanted = (title[:200] if title is not None else meeting.title,
              description if description is not None else meeting.description,
              place.location if place is not None else meeting.location,
              place.video_url if place is not None else meeting.video_url)
    if (meeting.title, meeting.description, meeting.location, meeting.video_url) == wanted:
        return False
    meeting.title, meeting.description, meeting.location, meeting.video_url = wanted
    meeting.ical_sequence += 1
    db.session.flush()
    return True


def move_meeting(*, meeting: Meeting, starts_at: datetime, ends_at: datetime, title: str | None = None) -> bool:
    """Give ``meeting`` new times (UTC naive) and, with ``title``, a new title; the SEQUENCE moves once (calendars
    update). The only place a start time changes, so the only one that cancels the reminders not yet sent (the
    next one is written for the new time: its key carries the start time, ``reminders.reminder_key``). Returns
    whether anything changed; the caller tells the participants in its own words."""
    title = title[:200] if title is not None else meeting.title
    if (meeting.starts_at, meeting.ends_at, meeting.title) == (starts_at, ends_at, title):
        return False
    moved = (meeting.starts_at, meeting.ends_at) != (starts_at, ends_at)
    meeting.starts_at, meeting.ends_at, meeting.title = starts_at, ends_at, title
    meeting.ical_sequence += 1
    db.session.flush()  # the row written (so locked) first: see ``set_participants``
    if moved:
        cancel_pending(db.session, key_prefix=reminder_prefix(meeting.id))
    return True


def set_participants(*, meeting: Meeting, wanted: Mapping[int, ParticipantRole], new: bool = False) -> bool:
    """Make ``meeting``'s participants exactly ``wanted`` (user id → role).

    The SEQUENCE moves once if anything changed (not for the first participants of a ``new``
    meeting: nobody has its calendar entry yet); leavers' pending reminders are cancelled.
    Returns whether anything changed.
    """
    current = {p.user_id: p for p in meeting.participants}
    leavers = [user_id for user_id in current if user_id not in wanted]
    changed = bool(leavers)
    for user_id in leavers:
        meeting.participants.remove(current[user_id])
    for user_id, participant in current.items():
        if user_id in wanted and participant.role is not wanted[user_id]:
            participant.role = wanted[user_id]
            changed = True
    for user_id, role in wanted.items():
        if user_id not in current:
            meeting.participants.append(MeetingParticipant(user_id=user_id, role=role))
            changed = True
    if changed and not new:
        meeting.ical_sequence += 1
    if changed:
        db.session.flush()
    # After the meeting's row is written (so locked): a reminder the job was writing for a leaver meanwhile is
    # committed by now, and cancelled here (``reminders.enqueue_due_reminders`` locks the row to write them).
    for user_id in leavers:
        cancel_pending(db.session, key_prefix=reminder_prefix(meeting.id, user_id))
    return changed


def cancel_meeting(*, meeting: Meeting, reason: str | None = None) -> None:
    """Cancel ``meeting``: status, SEQUENCE, pending reminders cancelled, and ``reason`` kept when this meeting
    alone is cancelled for one (``Meeting.cancel_reason``). The caller tells the people concerned in its own
    words, with the ICS CANCEL."""
    if meeting.status is MeetingStatus.CANCELLED:
        return
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason or None
    meeting.ical_sequence += 1
    db.session.flush()  # the row written (so locked) first: see ``set_participants``
    cancel_pending(db.session, key_prefix=reminder_prefix(meeting.id))


def reopen_meeting(*, meeting: Meeting) -> None:
    """Schedule a cancelled ``meeting`` again, with nobody attending yet: those who attended it were told it
    was cancelled, and they come back only by asking again. SEQUENCE moves once."""
    if meeting.status is MeetingStatus.SCHEDULED:
        return
    leavers = [participant.user_id for participant in meeting.participants]
    meeting.participants.clear()
    meeting.status = MeetingStatus.SCHEDULED
    meeting.ical_sequence += 1
    db.session.flush()  # the row written (so locked) first: see ``set_participants``
    for user_id in leavers:
        cancel_pending(db.session, key_prefix=reminder_prefix(meeting.id, user_id))


def attendance_opens_at(days: Iterable[Meeting]) -> datetime | None:
    """When who came to an event held over ``days`` (a collective session's slots, a learning visit's two days) may
    be noted: the start of its first day not cancelled (``Meeting.held_by``: a review counts it from then). None
    when every day is cancelled: nothing took place, nobody is noted."""
    starts = [day.starts_at for day in days if day.status is not MeetingStatus.CANCELLED]
    return min(starts) if starts else None


def attendance_open(days: Iterable[Meeting], *, now: datetime | None = None) -> bool:
    """May presences be noted at ``now`` (naive UTC, default the present)? Once a day of the event has begun: the
    rule of the sessions' « Inscrit·es et présences » page and of a learning visit's presences."""
    moment = now or utcnow()
    return any(day.held_by(moment) for day in days)
