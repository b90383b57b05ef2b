"""On a phone the navigation folds behind « Menu », and with it the bell's count beside « Notifications »: a new
facilitator (walk on a 390 px phone) had a validated transfer in her notifications and nothing on screen said so.
The button now carries the count, and says it to a screen reader."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from models import Notification, User, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMAIL = "cra.occitanie@demo.entrepairs.fr"


#: The url of the notices this test adds (the bell counts the unread notices: there is no counter to set).
MARK = "/agenda#test-menu-unread"


def _set_unread(live_site, count: int | None) -> list[int]:
    """Makes the account's bell count ``count``: its own unread notices read, ``count`` notices of this test added
    (``None``: leaves them); returns the ids of the account's unread notices it found (to give back)."""
    with live_site.app.app_context():
        from app.extensions import db

        user_id = db.session.scalar(select(User.id).where(User.email == EMAIL))
        unread = list(db.session.scalars(select(Notification.id).where(
            Notification.user_id == user_id, Notification.read_at.is_(None), Notification.url != MARK)))
        if count is not None:
            db.session.execute(delete(Notification).where(Notification.url == MARK))
            db.session.execute(update(Notification).where(Notification.id.in_(unread)).values(read_at=utcnow()))
            db.session.add_all(Notification(user_id=user_id, category="step", text="Essai", url=MARK)
                               for _ in range(count))
            db.session.commit()
    return unread


def _give_back(live_site, unread: list[int]) -> None:
    with live_site.app.app_context():
        from app.extensions import db

        db.session.execute(delete(Notification).where(Notification.url == MARK))
        db.session.execute(update(Notification).where(Notification.id.in_(unread)).values(read_at=None))
        db.session.commit()


def test_the_menu_button_shows_and_says_the_unread_count(live_site, page):
    page.set_viewport_size(PHONE)
    before = _set_unread(live_site, None)
    try:
        sign_in(page, live_site, EMAIL)
        _set_unread(live_site, 3)
        page.goto(f"{live_site.url}/agenda")
        menu = page.locator("button.menu-toggle")
        menu.wait_for()
        assert menu.locator(".badge-count").inner_text() == "3" and menu.locator(".badge-count").is_visible()
        assert menu.get_attribute("aria-expanded") == "false"
        name = page.evaluate("document.querySelector('button.menu-toggle').innerText")
        assert "3 notifications non lues" in page.locator("button.menu-toggle").text_content() and "Menu" in name

        _set_unread(live_site, 1)
        page.reload()
        assert "Menu 1, 1 notification non lue" in " ".join(menu.text_content().split())

        _set_unread(live_site, 120)
        page.reload()
        assert menu.locator(".badge-count").inner_text() == "99+"  # a phone's button keeps its width
        assert "120 notifications non lues" in " ".join(menu.text_content().split())

        _set_unread(live_site, 0)
        page.reload()
        menu.wait_for()
        assert menu.locator(".badge-count").count() == 0 and menu.text_content() == "Menu"
    finally:
        _give_back(live_site, before)
