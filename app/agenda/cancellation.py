"""Cancelling a whole session, or one of its slots: through the scheduling backbone (``cancel_meeting``), a mail to
everyone signed up (with the organisers' optional message, or the slot's reason), and a notice that says truly whom
it reached. One slot cancelled leaves the registrations to the others (the second day of a national day, one date of
a webinar given twice); the last slot still planned is the whole session, cancelled as such."""

from __future__ import annotations

from datetime import datetime

from app.agenda import rules
from app.agenda.mails import reachable, signed_up_told, tell_registrant
from app.agenda.services import locked_session
from app.agenda.slot_times import slot_of
from app.scheduling.meetings import cancel_meeting
from app.transactions import transactional
from app.typography import NBSP, count
from models import CollectiveSession, Meeting, MeetingStatus, RegistrationStatus, User, utcnow


@transactional
def cancel(*, session: CollectiveSession, organiser: User, message: str | None = None) -> int | None:
    """Cancel the whole session: every slot is cancelled and each registered person gets an ICS CANCEL; those on
    the waitlist are told too (no calendar entry to remove), or they would wait for a place that never comes.
    ``message``, the organisers' optional word (« Message aux inscrit·es »), travels in each mail. Returns how
    many people were told; None when it was already cancelled (a form sent twice, or two organisers at once: the
    session's row is locked first, so the second reads it cancelled and never says its message left)."""
    session = locked_session(session.id)
    rules.check_runs(session, organiser)
    message = rules.message_to_registrants(message)
    if session.cancelled_at is not None:
        return None
    session.cancelled_at, session.cancel_message = utcnow(), message or None  # the page says it to latecomers
    for slot in session.slots:
        cancel_meeting(meeting=slot)
    told = reachable(session)
    for registration in told:
        if registration.status is RegistrationStatus.REGISTERED:
            tell_registrant(session, registration, "cancelled", cancelled=True, message=message)
        else:  # waitlisted: no place will come, they stop waiting
            tell_registrant(session, registration, "cancelled_waitlisted", message=message)
    return len(told)


#: Said when the slot asked is the last one still planned: cancelling it is cancelling the session.
LAST_SLOT = ("C'est le dernier créneau encore prévu de la session\u00a0: pour l'annuler, annulez la session entière "
             "(«\u00a0Annuler la session\u00a0», en bas de sa page).")


def slot_refusal(session: CollectiveSession, slot: Meeting, now: datetime | None = None) -> str | None:
    """Why ``slot`` may not be cancelled on its own at ``now`` (a French sentence), or None when it may: it must be
    still to come, and not the only one left planned (a past slot counts as held: cancelling the second day of a
    national day keeps the first)."""
    if slot.status is MeetingStatus.CANCELLED:
        return "Ce créneau est déjà annulé."
    if session.cancelled_at is not None:
        return "Cette session est annulée."
    if slot.starts_at <= (now or utcnow()):
        return "Ce créneau a commencé ou a eu lieu\u00a0: il ne s'annule plus."
    if not any(other.id != slot.id and other.status is not MeetingStatus.CANCELLED for other in session.slots):
        return LAST_SLOT
    return None


def slots_cancellable(session: CollectiveSession, now: datetime | None = None) -> list[Meeting]:
    """The slots of ``session`` that may be cancelled one by one at ``now`` (``slot_refusal``)."""
    moment = now or utcnow()
    return [slot for slot in session.slots if slot_refusal(session, slot, moment) is None]


@transactional
def cancel_slot(*, session_id: int, slot_id: int, organiser: User, reason: str | None,
                now: datetime | None = None) -> int | None:
    """Cancel one slot still to come, for ``reason`` (required): the backbone cancels its meeting (SEQUENCE up, its
    reminders cancelled), each registered person gets the reason with an ICS CANCEL for that slot only, each person
    waiting the reason; registrations stay, for the other slots. Returns how many were told; None when the slot was
    already cancelled (a form sent twice, two organisers at once: the session's row is locked first).

    Refuses (``AgendaRefused``) a slot begun or past, one of a cancelled session, and the last slot still planned
    (``LAST_SLOT``: that is cancelling the session, whose own mail says so)."""
    session = locked_session(session_id)
    rules.check_runs(session, organiser)
    reason = rules.slot_cancel_reason(reason)
    slot = slot_of(session, slot_id)
    if slot is None:
        raise rules.AgendaRefused("Ce créneau n'appartient pas à cette session.")
    if slot.status is MeetingStatus.CANCELLED:
        return None
    if refusal := slot_refusal(session, slot, now):
        raise rules.AgendaRefused(refusal)
    number = session.slots.index(slot) + 1  # its rank among all the slots, as the page numbers them
    cancel_meeting(meeting=slot, reason=reason)
    told = reachable(session)
    for registration in told:
        tell_registrant(session, registration, "slot_cancelled", suffix=f":{slot.id}", message=reason,
                        slot=slot, cancelled_slot=slot, number=number)
    return len(told)


def slot_cancelled_notice(number: int, told: int | None) -> str:
    """The notice after cancelling slot ``number``: who was told, or that it already was cancelled."""
    if told is None:
        return f"Le créneau {number} était déjà annulé."
    if not told:
        return f"Le créneau {number} est annulé. Personne n'était inscrit ni en liste d'attente\u00a0: aucun e-mail n'est parti."
    return f"Le créneau {number} est annulé\u00a0; {signed_up_told(told)} par e-mail, avec le motif."


def slot_cancel_question(number: int, registered: int, waitlisted: int, others: int) -> str:
    """The confirm dialog of « Annuler ce créneau », true to the counts (``others``: the slots still planned besides)."""
    ask = f"Annuler le créneau {number}{NBSP}?"
    kept = ("l'autre créneau reste prévu" if others == 1
            else f"les {count(others, 'autre créneau', 'autres créneaux')} restent prévus")
    if not registered and not waitlisted:
        return f"{ask} Personne n'est inscrit ni en liste d'attente{NBSP}: aucun e-mail ne partira{NBSP}; {kept}."
    people = count(registered + waitlisted, "personne inscrite ou en attente", "personnes inscrites ou en attente")
    told = "La personne inscrite ou en attente sera prévenue" if registered + waitlisted == 1 else \
        f"Les {people} seront prévenues"
    return f"{ask} {told} avec le motif{NBSP}; {kept}, les inscriptions aussi."


def cancelled_notice(told: int | None) -> str:
    """The notice after cancelling: who was told, or that nobody was signed up (the message then went nowhere)."""
    if told is None:
        return "La session était déjà annulée."
    if not told:
        return "La session est annulée. Personne n'y était inscrit ni en liste d'attente\u00a0: aucun e-mail n'est parti."
    return f"La session est annulée\u00a0; {signed_up_told(told)} par e-mail."


#: One person on the waitlist, several: the noun every count of the waitlist takes.
WAITLISTED, WAITLISTED_PLURAL = "personne en liste d'attente", "personnes en liste d'attente"


def cancel_question(registered: int, waitlisted: int) -> str:
    """The confirm dialog of « Annuler la session », true to the counts: who will be told, or that no e-mail leaves."""
    ask = f"Annuler cette session{NBSP}?"
    if not registered and not waitlisted:
        return f"{ask} Personne n'y est inscrit ni en liste d'attente{NBSP}: aucun e-mail ne partira."
    if registered == 1:
        told = "La personne inscrite sera prévenue et la session retirée de son agenda"
    elif registered:
        told = f"Les {count(registered, 'personne inscrite', 'personnes inscrites')} seront prévenues et la session " \
               "retirée de leur agenda"
    else:
        told = "Personne n'y est inscrit"
    if waitlisted == 1:
        told += f"{NBSP}; la personne en liste d'attente {'aussi ' if registered else ''}sera prévenue"
    elif waitlisted:
        told += (f"{NBSP}; les {count(waitlisted, WAITLISTED, WAITLISTED_PLURAL)} "
                 f"{'aussi ' if registered else ''}seront prévenues")
    return f"{ask} {told}."


def cancelled_figures(registered: int, waitlisted: int) -> str:
    """What a cancelled session's page says of its figures: who was signed up when it was cancelled, in the past
    (no places offered, no « pour l'instant » that would invite to register)."""
    if not registered and not waitlisted:
        return "Personne n'y était inscrit ni en liste d'attente."
    said = []
    if registered:
        said.append(f"{count(registered, 'personne')} {'était inscrite' if registered == 1 else 'étaient inscrites'}")
    if waitlisted:
        said.append(f"{count(waitlisted, 'personne')} {'était' if waitlisted == 1 else 'étaient'} en liste d'attente")
    return f"{' et '.join(said)} au moment de l'annulation."
