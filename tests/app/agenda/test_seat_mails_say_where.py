"""The mail of a freed place says where the session is, as the registration mail does, and the withdrawal mail
counts the slots (walk 5: a pole promoted to an in-person meeting in Toulouse was not told the place; « Le fichier
joint retire les créneaux » for a one-slot session)."""

from __future__ import annotations

from sqlalchemy import select

from app.agenda import services
from models import OutboxMessage, Role


def _body(db, event: str) -> str:
    return db.scalar(select(OutboxMessage.body).where(OutboxMessage.key.endswith(f":{event}")))


def test_promoted_in_person_is_told_the_place(db, publish, facilitator, make_user, make_pole):
    session = publish(capacity=1, online=False, video_url=None, place="Maison de l'ESS, Toulouse")
    services.register(session_id=session.id, user=facilitator)
    waiting = make_user(Role.FACILITATOR, pole=make_pole())
    services.register(session_id=session.id, user=waiting)
    services.unregister(session_id=session.id, user=facilitator)
    assert "Lieu : Maison de l'ESS, Toulouse" in _body(db, "promoted").replace("\u00a0", " ")
    assert "Le fichier joint retire la session de votre agenda." in _body(db, "unregistered")
