"""« Inviter » sent twice at once (a double click, two organisers) for the same poles (PostgreSQL): both requests
read the visit's invitations before either wrote, and the second insert broke the unique (visit, pole) key — an
error page, for an invitation the first click had sent. The visit's row is now locked first, as a registration
locks it: the second request reads the invitations the first made and adds none."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.visits import creation, services
from models import LearningVisit, OutboxMessage, Pole, Role, VisitRegistration
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def test_the_same_poles_invited_twice_at_once_are_invited_once(app, db, network, make_visit, make_pole, make_user,
                                                               monkeypatch):
    visit = make_visit(invited=network.poles[:1])
    late = make_pole("Pôle des Bords de Loire", region_code="52")
    facilitator = make_user(Role.FACILITATOR, pole=late)
    visit_id, pole_id = visit.id, late.id
    in_step(monkeypatch, creation, "VisitRegistration")  # both past their reading of the invitations

    def invite() -> int:
        return services.invite_poles(db_ext.session.get(LearningVisit, visit_id),
                                     poles=[db_ext.session.get(Pole, pole_id)])

    outcomes = together(app, {"premier clic": invite, "second clic": invite})

    assert sorted(outcomes.values(), key=str) == [0, 1], outcomes
    db.expire_all()
    assert db.scalar(select(func.count(VisitRegistration.id)).where(
        VisitRegistration.visit_id == visit_id, VisitRegistration.pole_id == pole_id)) == 1
    assert db.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.key.startswith(f"visit:{visit_id}:"),
        OutboxMessage.key.endswith(f":invitation:user:{facilitator.id}"))) == 1
