"""A freed seat's mail says where to receive it in the daily digest instead: the preferences page offers that
choice for « Places libérées », yet only the transfer messages' mail said where to make it."""

from __future__ import annotations

from sqlalchemy import select

from app.agenda import services
from models import OutboxMessage, Role

PREFERENCES = "http://entrepairs.test/mon-compte/notifications"


def _body(db, suffix: str, registration_id: int) -> str:
    return db.scalars(select(OutboxMessage.body).where(OutboxMessage.key.endswith(suffix),
                                                       OutboxMessage.key.contains(f":registration:{registration_id}:"))
                      ).one()


def test_the_promoted_person_reads_where_to_choose_the_digest_under_the_signature(db, publish, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    first = services.register(session_id=session.id, user=seated)
    promoted = services.register(session_id=session.id, user=waiting)
    services.unregister(session_id=session.id, user=seated)

    body = _body(db, ":promoted", promoted.id)
    assert body.endswith("\n\nL'équipe Entrepairs\n\n-- \nVous recevez par e-mail chaque place qui se libère pour "
                         f"vous ; pour un récapitulatif quotidien à la place :\n{PREFERENCES}\n")
    assert PREFERENCES not in _body(db, ":registered", first.id)  # no such choice for a registration
