"""Cancelling a session tells everyone who was waiting for it, not only the registered (walk 4)."""

from __future__ import annotations

from sqlalchemy import select

from app.agenda import cancellation, services
from models import OutboxMessage, RegistrationStatus, Role


def test_cancelling_tells_the_waitlisted_that_their_wait_is_over(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    assert services.register(session_id=session.id, user=waiting).status is RegistrationStatus.WAITLISTED

    told = cancellation.cancel(session=session, organiser=organiser)

    assert told == 2
    assert cancellation.cancelled_notice(told) == (
        "La session est annulée\u00a0; 2\u00a0personnes inscrites ou en attente sont prévenues par e-mail.")
    mails = {m.recipient_id: m for m in db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":cancelled")))}
    assert set(mails) == {seated.id, waiting.id}
    to_waiting = mails[waiting.id]
    assert to_waiting.subject.startswith("Session annulée")
    assert "liste d'attente" in to_waiting.body and "prend fin" in to_waiting.body
    assert to_waiting.attachment_data is None  # nothing in their calendar to remove
    assert mails[seated.id].attachment_data is not None


def test_the_notice_says_when_nobody_was_signed_up_or_it_was_already_cancelled(db, publish, organiser):
    session = publish(capacity=5)

    told = cancellation.cancel(session=session, organiser=organiser, message="Reportée à l'automne.")

    assert told == 0
    assert "Personne n'y était inscrit ni en liste d'attente" in cancellation.cancelled_notice(told)
    assert "prévenu" not in cancellation.cancelled_notice(told)  # it used to say the registered were told
    assert cancellation.cancel(session=session, organiser=organiser) is None  # the form sent twice
    assert cancellation.cancelled_notice(None) == "La session était déjà annulée."
