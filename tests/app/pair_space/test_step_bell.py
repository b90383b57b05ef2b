"""Each transfer step reaches under the bell the people its mail goes to."""

from __future__ import annotations

from sqlalchemy import select

from app.notifications.inbox import send_digests
from app.transfers import services as transfers
from models import Notification, OutboxMessage, PairingStatus, User


def _notices(db, user):
    return db.scalars(select(Notification).where(Notification.user_id == user.id,
                                                 Notification.category == "step")).all()


def test_a_step_gives_a_notice_to_those_it_mails_but_its_actor(db, pair):
    before = {u.id: len(_notices(db, u)) for u in (pair.facilitator, pair.person)}
    transfers.transition(pair.pairing, PairingStatus.CANCELLED, actor=pair.person, note="Empêchement")
    db.expire_all()
    mailed = {m.recipient_id for m in db.scalars(select(OutboxMessage))}
    told = {n.user_id for n in db.scalars(select(Notification).where(Notification.category == "step"))}
    assert pair.facilitator.id in mailed and told == mailed
    assert pair.person.id not in told
    notice = _notices(db, pair.facilitator)[-1]
    assert len(_notices(db, pair.facilitator)) == before[pair.facilitator.id] + 1
    assert notice.text == f"Transfert annulé — Pérenniser l'animation, avec {pair.person.display_name}"
    assert notice.url == f"/transferts/{pair.pairing.id}" and notice.digested_at is not None
    assert db.get(User, pair.facilitator.id).unread_notifications >= 1
    assert send_digests() == 0  # the step's own mail already carried it
