"""One working calendar link per person, whatever the interleaving: two clicks on « Créer un lien » (two tabs) each
revoked what was there before either, then each made its link — two links working, one of them pasted nowhere, a
secret that never died (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db as db_ext
from app.scheduling import feeds
from models import CalendarFeed, Role, User
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def _live(db, user_id: int) -> int:
    db.expire_all()
    return db.scalar(select(func.count(CalendarFeed.id)).where(CalendarFeed.user_id == user_id,
                                                              CalendarFeed.revoked_at.is_(None)))


def test_two_links_made_at_once_leave_one_working(app, db, make_user, monkeypatch):
    user_id = make_user(Role.FACILITATOR).id
    old = feeds.create_feed(user=db.get(User, user_id))
    in_step(monkeypatch, feeds, "_revoke", after=True)  # both have revoked before either makes its link

    def make():
        return feeds.create_feed(user=db_ext.session.get(User, user_id))

    outcomes = together(app, {"onglet 1": make, "onglet 2": make})
    assert all(isinstance(token, str) for token in outcomes.values()), outcomes
    assert _live(db, user_id) == 1
    working = [token for token in [old, *outcomes.values()] if feeds.user_for_token(token) is not None]
    assert len(working) == 1 and working[0] != old

