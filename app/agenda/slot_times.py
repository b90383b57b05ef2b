"""Changing the time of a slot of a published collective session, and telling the people who signed up.

Registered people get the new time with the updated calendar file (same UID, higher SEQUENCE: their
calendar moves the entry); people on the waitlist get the new time, to decide whether to keep waiting.

A registration deadline that the new time puts after the first slot's start is dropped, with a word to the
organiser: registrations then close at the start, as for a session published without one. Refusing instead
would make her correct the deadline before she may move the slot, for a date she set to close registrations
a little before the session — which the start now does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.agenda.mails import message_key, reachable, send_message, signed_up, tell_registrant
from app.agenda.rules import AgendaRefused, check_runs, deadline_problem, message_to_registrants, unread_message
from app.agenda.services import locked_session
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.refused import Problem
from app.scheduling.horizon import TOO_FAR, too_far
from app.scheduling.meetings import meeting_title, move_meeting
from app.templating import format_range
from app.transactions import transactional
from models import CollectiveSession, Meeting, MeetingStatus, User, utcnow

#: A new time already past (said beside the date, with the form's own errors: ``SlotTimeForm.rule_problems``).
NOT_TO_COME = "Choisissez un moment à venir."


def time_problems(starts_at: datetime, ends_at: datetime | None, now: datetime) -> list[Problem]:
    """What is wrong with new times for a slot (UTC naive): a start already past, an end that does not follow it.
    Asked by ``move_slot`` and, with the fields' own checks, by the form (``SlotTimeForm.rule_problems``)."""
    problems = []
    if starts_at <= now:
        problems.append(Problem(NOT_TO_COME, "day"))
    elif too_far(starts_at, now):
        problems.append(Problem(TOO_FAR, "day"))
    if ends_at is not None and ends_at <= starts_at:
        problems.append(Problem("La fin doit suivre le début.", "end"))
    return problems


def _shown_times(slot: Meeting) -> str:
    return format_range(slot.starts_at, slot.ends_at, slot.timezone)


#: What the form of a slot's time shows (two organisers of a session may change it at once).
SLOT_TIME_EDIT = Editable("collective_slot_time", "L'horaire de ce créneau a été modifié", {
    "times": ("Horaire", _shown_times),
})


def slot_of(session: CollectiveSession, slot_id: int) -> Meeting | None:
    return next((slot for slot in session.slots if slot.id == slot_id), None)


def slot_title(session: CollectiveSession, number: int) -> str:
    """A slot's calendar title, numbered as ``publish`` numbers them (« … (créneau 2) » when there are several)."""
    return meeting_title(session.title, tail=f" (créneau {number})") if len(session.slots) > 1 else session.title


@dataclass(frozen=True)
class SlotMoved:
    """What a time change did: how many people were told (``None``: the time was the same), whether the
    registration deadline, now after the first slot's start, was dropped, and how many got the organisers'
    message on its own (the time unchanged)."""

    told: int | None
    deadline_dropped: bool = False
    written: int = 0


@transactional
def move_slot(*, session_id: int, slot_id: int, organiser: User, starts_at: datetime, ends_at: datetime,
              opened: str | None = None, message: str | None = None) -> SlotMoved:
    """Give a slot still to come new times (UTC naive) and tell the registered and waitlisted people, with
    ``message``, the organisers' optional word (« Message aux inscrit·es »).

    Refuses (``AgendaRefused``, each problem naming its field) a time already past, an end before the start or
    a message too long; ``EditConflict`` when the slot's time changed since the form was opened.
    """
    message = message_to_registrants(message)
    session = locked_session(session_id)
    check_runs(session, organiser)
    slot = slot_of(session, slot_id)
    if slot is None:
        raise AgendaRefused("Ce créneau n'appartient pas à cette session.")
    if session.cancelled_at is not None:
        raise AgendaRefused("Cette session est annulée : ses horaires ne changent plus.")
    if slot.status is MeetingStatus.CANCELLED:
        raise AgendaRefused("Ce créneau est annulé : son horaire ne change plus.")
    now = utcnow()
    if slot.starts_at <= now:
        raise AgendaRefused("Ce créneau a commencé : son horaire ne change plus.")
    problems = time_problems(starts_at, ends_at, now)
    if unread := unread_message(session, message):
        problems.append(unread)
    if problems:
        raise AgendaRefused.of(problems)
    check_and_stamp(SLOT_TIME_EDIT, slot, opened=opened, by=organiser)
    if (slot.starts_at, slot.ends_at) == (starts_at, ends_at):  # a message typed still leaves, on its own
        return SlotMoved(told=None, written=send_message(session, message, key=message_key(opened, message)))
    previous = (slot.starts_at, slot.ends_at)
    times = {other.id: (other.starts_at, other.ends_at) for other in session.slots} | {slot.id: (starts_at, ends_at)}
    in_order = sorted(session.slots, key=lambda other: times[other.id])  # numbered as at publication
    for number, other in enumerate(in_order, start=1):
        move_meeting(meeting=other, starts_at=times[other.id][0], ends_at=times[other.id][1],
                     title=slot_title(session, number))
    db.session.expire(session, ["slots"])  # read again in their new order
    dropped = deadline_problem(session.registration_deadline, session.starts_at) is not None
    if dropped:
        session.registration_deadline = None  # registrations close at the start
    told = reachable(session)
    for registration in told:
        tell_registrant(session, registration, "moved", suffix=f":{slot.id}:{slot.ical_sequence}",
                        moved=slot, previous=previous, message=message)
    return SlotMoved(told=len(told), deadline_dropped=dropped)


#: Said after the notice when the new time dropped the registration deadline.
DEADLINE_DROPPED = ("La date limite d'inscription tombait après le nouveau début : les inscriptions fermeront "
                    "au début du premier créneau.")


def moved_notice(moved: SlotMoved) -> tuple[str, str]:
    """The notice after the form (message, category)."""
    told = moved.told
    if told is None and moved.written:
        return f"L'horaire n'a pas changé ; votre message est envoyé par e-mail à {signed_up(moved.written)}.", "success"
    if told is None:
        return "L'horaire n'a pas changé.", "info"
    if told == 0:
        notice = "L'horaire du créneau est changé."
    else:
        people = "la personne inscrite ou en attente est prévenue" if told == 1 else \
            f"les {signed_up(told)} sont prévenues"
        notice = f"L'horaire du créneau est changé ; {people} par e-mail, avec le fichier d'agenda mis à jour."
    return (f"{notice} {DEADLINE_DROPPED}" if moved.deadline_dropped else notice), "success"
