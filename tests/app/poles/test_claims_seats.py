"""A pole runs with three facilitators at most, however one joins: accepting a claim counted none (a pole with its
three got a fourth, a fifth…), and two claims accepted at once, each counting two, gave it four (PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.admin.accounts import AdminRefused
from app.admin.poles import attach_facilitator
from app.poles.claims import decide_claim, request_claim
from app.poles.services import PoleError
from models import ClaimState, PoleClaim, Role, User
from tests.races import in_step, on_postgres, together

MESSAGE = "Je coordonne le pôle depuis 2023, salariée de la structure porteuse."


def _seated(db, pole_id: int) -> int:
    db.expire_all()
    return db.scalar(select(func.count(User.id)).where(User.pole_id == pole_id, User.role == Role.FACILITATOR))


def test_a_claim_on_a_pole_with_three_facilitators_is_not_accepted(db, make_user, make_pole):
    pole = make_pole("Le Damier")
    first, *_ = [make_user(Role.FACILITATOR, pole=pole) for _ in range(3)]
    claimant = make_user(Role.FACILITATOR, name="Inès Garnier")
    claim = request_claim(pole, user=claimant, message=MESSAGE)
    with pytest.raises(PoleError, match="« Le Damier » a déjà 3 animateur·rices, le maximum : la demande "
                                        "d'Inès Garnier ne peut être acceptée"):
        decide_claim(claim.id, by=first, accept=True)
    db.expire_all()
    assert db.get(PoleClaim, claim.id).state is ClaimState.PENDING and db.get(User, claimant.id).pole_id is None
    assert _seated(db, pole.id) == 3
    assert decide_claim(claim.id, by=first, accept=False).state is ClaimState.REFUSED  # refusing stays possible


def test_the_third_seat_is_still_given_by_a_claim(db, make_user, make_pole):
    pole = make_pole()
    first, _ = make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    claim = request_claim(pole, user=make_user(Role.FACILITATOR), message=MESSAGE)
    assert decide_claim(claim.id, by=first, accept=True).state is ClaimState.ACCEPTED
    assert _seated(db, pole.id) == 3


@on_postgres[0]
@on_postgres[1]
def test_two_claims_accepted_at_once_for_the_last_seat_give_it_once(app, db, make_user, make_pole, monkeypatch):
    from app.extensions import db as db_ext
    from app.poles import facilitators

    pole = make_pole()
    organiser_id = make_user(Role.ORGANISER).id
    make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    claim_ids = [request_claim(pole, user=make_user(Role.FACILITATOR), message=MESSAGE).id for _ in range(2)]

    def accept(claim_id):
        return lambda: decide_claim(claim_id, by=db_ext.session.get(User, organiser_id), accept=True).state

    in_step(monkeypatch, facilitators, "facilitators", after=True)  # both have counted before either writes
    outcomes = together(app, {f"demande {n}": accept(claim_id) for n, claim_id in enumerate(claim_ids)})
    assert sorted(map(type, outcomes.values()), key=str) == sorted([ClaimState, PoleError], key=str), outcomes
    assert _seated(db, pole.id) == 3


@on_postgres[0]
@on_postgres[1]
def test_a_claim_accepted_as_an_administrator_attaches_an_account_gives_the_last_seat_once(app, db, make_user,
                                                                                          make_pole, monkeypatch):
    from app.extensions import db as db_ext
    from app.poles import facilitators
    from models import Pole

    pole = make_pole()
    admin_id = make_user(Role.ADMIN).id
    make_user(Role.FACILITATOR, pole=pole), make_user(Role.FACILITATOR, pole=pole)
    claim_id = request_claim(pole, user=make_user(Role.FACILITATOR), message=MESSAGE).id
    attached = make_user(Role.FACILITATOR, email="rattachee@exemple.fr")

    def attach():
        return attach_facilitator(admin=db_ext.session.get(User, admin_id), pole=db_ext.session.get(Pole, pole.id),
                                  email=attached.email).id

    def accept():
        return decide_claim(claim_id, by=db_ext.session.get(User, admin_id), accept=True).state

    in_step(monkeypatch, facilitators, "facilitators", after=True)
    outcomes = together(app, {"rattachement": attach, "demande": accept})
    refused = [o for o in outcomes.values() if isinstance(o, (AdminRefused, PoleError))]
    assert len(refused) == 1 and "le maximum" in str(refused[0]), outcomes
    assert _seated(db, pole.id) == 3
