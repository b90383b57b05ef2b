"""A session cancelled or moved is said under the bell too, and its mail still leaves at once for someone who
chose the daily digest for reminders (walk 4: these changes reached mail only)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.agenda import cancellation, services, slot_times
from app.notifications.inbox import send_digests
from app.templating import format_range, zone_of
from models import Notification, NotificationPreferences, OutboxMessage, Role, User
from models.notification import DIGEST


def _notices(db, user) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.user_id == user.id)
                           .order_by(Notification.id)))


def _digest_for_reminders(db, user) -> None:
    db.add(NotificationPreferences(user_id=user.id, messages=DIGEST, reminders=DIGEST, seats=DIGEST,
                                   share_contact=True, phone=""))
    db.commit()


def test_cancelling_puts_a_notice_under_each_bell_and_the_mail_goes_now(db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1)
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    services.register(session_id=session.id, user=waiting)
    _digest_for_reminders(db, seated)
    before = {u.id: db.get(User, u.id).unread_notifications for u in (seated, waiting)}

    cancellation.cancel(session=session, organiser=organiser)

    to_seated, to_waiting = _notices(db, seated)[-1], _notices(db, waiting)[-1]
    assert to_seated.text == f"Session annulée\u00a0: «\u00a0{session.title}\u00a0»"
    assert to_waiting.text.endswith("(vous étiez en liste d'attente)")
    assert to_seated.url == f"/agenda/{session.id}" and to_seated.category == "reminder"
    for user in (seated, waiting):
        db.expire_all()
        assert db.get(User, user.id).unread_notifications == before[user.id] + 1
    # The digest choice does not hold a cancellation back: the mail is queued now, no digest repeats it.
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == seated.id,
                                                 OutboxMessage.key.contains(":cancelled"))) is not None
    assert to_seated.digested_at is not None
    assert send_digests() == 0


def test_a_new_time_is_said_under_the_bell(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = session.slots[0]
    later = slot.starts_at + timedelta(hours=2)
    slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                         starts_at=later, ends_at=later + timedelta(hours=1))
    # Walk 19: the notice says the new time (in the reader's zone, as the site says a range), not only that it moved.
    when = format_range(later, later + timedelta(hours=1), zone_of(facilitator))
    assert _notices(db, facilitator)[-1].text == f"Nouvel horaire pour «\u00a0{session.title}\u00a0»\u00a0: {when}"
    assert " de\u00a0" in when and " à\u00a0" in when


def test_a_new_time_too_long_for_the_bell_leaves_the_notice_whole():
    from app.agenda.mails import BELL_MAX, bell_text

    across = "du mercredi 30 septembre 2026 à 22 h 30 au jeudi 1er octobre 2026 à 1 h 30"  # 301 with the title
    notice = bell_text("moved", "T" * 200, when=across)
    assert notice == f"Nouvel horaire pour «\u00a0{'T' * 200}\u00a0»" and len(notice) <= BELL_MAX
    assert bell_text("moved", "Atelier", when=across).endswith(f"»\u00a0: {across}")
