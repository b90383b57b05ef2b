"""The pole answering the help a resource person offered, at the same instant as another step (PostgreSQL). The pole's
« yes » locks the transfer, then the person's row (her capacity: she is the one committing), in the order of every
acceptance: two poles accepting her offers at once never take her beyond her capacity, and her withdrawal at the
pole's « yes » is one or the other, never both."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db as db_ext
from app.pair_space.initiative import offer_help
from app.transfers import reminders, services
from models import Pairing, PairingEvent, PairingStatus, User, utcnow
from tests.races import hold, on_postgres, together

pytestmark = on_postgres

S = PairingStatus


def _one_or_the_other(outcomes: dict) -> tuple[list[str], list[services.TransferError]]:
    """Who won (the one step that went through) and the refusal of the other; one of each, or the race was lost."""
    won = [name for name, outcome in outcomes.items() if isinstance(outcome, PairingStatus)]
    lost = [outcome for outcome in outcomes.values() if isinstance(outcome, services.TransferError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    return won, lost


def _validated(scene, need, key: str) -> int:
    pairing = offer_help(need=need, person=scene.food, message="Je peux aider.", idempotency_key=key * 24)
    services.transition(pairing, S.VALIDATED, actor=scene.organiser)
    return pairing.id


def _step(pairing_id: int, to: PairingStatus, user_id: int, note: str = ""):
    def call() -> PairingStatus:
        pairing = services.transition(db_ext.session.get(Pairing, pairing_id), to,
                                      actor=db_ext.session.get(User, user_id), note=note)
        return pairing.status
    return call


def test_two_poles_accepting_her_offers_at_once_keep_her_capacity(app, db, scene):
    first, second = _validated(scene, scene.finance_need, "a"), _validated(scene, scene.food_need, "b")
    scene.food.yearly_capacity = 1  # lowered since: one more « yes » only
    db.commit()
    outcomes = together(app, {"pole": _step(first, S.ACCEPTED, scene.facilitator.id),
                              "other_pole": _step(second, S.ACCEPTED, scene.other_facilitator.id)})
    accepted = [name for name, outcome in outcomes.items() if outcome is S.ACCEPTED]
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, services.TransferError)]
    assert len(accepted) == 1 and len(refused) == 1, outcomes
    assert "sa capacité annuelle" in refused[0].message
    db.expire_all()
    assert sorted(db.get(Pairing, pid).status.value for pid in (first, second)) == ["accepted", "validated"]


def test_her_withdrawal_at_the_pole_yes_is_one_or_the_other(app, db, scene):
    pairing_id = _validated(scene, scene.finance_need, "c")
    db.commit()
    outcomes = together(app, {"pole": _step(pairing_id, S.ACCEPTED, scene.facilitator.id),
                              "person": _step(pairing_id, S.CANCELLED, scene.food.user_id, "Empêchement")})
    won, lost = _one_or_the_other(outcomes)
    db.expire_all()
    assert db.get(Pairing, pairing_id).status is (S.ACCEPTED if won == ["pole"] else S.CANCELLED)


def test_the_pole_yes_and_an_organiser_cancelling_it_at_once_is_one_or_the_other(app, db, scene):
    """The help validated, the pole accepting it as an organiser cancels it: both lock the transfer first."""
    pairing_id = _validated(scene, scene.finance_need, "d")
    db.commit()
    outcomes = together(app, {"pole": _step(pairing_id, S.ACCEPTED, scene.facilitator.id),
                              "organiser": _step(pairing_id, S.CANCELLED, scene.organiser.id, "Doublon")})
    won, lost = _one_or_the_other(outcomes)
    assert "entre-temps" in lost[0].message  # « Ce transfert est passé entre-temps à … : rien n'a été enregistré. »
    db.expire_all()
    assert db.get(Pairing, pairing_id).status is (S.ACCEPTED if won == ["pole"] else S.CANCELLED)


def test_her_offer_validated_as_she_withdraws_it_is_one_or_the_other(app, db, scene):
    """Before validation: the organiser's « Valider la proposition » and her « Retirer ma proposition » at once."""
    pairing_id = offer_help(need=scene.finance_need, person=scene.food, message="Je peux aider.",
                            idempotency_key="e" * 24).id
    db.commit()
    outcomes = together(app, {"organiser": _step(pairing_id, S.VALIDATED, scene.organiser.id),
                              "person": _step(pairing_id, S.CANCELLED, scene.food.user_id, "Empêchement")})
    db.expire_all()
    steps = list(db.scalars(select(PairingEvent.to_status).where(PairingEvent.pairing_id == pairing_id)
                            .order_by(PairingEvent.id)))
    if outcomes == {"organiser": S.VALIDATED, "person": S.CANCELLED}:
        # Taken in turn, the validation first: she may still withdraw a validated offer, and her withdrawal stands
        # (without the lock, both read « requested » and the validation could overwrite it: status « validated »).
        assert steps[-2:] == [S.VALIDATED, S.CANCELLED]
        assert db.get(Pairing, pairing_id).status is S.CANCELLED
        return
    won, lost = _one_or_the_other(outcomes)  # her withdrawal first: a withdrawn offer is not validated
    assert db.get(Pairing, pairing_id).status is (S.VALIDATED if won == ["organiser"] else S.CANCELLED)
    assert steps[-1] is db.get(Pairing, pairing_id).status


def test_the_pole_yes_as_the_job_expires_the_help_is_kept(app, db, scene, monkeypatch):
    """The job read the help left unanswered by the pole, the pole accepted it before the job locked it: accepted,
    not expired (the job reads it again under the transfer's lock)."""
    pairing_id = _validated(scene, scene.finance_need, "f")
    db.execute(update(Pairing).values(status_changed_at=utcnow() - timedelta(days=30)))
    db.commit()
    accepted = threading.Event()
    hold(monkeypatch, reminders, "lock_row", thread="job", until=accepted, seconds=10)
    pole_yes = _step(pairing_id, S.ACCEPTED, scene.facilitator.id)

    def accept() -> PairingStatus:
        try:
            return pole_yes()
        finally:
            accepted.set()

    outcomes = together(app, {"job": services.expire_stale_requests, "pole": accept})
    assert outcomes == {"job": 0, "pole": S.ACCEPTED}, outcomes
    db.expire_all()
    assert db.get(Pairing, pairing_id).status is S.ACCEPTED
