"""Reminders of a meeting are not offered in the daily digest: the choice was on the page and changed no mail
(the reminder job always sends them, the day before), and a reminder in a digest could come after its meeting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.notifications import inbox
from models import Notification, NotificationPreferences, OutboxMessage, utcnow
from models.notification import DIGEST


def test_the_page_offers_no_digest_for_reminders_and_says_how_they_come(client, login, make_user):
    login(make_user(email="anna@example.org"))
    page = client.get("/mon-compte/notifications").get_data(as_text=True)
    assert 'name="reminders"' not in page
    assert 'name="messages"' in page and 'name="seats"' in page
    assert "Les rappels de rendez-vous arrivent toujours par <span class=\"nowrap\">e-mail</span>, 24\u00a0heures avant" in page


def test_a_person_who_chose_the_digest_for_reminders_before_gets_no_reminder_in_the_digest(db, make_user):
    """An old row saying « digest » for reminders puts no reminder notice in a digest (they left by mail)."""
    user = make_user(email="bruno@example.org")
    db.add(NotificationPreferences(user_id=user.id, reminders=DIGEST))
    db.add(Notification(user_id=user.id, category="reminder", text="Rappel : atelier", url="/agenda/1"))
    db.commit()
    assert inbox.mode_for(user.id, "reminder") != DIGEST
    assert inbox.send_digests(now=utcnow() + timedelta(minutes=1)) == 0
    assert not db.scalars(select(OutboxMessage).where(OutboxMessage.key.startswith("digest:"))).all()
