"""What the pole did not cause itself rings its facilitators' bell: an invitation, a freed seat."""

from __future__ import annotations

from sqlalchemy import select

from app.visits import services
from models import Notification, User


def _notices(db, user: User) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_an_invitation_and_a_freed_seat_ring_the_bell_not_the_poles_own_steps(db, network, make_visit):
    first, second = network.facilitators[0], network.facilitators[1]
    visit = make_visit(capacity=1, invited=network.poles[:2])
    invited = _notices(db, first)
    assert [(n.category, n.url) for n in invited] == [("visit", f"/visites/{visit.id}")]
    # Walk 19: the title in « », as every other notice of a visit (« Invitation à une visite apprenante : Ouvrir
    # un tiers-lieu… » read as a label and its value).
    assert invited[0].text == f"Invitation à la visite apprenante «\u00a0{visit.title}\u00a0»"
    assert db.get(User, first.id).unread_notifications == 1

    services.register(visit_id=visit.id, pole_id=network.poles[0].id, user=first)
    services.register(visit_id=visit.id, pole_id=network.poles[1].id, user=second)  # full: waitlisted
    assert len(_notices(db, first)) == 1 and len(_notices(db, second)) == 1  # their own steps: mail only
    services.decline(visit_id=visit.id, pole_id=network.poles[0].id, user=first)  # the seat goes to the waitlist
    promoted = [n for n in _notices(db, second) if n.category == "seat"]
    assert len(promoted) == 1 and promoted[0].url == f"/visites/{visit.id}"
