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


def test_waitlist_and_withdrawal_mails_say_when_and_lead_back(db, publish, facilitator, make_user, make_pole):
    """Walk 6: « vous êtes en liste d'attente » and « Votre désinscription … est enregistrée » named the session
    without its date; the withdrawal gave no way back to it."""
    session = publish(capacity=1)
    services.register(session_id=session.id, user=facilitator)
    waiting = make_user(Role.FACILITATOR, pole=make_pole())
    services.register(session_id=session.id, user=waiting)
    services.unregister(session_id=session.id, user=facilitator)
    when = next(line for line in _body(db, "registered").splitlines() if line.startswith("- "))  # « - lundi … de … à … »
    for event in ("waitlisted", "unregistered"):
        body = _body(db, event)
        assert when in body.splitlines(), event
        assert f"/agenda/{session.id}" in body, event
    assert "Pour vous réinscrire, s'il reste des places" in _body(db, "unregistered")
