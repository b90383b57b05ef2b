"""A regional cell's decision about a pole at the same instant as the pole changes region (PostgreSQL).

A CRA decides for its region's poles only: who runs them (a request to run a pole), whether they are PTCE (the
confirmation), what it did with them (an accompaniment). Each read the pole's region without a lock: the CRA the pole
had just left decided after the move, and the CRA it joined was told « 1 demande pour animer le pôle à décider » or
« le pôle reste à confirmer » of what the other had just decided. The region is now read under the pole's row lock
(``app.poles.region_lock``): the decision sees the move (refused, in its usual words), or the move waits for it.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from app.accompaniments import services as accompaniments
from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import opened_token
from app.extensions import db as db_ext
from app.poles import claims
from app.poles import services as poles
from models import Accompaniment, AccompanimentKind, ClaimState, Notification, Pole, PoleClaim, Role, User
from tests.races import on_postgres, together

pytestmark = on_postgres

TO_AURA = {"region_code": "84", "maturity": "emergent", "departements": ["07"], "themes": []}
MESSAGE = "Je coordonne le pôle depuis 2023, salariée de la structure porteuse."


def _checked_then_held(monkeypatch, owner: object, name: str, *, thread: str, checked: threading.Event,
                       until: threading.Event) -> None:
    """``owner.name``, called by the thread ``thread`` once its decision is checked: say so, then wait (at most
    2 s) for ``until`` before it runs — the window in which the move commits, unless it waits for the decision."""
    original = getattr(owner, name)

    def held(*args, **kwargs):
        if threading.current_thread().name == thread:
            checked.set()
            until.wait(2)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)


def _scene(db, make_pole, make_user, **pole_fields) -> dict[str, int]:
    pole = make_pole("Pôle des Coteaux", region_code="53", **pole_fields)
    ids = {"pole": pole.id, "left": make_user(Role.ORGANISER, region_code="53").id,
           "joined": make_user(Role.ORGANISER, region_code="84").id, "admin": make_user(Role.ADMIN).id}
    db.commit()
    return ids


def _move(ids: dict[str, int], *, after: threading.Event, done: threading.Event, order: list[str]):
    """The administrator moves the pole to Auvergne-Rhône-Alpes with its form, once the decision is checked."""
    def call() -> str:
        try:
            after.wait(10)
            pole = db_ext.session.get(Pole, ids["pole"])
            sent = {"name": pole.name, **TO_AURA, OPENED_ON: opened_token(poles.POLE_EDIT, pole)}
            region = poles.update_pole(pole, data=sent, by=db_ext.session.get(User, ids["admin"])).region_code
            order.append("move")
            return region
        finally:
            done.set()
    return call


def _decided_then_moved(app, ids, decide, *, checked, moved, order) -> dict:
    def decision():
        result = decide()
        order.append("decide")
        return result

    outcomes = together(app, {"decide": decision, "move": _move(ids, after=checked, done=moved, order=order)})
    assert outcomes["move"] == "84", outcomes
    return outcomes


def _joined_notice(db, ids) -> str:
    db.expire_all()
    return " ".join(db.scalars(select(Notification.text).where(Notification.user_id == ids["joined"])))


@pytest.mark.parametrize(("accept", "window"), [(True, "no_seat_left"), (False, "update")])
def test_a_request_to_run_a_pole_decided_as_it_leaves_the_region(app, db, make_pole, make_user, monkeypatch,
                                                                    accept, window):
    ids = _scene(db, make_pole, make_user)
    claim_id = claims.request_claim(db.get(Pole, ids["pole"]), user=make_user(Role.FACILITATOR), message=MESSAGE).id
    checked, moved, order = threading.Event(), threading.Event(), []
    _checked_then_held(monkeypatch, claims, window, thread="decide", checked=checked, until=moved)

    outcomes = _decided_then_moved(app, ids, lambda: claims.decide_claim(
        claim_id, by=db_ext.session.get(User, ids["left"]), accept=accept).state, checked=checked, moved=moved,
        order=order)
    db.expire_all()
    if db.get(PoleClaim, claim_id).state is not ClaimState.PENDING:
        assert order == ["decide", "move"], "the CRA the pole had left decided who runs it after the move"
        assert "demande pour animer le pôle" not in _joined_notice(db, ids)
    else:
        assert str(outcomes["decide"]) == "Vous ne pouvez pas décider de cette demande.", outcomes
        assert "1\u00a0demande pour animer le pôle à décider" in _joined_notice(db, ids)


def test_a_pole_confirmed_as_it_leaves_the_region(app, db, make_pole, make_user, monkeypatch):
    ids = _scene(db, make_pole, make_user, confirmed=False)
    checked, moved, order = threading.Event(), threading.Event(), []
    _checked_then_held(monkeypatch, poles, "utcnow", thread="decide", checked=checked, until=moved)

    outcomes = _decided_then_moved(app, ids, lambda: poles.confirm_pole(
        db_ext.session.get(Pole, ids["pole"]), by=db_ext.session.get(User, ids["left"])), checked=checked,
        moved=moved, order=order)
    db.expire_all()
    if db.get(Pole, ids["pole"]).confirmed_at is not None:
        assert order == ["decide", "move"], "the CRA the pole had left confirmed it after the move"
        assert "reste à confirmer" not in _joined_notice(db, ids)
    else:
        assert str(outcomes["decide"]) == "Seule l'équipe d'animation de sa région peut confirmer un pôle.", outcomes


def test_an_accompaniment_recorded_as_the_pole_leaves_the_region(app, db, make_pole, make_user, monkeypatch):
    ids = _scene(db, make_pole, make_user)
    checked, moved, order = threading.Event(), threading.Event(), []
    _checked_then_held(monkeypatch, accompaniments, "insert_once", thread="decide", checked=checked, until=moved)
    data = accompaniments.AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date(2026, 1, 12),
                                            notes="Point sur le plan d'action.")

    outcomes = _decided_then_moved(app, ids, lambda: accompaniments.record_accompaniment(
        pole=db_ext.session.get(Pole, ids["pole"]), author=db_ext.session.get(User, ids["left"]), data=data).id,
        checked=checked, moved=moved, order=order)
    db.expire_all()
    if db.scalars(select(Accompaniment)).all():
        assert order == ["decide", "move"], "the CRA the pole had left recorded an accompaniment after the move"
    else:
        assert "que pour les pôles de votre région" in str(outcomes["decide"]), outcomes
