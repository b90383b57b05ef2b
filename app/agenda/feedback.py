"""The feedback of the people who came to a collective session: usefulness 1–5 and what they will reuse.

Asked of the people who came, as for a learning visit (``app.visits.feedback``): the thanks mail goes to those
the presences note present, and someone noted absent is not asked to rate a session she missed (her rating would
weigh in the session's usefulness). Until the presences are noted, every registered person may answer.
"""

from __future__ import annotations

from app.agenda.rules import FEEDBACK_MAX, AgendaRefused
from app.agenda.services import own_registration
from app.extensions import db
from app.text_rules import bounded_text
from app.transactions import transactional
from models import CollectiveRegistration, CollectiveSession, RegistrationStatus, User, utcnow

NOTED_ABSENT = ("Votre absence à cette session a été notée\u00a0: l'avis est demandé aux personnes qui y sont "
                "venues.")


def noted_absent(registration: CollectiveRegistration | None) -> bool:
    """A registered person the presences, noted, say did not come (``attended`` is None until they are noted)."""
    return (registration is not None and registration.status is RegistrationStatus.REGISTERED
            and registration.attended is False)


@transactional
def give_feedback(*, session_id: int, user: User, usefulness: int, will_reuse: str) -> CollectiveRegistration:
    """An attendee's feedback: usefulness 1–5 and what they will reuse (can be changed)."""
    session = db.session.get(CollectiveSession, session_id)
    if session is None:
        raise AgendaRefused("Cette session n'existe pas.")
    registration = own_registration(session, user)
    if registration is None or registration.status is not RegistrationStatus.REGISTERED:
        raise AgendaRefused("Seules les personnes inscrites donnent leur avis.")
    if noted_absent(registration):
        raise AgendaRefused(NOTED_ABSENT)
    if session.ends_at is None or session.ends_at > utcnow():
        raise AgendaRefused("Vous pourrez donner votre avis après la session.")
    if not 1 <= usefulness <= 5:
        raise AgendaRefused("L'utilité se note de 1 à 5.")
    registration.usefulness = usefulness
    registration.will_reuse = bounded_text(will_reuse, field_label="Ce que vous allez réutiliser",
                                           most=FEEDBACK_MAX, error=AgendaRefused)
    registration.feedback_at = utcnow()
    return registration
