"""A data-confirm button's form sent without JavaScript (``confirmed`` left at 0) is asked on a page of its own and
does nothing; the page's form, or the dialog's (``confirmed`` = 1), does it (app/confirmation.py)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.scheduling import feeds
from models import CalendarFeed, Role

pytestmark = pytest.mark.web


def form_fields(form: str) -> dict[str, str]:
    """The hidden fields of one form of a page, as a browser sends them."""
    return {name: html.unescape(value) for name, value in
            re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}


def _active(db, user) -> int:
    return len(db.scalars(select(CalendarFeed).where(CalendarFeed.user_id == user.id,
                                                     CalendarFeed.revoked_at.is_(None))).all())


def _revoke_form(client) -> dict[str, str]:
    page = client.get("/calendrier/").get_data(as_text=True)
    form = re.search(r'<form[^>]*action="/calendrier/revoquer".*?</form>', page, re.S).group(0)
    return form_fields(form)


def test_a_form_sent_without_javascript_is_asked_on_a_page_and_does_nothing(client, db, login, make_user):
    user = make_user(Role.FACILITATOR)
    feeds.create_feed(user=user)
    db.commit()
    login(user)
    sent = _revoke_form(client)
    assert sent["confirmed"] == "0"

    asked = client.post("/calendrier/revoquer", data=sent, headers={"Referer": "http://entrepairs.test/calendrier/"})
    page = html.unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200
    assert "<h1>Révoquer le lien\u00a0?</h1>" in page
    said = page.replace("\u00a0", " ").replace("\u202f", " ")
    assert "<p>Révoquer le lien ? Les agendas abonnés n'afficheront plus vos rendez-vous.</p>" in said
    assert 'href="/calendrier/">Revenir en arrière</a>' in page
    assert _active(db, user) == 1

    again = form_fields(re.search(r'<form[^>]*action="/calendrier/revoquer".*?</form>', page, re.S).group(0))
    assert again["confirmed"] == "1" and "confirm_question" not in again
    assert client.post("/calendrier/revoquer", data=again).status_code == 302
    assert _active(db, user) == 0


@pytest.mark.parametrize("confirmed", ["1", None], ids=["dialog-answered", "field-absent"])
def test_a_form_the_dialog_confirmed_or_without_the_field_acts_at_once(client, db, login, make_user, confirmed):
    user = make_user(Role.FACILITATOR)
    feeds.create_feed(user=user)
    db.commit()
    login(user)
    sent = _revoke_form(client)
    if confirmed is None:
        del sent["confirmed"]
    else:
        sent["confirmed"] = confirmed
    assert client.post("/calendrier/revoquer", data=sent).status_code == 302
    assert _active(db, user) == 0
