"""One-click unsubscribe at the same instant as another change of the same preferences (PostgreSQL), for a person who
never saved them (no row yet): the mail client's one-click POST and a click on the page's button, or the preferences
form saved at that moment. Each found no row and inserted one: the second insert broke the row's key, a 500 for a
link that says « rien d'autre à faire ». Both now take turns on the account's row: the second reads the first's."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from app.extensions import db as db_ext
from app.notifications import unsubscribe
from app.notifications import views as notification_views
from models import NotificationPreferences, Role
from models.notification import DIGEST, IMMEDIATE, OFF
from tests.races import on_postgres, together
import contextlib

pytestmark = on_postgres


def _both_find_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoever makes a fresh preferences row waits (at most two seconds) for the other to have read none either:
    both requests have looked before either writes — unless they take turns, one waiting for the other's commit."""
    met, made = threading.Barrier(2), NotificationPreferences.__init__

    def make(self: NotificationPreferences, *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            met.wait(2)
        made(self, *args, **kwargs)

    monkeypatch.setattr(NotificationPreferences, "__init__", make)


def _turn_off(user_id: int, kind: str):
    def call() -> None:
        unsubscribe.turn_off(unsubscribe.Request(user=db_ext.session.get(unsubscribe.User, user_id), kind=kind))
    return call


def test_the_one_click_post_twice_at_once_turns_the_mails_off_once(app, db, make_user, monkeypatch):
    user_id = make_user(Role.RESOURCE_PERSON).id
    db.commit()
    _both_find_no_row(monkeypatch)
    outcomes = together(app, {"client": _turn_off(user_id, "message"), "button": _turn_off(user_id, "message")})
    assert outcomes == {"client": None, "button": None}, outcomes
    db.expire_all()
    prefs = db.get(NotificationPreferences, user_id)
    assert (prefs.messages, prefs.seats) == (OFF, IMMEDIATE)


def test_the_one_click_post_and_the_preferences_form_at_once_both_save(app, db, make_user, monkeypatch):
    """The form (« un récapitulatif par jour » for the places freed) and the link (the messages' mails off), each
    on a field of its own: both kept, whichever came second reading the first."""
    user = make_user(Role.RESOURCE_PERSON)
    user_id = user.id
    db.commit()
    _both_find_no_row(monkeypatch)

    def form_saved() -> None:
        form = notification_views.PreferencesForm(
            MultiDict({"messages": IMMEDIATE, "seats": DIGEST, "share_contact": "y", "phone": "06 12 34 56 78"}),
            meta={"csrf": False})
        assert form.validate(), form.errors
        notification_views._save(user_id, form)

    outcomes = together(app, {"link": _turn_off(user_id, "message"), "form": form_saved})
    assert outcomes == {"link": None, "form": None}, outcomes
    db.expire_all()
    prefs = db.get(NotificationPreferences, user_id)
    assert prefs.seats == DIGEST and prefs.phone == "06 12 34 56 78"
    assert prefs.messages in (OFF, IMMEDIATE)  # the last one saved says it: the form sets every field it shows
