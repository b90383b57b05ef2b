"""A need closed or reopened by its pole while a transfer of it is proposed or accepted (PostgreSQL).

The need's status is the pole's word (« Clos ») and the transfers' (« En cours » once one is accepted); both write
the same row. Without a lock on it, a request that read the need before the other committed wrote from what it
had read: a need reopened as its transfer was accepted read « Ouvert » with a transfer under way (the next batch
run paired it again), a proposal was made on a need its pole had just closed.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.poles import services as poles
from app.transfers import lifecycle, services
from models import Need, NeedStatus, Pairing, PairingStatus, ResourcePerson, User
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

S = PairingStatus


def _need_with_a_proposal(db, scene) -> tuple[int, int, int]:
    """The pole's need, proposed to a resource person: (need, pairing, person's account)."""
    person = scene.food
    pairing = services.propose_pairing(need=scene.finance_need, person=person, organiser=scene.organiser)
    return scene.finance_need.id, pairing.id, person.user_id


def _status(db, need_id: int) -> NeedStatus:
    db.expire_all()
    return db.get(Need, need_id).status


def test_a_need_reopened_while_its_transfer_is_being_accepted_is_in_progress(app, db, scene, monkeypatch):
    """The answer has written, not committed yet, when the pole's « Rouvrir » comes (a tab opened while the need was
    closed: a closed need's proposal is no longer accepted, ``test_closed_need_answers.py``):
    the reopening must count the answer."""
    need_id, pairing_id, person_user_id = _need_with_a_proposal(db, scene)
    written, reopened = threading.Event(), threading.Event()
    hold(monkeypatch, lifecycle, "notify_step", thread="accept", until=reopened)
    held = lifecycle.notify_step

    def tell_then_wait(*args, **kwargs):
        written.set()
        return held(*args, **kwargs)

    monkeypatch.setattr(lifecycle, "notify_step", tell_then_wait)

    def accept():
        lifecycle.transition(db_ext.session.get(Pairing, pairing_id), S.ACCEPTED,
                             actor=db_ext.session.get(User, person_user_id))

    def reopen():
        written.wait(5)
        try:
            poles.set_need_status(db_ext.session.get(Need, need_id), NeedStatus.OPEN)
        finally:
            reopened.set()

    outcomes = together(app, {"accept": accept, "reopen": reopen})
    assert outcomes == {"accept": None, "reopen": None}, outcomes
    assert _status(db, need_id) is NeedStatus.IN_PROGRESS, "a need with a transfer accepted reads « Ouvert »"


def test_a_need_closed_as_a_transfer_is_proposed_gets_no_proposal_after_its_closing(app, db, scene, monkeypatch):
    """The proposal found the need open and is held before it writes; the closing commits meanwhile (or waits)."""
    need_id, person_id, organiser_id = scene.finance_need.id, scene.food.id, scene.organiser.id
    checked, closed, order = threading.Event(), threading.Event(), []
    allowed = lifecycle.check_pair_allowed

    def check_then_tell(*args, **kwargs):
        allowed(*args, **kwargs)
        checked.set()

    monkeypatch.setattr(lifecycle, "check_pair_allowed", check_then_tell)
    hold(monkeypatch, lifecycle, "_create", thread="propose", until=closed)

    def propose():
        session = db_ext.session
        try:
            return services.propose_pairing(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                            organiser=session.get(User, organiser_id))
        finally:
            order.append("propose")

    def close():
        checked.wait(5)
        poles.set_need_status(db_ext.session.get(Need, need_id), NeedStatus.CLOSED)
        order.append("close")
        closed.set()

    outcomes = together(app, {"propose": propose, "close": close})
    assert outcomes["close"] is None, outcomes
    db.expire_all()
    if db.scalar(select(func.count()).select_from(Pairing).where(Pairing.need_id == need_id)):
        assert order == ["propose", "close"], "a transfer was proposed on a need its pole had already closed"
    else:
        assert "clos" in str(outcomes["propose"]), outcomes
    assert _status(db, need_id) is NeedStatus.CLOSED


def test_a_need_closed_as_its_proposal_is_accepted_is_not_accepted_after_its_closing(app, db, scene, monkeypatch):
    """The answer found the need open and is held before it writes; the pole's « Clore » commits meanwhile (or
    waits for the answer): an acceptance never comes after the closing."""
    need_id, pairing_id, person_user_id = _need_with_a_proposal(db, scene)
    checked, closed, order = threading.Event(), threading.Event(), []
    step_allowed = lifecycle.check_step

    def check_then_tell(*args, **kwargs):
        note = step_allowed(*args, **kwargs)
        if threading.current_thread().name == "accept":
            checked.set()
        return note

    monkeypatch.setattr(lifecycle, "check_step", check_then_tell)
    hold(monkeypatch, lifecycle, "_record", thread="accept", until=closed)

    def accept():
        try:
            lifecycle.transition(db_ext.session.get(Pairing, pairing_id), S.ACCEPTED,
                                 actor=db_ext.session.get(User, person_user_id))
        finally:
            order.append("accept")

    def close():
        checked.wait(5)
        poles.set_need_status(db_ext.session.get(Need, need_id), NeedStatus.CLOSED)
        order.append("close")
        closed.set()

    outcomes = together(app, {"accept": accept, "close": close})
    assert outcomes["close"] is None, outcomes
    db.expire_all()
    if db.get(Pairing, pairing_id).status is S.ACCEPTED:
        assert order == ["accept", "close"], "a transfer was accepted on a need its pole had already closed"
    else:
        assert "clos par son pôle entre-temps" in str(outcomes["accept"]), outcomes
    assert _status(db, need_id) is NeedStatus.CLOSED
