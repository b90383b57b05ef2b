"""The team that runs a session cancels one person's registration or waitlist place (« Annuler l'inscription »): a
person who phoned or wrote to say they cannot come. The same path as « Se désinscrire » (``services.give_back``,
under the session's lock): the seat goes to the first person waiting, told by the promotion mail; the person is
told by a mail of their own (with the organisers' reason, and the .ics CANCEL of a seat) and under the bell."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from app.agenda import rules, services
from app.agenda.rules import MESSAGE_MAX, AgendaRefused
from app.agenda.services import has_started, locked_session
from app.extensions import db
from app.refused import Problem
from app.text_rules import one_line_break, text_problem
from app.transactions import transactional
from app.typography import after_colon
from models import CollectiveRegistration, RegistrationStatus, User

ALREADY_CANCELLED = "Cette inscription est déjà annulée."
STARTED = "La session a commencé\u00a0: l'inscription ne peut plus être annulée."


class Cancelled(NamedTuple):
    """The registration cancelled, and whether it was a waitlist place (the organiser's flash says which)."""

    registration: CollectiveRegistration
    waited: bool


def reason_given(reason: str | None) -> str:
    """The organisers' optional reason (stripped), told to the person; refused beyond ``MESSAGE_MAX``."""
    problem = text_problem(reason, most=MESSAGE_MAX, multiline=True)
    if problem:
        raise AgendaRefused.of([Problem(f"Motif\u00a0: {after_colon(problem)}", "reason")])
    return one_line_break((reason or "").strip())


@transactional
def cancel_registration(*, session_id: int, registration_id: int, organiser: User,
                        reason: str | None = None) -> Cancelled:
    """Cancel the registration (or waitlist place) ``registration_id`` of the session, for its person (``Cancelled``).
    Refused to whoever does not run the session, once the session has begun, or when it is already cancelled."""
    session = locked_session(session_id)
    rules.check_runs(session, organiser)
    registration = db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.id == registration_id, CollectiveRegistration.collective_session_id == session.id,
        CollectiveRegistration.walk_in.is_(False), CollectiveRegistration.user_id.is_not(None))
        .execution_options(populate_existing=True)).one_or_none()  # as it is now that the session is locked
    if registration is None:
        raise AgendaRefused("Cette inscription n'existe pas.")
    if session.cancelled_at is not None:
        raise AgendaRefused("La session est annulée\u00a0: chaque personne inscrite a déjà été prévenue.")
    if registration.status is RegistrationStatus.CANCELLED:
        raise AgendaRefused(ALREADY_CANCELLED)
    if has_started(session):
        raise AgendaRefused(STARTED)
    said = reason_given(reason)
    waited = registration.status is RegistrationStatus.WAITLISTED
    registration.cancelled_by_organiser = True
    services.give_back(session, registration, event="organiser_cancelled_waitlisted" if waited else "organiser_cancelled",
              message=said)
    return Cancelled(registration, waited)
