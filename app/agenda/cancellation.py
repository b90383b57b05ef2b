"""Cancelling a whole session: its slots through the scheduling backbone, a mail to everyone signed up (with the
organisers' optional message), and a notice that says truly whom it reached."""

from __future__ import annotations

from app.agenda import rules
from app.agenda.mails import reachable, signed_up_told, tell_registrant
from app.scheduling.meetings import cancel_meeting
from app.transactions import transactional
from models import CollectiveSession, RegistrationStatus, User, utcnow


@transactional
def cancel(*, session: CollectiveSession, organiser: User, message: str | None = None) -> int | None:
    """Cancel the whole session: every slot is cancelled and each registered person gets an ICS CANCEL; those on
    the waitlist are told too (no calendar entry to remove), or they would wait for a place that never comes.
    ``message``, the organisers' optional word (« Message aux inscrit·es »), travels in each mail. Returns how
    many people were told; None when it was already cancelled (a form sent twice)."""
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
