"""Cancelling a session tells everyone who was waiting for it, not only the registered (walk 4)."""

from __future__ import annotations

from sqlalchemy import select

from app.agenda import services
from models import OutboxMessage, RegistrationStatus, Role


def test_cancelling_tells_the_waitlisted_that_their_wait_is_over(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    assert services.register(session_id=session.id, user=waiting).status is RegistrationStatus.WAITLISTED

    services.cancel(session=session, organiser=organiser)

    mails = {m.recipient_id: m for m in db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":cancelled")))}
    assert set(mails) == {seated.id, waiting.id}
    to_waiting = mails[waiting.id]
    assert to_waiting.subject.startswith("Session annulée")
    assert "liste d'attente" in to_waiting.body and "prend fin" in to_waiting.body
    assert to_waiting.attachment_data is None  # nothing in their calendar to remove
    assert mails[seated.id].attachment_data is not None
