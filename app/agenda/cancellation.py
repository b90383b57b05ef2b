"""Cancelling a whole session: its slots through the scheduling backbone, a mail to everyone signed up (with the
organisers' optional message), and a notice that says truly whom it reached."""

from __future__ import annotations

from app.agenda import rules
from app.agenda.mails import reachable, signed_up_told, tell_registrant
from app.agenda.services import locked_session
from app.scheduling.meetings import cancel_meeting
from app.transactions import transactional
from app.typography import NBSP, count
from models import CollectiveSession, RegistrationStatus, User, utcnow


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
    session.cancelled_at = utcnow()
    for slot in session.slots:
        cancel_meeting(meeting=slot)
    told = reachable(session)
    for registration in told:
        if registration.status is RegistrationStatus.REGISTERED:
            tell_registrant(session, registration, "cancelled", cancelled=True, message=message)
        else:  # waitlisted: no place will come, they stop waiting
            tell_registrant(session, registration, "cancelled_waitlisted", message=message)
    return len(told)


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
