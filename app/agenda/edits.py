"""« Modifier la session »: correcting a published collective session that has not ended.

What registrants see in their calendar — the title, where it happens (a place, or online) — travels to
them: each registered person gets the new details with the updated .ics (same UID, SEQUENCE +1, written by
``app.scheduling.meetings.set_details``), each person on the waitlist the new details, and a notice under
the bell. A correction they cannot see in their calendar (the presentation, the speakers, the themes, the
video link, which is shown on the page only, a few hours before) is saved without a mail. More seats serve
the waitlist in order with the one promotion of the agenda (``services.fill_free_seats``); fewer seats than
people already registered is refused: nobody is ever unregistered by an edit.

A « Message aux inscrit·es » typed with the edit always reaches the registered and waitlisted people: in the
mail of the new details when there is one, on its own otherwise (an edit that changes nothing they see, or
nothing at all). With nobody to write to, the edit is refused on that field: nothing typed is dropped unsaid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.agenda.audience import region_problem, session_region
from app.agenda.mails import message_key, reachable, send_message, signed_up, signed_up_told, tell_registrant
from app.agenda.rules import (
    AgendaRefused, capacity_problem, check_runs, deadline_problem, message_to_registrants, text_problems,
    unread_message, venue_problems,
)
from app.agenda.services import locked_session, sync_participants, fill_free_seats, registered_count
from app.agenda.slot_times import slot_title
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.refused import Problem
from app.scheduling.meetings import MeetingPlace, set_details
from app.templating import format_date, region_name
from app.transactions import transactional
from app.typography import count
from models import CollectiveSession, MeetingStatus, Theme, User, utcnow

@dataclass(frozen=True)
class SessionChanges:
    """What « Modifier la session » sends: the fields of the creation form that still make sense once
    people have signed up (not the kind of audience, which would turn registered people away, nor the times,
    which « Changer l'horaire » moves slot by slot)."""

    title: str
    description: str
    speakers: str
    theme_codes: Sequence[str]
    online: bool
    video_url: str | None
    place: str
    departement_code: str | None
    capacity: int
    registration_deadline: datetime | None
    #: The region the national team gives the session (``audience.session_region``: its CRA then runs it; None:
    #: national), when its form asks it (``sets_region``); a CRA's form leaves the region as it is.
    region_code: str | None = None
    sets_region: bool = False


@dataclass(frozen=True)
class Edited:
    """What an edit did: whether anything changed, how many people were mailed the new details, how many
    left the waitlist for a seat, how many got the organisers' message in a mail of its own, and whether
    there was one (it also travels with the new details)."""

    saved: bool
    told: int = 0
    promoted: int = 0
    written: int = 0
    message: bool = False


def _deadline_shown(session: CollectiveSession) -> str | None:
    deadline = session.registration_deadline
    return format_date(deadline, session.timezone) if deadline is not None else None


#: What the edit form shows (two organisers of a session may correct it at once).
SESSION_EDIT = Editable("collective_session", "La session a été modifiée", {
    "title": ("Titre", lambda s: s.title),
    "description": ("Présentation", lambda s: s.description),
    "speakers": ("Intervenant·es", lambda s: s.speakers),
    "themes": ("Thèmes", lambda s: [theme.label for theme in s.themes]),
    "online": ("En ligne", lambda s: s.online),
    "video_url": ("Lien de connexion", lambda s: s.video_url),
    "place": ("Lieu", lambda s: s.place),
    "departement": ("Département", lambda s: s.departement_code),
    "capacity": ("Nombre de places", lambda s: s.capacity),
    "deadline": ("Date limite d'inscription", _deadline_shown),
    "region": ("Région", lambda s: region_name(s.region_code) if s.region_code else "aucune (session nationale)"),
})


def may_edit(session: CollectiveSession, now: datetime | None = None) -> bool:
    """A session is corrected while it is neither cancelled nor over."""
    return session.cancelled_at is None and session.ends_at is not None and session.ends_at > (now or utcnow())


def edit_problems(session: CollectiveSession, changes: SessionChanges, message: str) -> list[Problem]:
    """Every rule an edit breaks, each naming its field: the form asks on every submit (so a wrong number of
    places never hides a wrong deadline), ``edit_session`` refuses with them all."""
    problems = text_problems(changes)
    if unread := unread_message(session, message):
        problems.append(unread)
    problems += venue_problems(online=changes.online, video_url=changes.video_url, place=changes.place)
    if seats := capacity_problem(changes.capacity):
        problems.append(seats)
    else:
        taken = registered_count(session.id)
        if changes.capacity < taken:
            problems.append(Problem(
                f"{count(taken, 'personne est déjà inscrite', 'personnes sont déjà inscrites')}\u00a0: indiquez au "
                f"moins {count(taken, 'place')}. Une modification ne désinscrit personne.", "capacity"))
    if late := deadline_problem(changes.registration_deadline, session.starts_at):
        problems.append(late)
    if changes.sets_region and (region := region_problem(session.kind, changes.region_code)):
        problems.append(region)
    return problems


def _seen(session: CollectiveSession) -> tuple[str, bool, str | None]:
    """What a registered person's calendar says of the session: its title and where it happens."""
    return session.title, session.online, None if session.online else session.place


@transactional
def edit_session(*, session_id: int, organiser: User, changes: SessionChanges, opened: str | None = None,
                 message: str | None = None) -> Edited:
    """Correct a published session that has not ended, as one unit of work, and send ``message`` (« Message aux
    inscrit·es ») to the people signed up, with the new details or on its own.

    Refuses (``AgendaRefused``, each problem naming its field) what publishing would refuse, fewer seats than
    people registered, a deadline after the first slot, a message too long or with nobody to read it;
    ``EditConflict`` when a field changed since the form was opened (``opened``, its hidden field; nothing
    written).
    """
    message = message_to_registrants(message)
    session = locked_session(session_id)
    check_runs(session, organiser)
    if session.cancelled_at is not None:
        raise AgendaRefused("Cette session est annulée : elle ne se modifie plus.")
    if not may_edit(session):
        raise AgendaRefused("Cette session a eu lieu : elle ne se modifie plus.")
    problems = edit_problems(session, changes, message)
    if problems:
        raise AgendaRefused.of(problems)
    check_and_stamp(SESSION_EDIT, session, opened=opened, by=organiser)
    before, seen_before, capacity_before = SESSION_EDIT.values(session), _seen(session), session.capacity
    previous_title = session.title
    session.title, session.description = changes.title.strip(), changes.description.strip()
    session.speakers, session.online = changes.speakers.strip(), changes.online
    session.video_url, session.place = changes.video_url or None, changes.place.strip()
    session.departement_code, session.capacity = changes.departement_code or None, changes.capacity
    session.registration_deadline = changes.registration_deadline
    if changes.sets_region:  # a CRA's session stays its region's
        session.region_code = session_region(organiser, changes.region_code)
    session.themes = list(db.session.scalars(select(Theme).where(Theme.code.in_(list(changes.theme_codes)))))
    db.session.flush()
    key = message_key(opened, message)
    if SESSION_EDIT.values(session) == before:
        return Edited(saved=False, written=send_message(session, message, key=key), message=bool(message))
    now = utcnow()
    place = MeetingPlace(location=None if session.online else session.place)  # the link stays on the page
    for number, slot in enumerate(session.slots, start=1):
        if slot.ends_at > now and slot.status is not MeetingStatus.CANCELLED:  # held or cancelled: kept as it was
            set_details(meeting=slot, title=slot_title(session, number), description=session.description,
                        place=place)
    promoted = fill_free_seats(session) if session.capacity > capacity_before else []
    if promoted:
        sync_participants(session)
    if _seen(session) == seen_before:
        return Edited(saved=True, promoted=len(promoted), written=send_message(session, message, key=key),
                      message=bool(message))
    promoted_ids = {registration.id for registration in promoted}  # their seat's mail already says it all
    told = [r for r in reachable(session) if r.id not in promoted_ids]
    version = max(slot.ical_sequence for slot in session.slots)
    for registration in told:
        tell_registrant(session, registration, "changed", suffix=f":{version}", previous_title=previous_title,
                        place_changed=seen_before[1:] != _seen(session)[1:], message=message)
    written = send_message(session, message, key=key, among=[r for r in promoted if r.user is not None])
    return Edited(saved=True, told=len(told), promoted=len(promoted), written=written, message=bool(message))


def edited_notice(edited: Edited) -> tuple[str, str]:
    """The notice after the form (message, category)."""
    if not edited.saved and not edited.written:
        return "Rien n'a changé : aucun e-mail n'est parti.", "info"
    parts = ["La session est modifiée" if edited.saved else "Rien n'a changé dans la session"]
    with_message = ", avec votre message" if edited.message else ""
    if edited.told:
        parts.append(f"{signed_up_told(edited.told)} par e-mail{with_message}")
    if edited.promoted:
        parts.append(f"{count(edited.promoted, 'personne passe', 'personnes passent')} de la liste d'attente aux "
                     f"inscrit·es et {'en est prévenue' if edited.promoted == 1 else 'en sont prévenues'}"
                     f"{with_message if edited.told else ''}")
    if edited.written and not edited.told:
        parts.append(f"votre message est envoyé par e-mail à {signed_up(edited.written)}")
    return " ; ".join(parts) + ".", "success"
