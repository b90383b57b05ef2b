"""« Je peux aider » as the pole closes its need (PostgreSQL). The offer read the need open and wrote its request
without the need's lock: the pole, which had just closed it, then read « … peut vous aider » by mail and under its
bell, for a need nobody waited for any more. The offer now locks the need's row (after the accounts and the person,
the order a proposal takes): the closing waits for it, or it is refused in French."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.pair_space import initiative
from app.poles import services as poles
from models import Need, NeedKind, NeedStatus, OutboxMessage, Pairing, ResourcePerson, Role
from tests.races import hold, on_postgres, together

pytestmark = on_postgres


def test_a_need_closed_as_help_is_offered_gets_no_offer_after_its_closing(app, db, make_user, make_pole,
                                                                         make_resource_person, monkeypatch):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    person = make_resource_person()
    need = Need(pole=pole, author=facilitator, title="Financer la coordination", kind=NeedKind.TRANSFER,
                text="Nous cherchons à diversifier le financement de notre poste de coordination mutualisé.")
    db.add(need)
    db.commit()
    need_id, person_id = need.id, person.id
    checked, closed, order = threading.Event(), threading.Event(), []
    allowed = initiative.transfers.check_pair_allowed

    def check_then_tell(*args, **kwargs):  # the offer found the need open
        allowed(*args, **kwargs)
        checked.set()

    monkeypatch.setattr(initiative.transfers, "check_pair_allowed", check_then_tell)
    hold(monkeypatch, initiative, "capacity_left", thread="offer", until=closed)

    def offer():
        session = db_ext.session
        try:
            return initiative.offer_help(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                         message="Je l'ai fait au Ségala.", idempotency_key=uuid.uuid4().hex)
        finally:
            order.append("offer")

    def close():
        checked.wait(5)
        try:
            poles.set_need_status(db_ext.session.get(Need, need_id), NeedStatus.CLOSED)
        finally:
            order.append("close")
            closed.set()

    outcomes = together(app, {"offer": offer, "close": close})

    assert outcomes["close"] is None, outcomes
    db.expire_all()
    if db.scalar(select(func.count(Pairing.id)).where(Pairing.need_id == need_id)):
        assert order == ["offer", "close"], "help was offered on a need its pole had already closed"
    else:
        assert "clos" in str(outcomes["offer"]), outcomes
        assert not db.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.key.contains(":offer-help:")))
    assert db.get(Need, need_id).status is NeedStatus.CLOSED
