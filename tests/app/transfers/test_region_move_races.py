"""A pole's request decided at the same instant as the pole changes region (PostgreSQL).

A regional cell (CRA) decides its region's requests only. The decision read the pole's region without a lock: the CRA
the pole had just left could still validate its request (the region read before the move committed, or kept in the
session since the page was read), the CRA it joined was told « 1 demande de transfert à valider » of a request already
validated, and the step's mail went to the cell left. The decision now reads the region under the pole's row lock
(``app.poles.region_lock``): it sees the move, or the move waits for it and counts what it decided.
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import opened_token
from app.extensions import db as db_ext
from app.poles import services as poles
from app.transfers import lifecycle, services
from models import Need, Notification, Pairing, PairingStatus, Pole, ResourcePerson, Role, User
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

S = PairingStatus
TO_AURA = {"region_code": "84", "maturity": "emergent", "departements": ["07"], "themes": []}
NOT_YOURS = "Vous ne pouvez pas effectuer cette étape pour ce transfert."
WAITING = "demande de transfert à valider"


def _request(db, scene, make_user) -> dict[str, int]:
    """The pole (Bretagne) asks for a resource person; the ids of the request, the pole, the CRA of Bretagne (that
    the pole leaves), of Auvergne-Rhône-Alpes (that it joins), a national organiser and an administrator."""
    pairing = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    ids = {"pairing": pairing.id, "pole": scene.pole.id, "left": make_user(Role.ORGANISER, region_code="53").id,
           "joined": make_user(Role.ORGANISER, region_code="84").id, "national": scene.organiser.id,
           "admin": make_user(Role.ADMIN).id}
    db.commit()
    return ids


def _move(ids: dict[str, int], *, after: threading.Event | None = None, done: threading.Event | None = None,
          order: list[str] | None = None):
    """The administrator moves the pole to Auvergne-Rhône-Alpes with its form (once ``after`` is set)."""
    def call() -> str:
        try:
            if after is not None:
                after.wait(10)
            pole = db_ext.session.get(Pole, ids["pole"])
            sent = {"name": pole.name, **TO_AURA, OPENED_ON: opened_token(poles.POLE_EDIT, pole)}
            region = poles.update_pole(pole, data=sent, by=db_ext.session.get(User, ids["admin"])).region_code
            if order is not None:
                order.append("move")
            return region
        finally:
            if done is not None:
                done.set()
    return call


def _notices(db, user_id: int) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(Notification.text).where(Notification.user_id == user_id).order_by(Notification.id)))


def test_a_request_validated_as_its_pole_leaves_the_region_is_validated_before_the_move(app, db, scene, make_user,
                                                                                         monkeypatch):
    """The CRA's validation has checked its side, and is held before it writes; the move comes in that window. It
    waits for the validation (the pole's row), then tells the CRA joined what is left to validate: nothing."""
    ids = _request(db, scene, make_user)
    checked, moved, order = threading.Event(), threading.Event(), []
    step_allowed = lifecycle.check_step

    def check_then_tell(*args, **kwargs):
        note = step_allowed(*args, **kwargs)
        if threading.current_thread().name == "validate":
            checked.set()
        return note

    monkeypatch.setattr(lifecycle, "check_step", check_then_tell)
    hold(monkeypatch, lifecycle, "_record", thread="validate", until=moved)

    def validate() -> None:
        lifecycle.transition(db_ext.session.get(Pairing, ids["pairing"]), S.VALIDATED,
                             actor=db_ext.session.get(User, ids["left"]))
        order.append("validate")

    outcomes = together(app, {"validate": validate, "move": _move(ids, after=checked, done=moved, order=order)})
    assert outcomes["move"] == "84", outcomes
    db.expire_all()
    if db.get(Pairing, ids["pairing"]).status is S.VALIDATED:
        assert outcomes["validate"] is None, outcomes
        assert order == ["validate", "move"], "the CRA the pole had left validated its request after the move"
        assert not any(WAITING in text for text in _notices(db, ids["joined"])), _notices(db, ids["joined"])
    else:
        assert str(outcomes["validate"]) == NOT_YOURS, outcomes


def test_the_cra_a_pole_left_may_no_longer_validate_its_request(app, db, scene, make_user):
    """The CRA's page read the request while the pole was in its region; the move commits before it clicks
    « Valider »: refused, in the words of another region's transfer, and the request waits for the CRA joined."""
    ids = _request(db, scene, make_user)
    read, moved = threading.Event(), threading.Event()

    def validate():
        pairing = db_ext.session.get(Pairing, ids["pairing"])
        actor = db_ext.session.get(User, ids["left"])
        assert services.allowed_steps(pairing, actor)  # the page offered « Valider »
        read.set()
        moved.wait(10)
        return lifecycle.transition(pairing, S.VALIDATED, actor=actor).status

    outcomes = together(app, {"validate": validate, "move": _move(ids, after=read, done=moved)})
    assert outcomes["move"] == "84", outcomes
    assert isinstance(outcomes["validate"], services.TransferError), outcomes
    assert str(outcomes["validate"]) == NOT_YOURS
    db.expire_all()
    assert db.get(Pairing, ids["pairing"]).status is S.REQUESTED
    assert any(f"1\u00a0{WAITING}" in text for text in _notices(db, ids["joined"])), _notices(db, ids["joined"])


def test_a_request_refused_as_its_pole_leaves_the_region_is_told_to_the_region_it_was_refused_in(
        app, db, scene, make_user, monkeypatch):
    """A national organiser refuses the request (held once checked, before it writes) as the pole moves: the step's
    notice goes to the CRA of the region the pole was in when it was refused — the one it left when the move waited
    for the refusal (the CRA joined then hears of no request), never to a cell whose pole it no longer is."""
    ids = _request(db, scene, make_user)
    checked, moved, order = threading.Event(), threading.Event(), []
    step_allowed = lifecycle.check_step

    def check_then_tell(*args, **kwargs):
        note = step_allowed(*args, **kwargs)
        if threading.current_thread().name == "refuse":
            checked.set()
        return note

    monkeypatch.setattr(lifecycle, "check_step", check_then_tell)
    hold(monkeypatch, lifecycle, "_record", thread="refuse", until=moved)

    def refuse() -> None:
        lifecycle.transition(db_ext.session.get(Pairing, ids["pairing"]), S.CANCELLED,
                             actor=db_ext.session.get(User, ids["national"]), note="Besoin déjà couvert.")
        order.append("refuse")

    outcomes = together(app, {"refuse": refuse, "move": _move(ids, after=checked, done=moved, order=order)})
    assert outcomes == {"refuse": None, "move": "84"}, outcomes
    db.expire_all()
    told = set(db.scalars(select(Notification.user_id).where(Notification.url == f"/transferts/{ids['pairing']}")))
    if order == ["refuse", "move"]:
        assert not any(WAITING in text for text in _notices(db, ids["joined"])), _notices(db, ids["joined"])
    else:
        assert ids["joined"] in told and ids["left"] not in told, (order, told)


def test_a_proposal_by_the_cra_a_pole_leaves_is_made_before_the_move_or_refused(app, db, scene, make_user,
                                                                                 monkeypatch):
    """The CRA of Bretagne proposes a resource person for the pole's need (checked, held before it writes) as the pole
    moves: the proposal is made before the move (which waits for it), or refused."""
    ids = _request(db, scene, make_user)
    need_id, person_id = scene.finance_need.id, scene.food.id
    checked, moved, order = threading.Event(), threading.Event(), []
    step_allowed = lifecycle.check_step

    def check_then_tell(*args, **kwargs):
        note = step_allowed(*args, **kwargs)
        if threading.current_thread().name == "propose":
            checked.set()
        return note

    monkeypatch.setattr(lifecycle, "check_step", check_then_tell)
    hold(monkeypatch, lifecycle, "_record", thread="propose", until=moved)

    def propose() -> None:
        session = db_ext.session
        services.propose_pairing(need=session.get(Need, need_id), person=session.get(ResourcePerson, person_id),
                                 organiser=session.get(User, ids["left"]))
        order.append("propose")

    outcomes = together(app, {"propose": propose, "move": _move(ids, after=checked, done=moved, order=order)})
    assert outcomes["move"] == "84", outcomes
    db.expire_all()
    if db.scalars(select(Pairing).where(Pairing.need_id == need_id)).all():
        assert order == ["propose", "move"], "the CRA the pole had left proposed a transfer after the move"
    else:
        assert str(outcomes["propose"]) == NOT_YOURS, outcomes


def test_the_cra_a_pole_joins_proposing_as_the_move_tells_it_waits_for_the_move(app, db, scene, make_user,
                                                                               monkeypatch):
    """The move holds the pole's row and is about to ring the bells of the CRA it joins when a member of that CRA
    proposes for the pole: the proposal waits for the pole's row before it locks its author's account (which the
    notice refers to) — the other way round, each waited for the other — then reads the region joined."""
    ids = _request(db, scene, make_user)
    need_id, person_id = scene.finance_need.id, scene.food.id
    moving, order = threading.Event(), []
    told = poles.tell_region_joined

    def tell_later(*args, **kwargs):
        moving.set()
        threading.Event().wait(1.5)  # the proposal comes meanwhile
        return told(*args, **kwargs)

    monkeypatch.setattr(poles, "tell_region_joined", tell_later)

    def propose() -> PairingStatus:
        moving.wait(10)
        session = db_ext.session
        pairing = services.propose_pairing(need=session.get(Need, need_id),
                                           person=session.get(ResourcePerson, person_id),
                                           organiser=session.get(User, ids["joined"]))
        order.append("propose")
        return pairing.status

    outcomes = together(app, {"propose": propose, "move": _move(ids, order=order)})
    assert outcomes == {"propose": S.PROPOSED, "move": "84"}, outcomes
    assert order == ["move", "propose"]
