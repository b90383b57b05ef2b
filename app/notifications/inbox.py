"""Notices under the bell, and their mail: each one at once, or in a daily digest, as the person chose.

A notice is written in the caller's unit of work with its mail (outbox, unique key), so a step
that runs twice notifies once. The unread count is not stored: ``User.unread_notifications`` counts the unread
notices (index ``ix_notifications_user_unread``), in the statement that loads the signed-in user. Ringing a bell
is thus one INSERT: it writes no account row, which bookings and deactivations lock first (``app.locks``), and no
counter can drift from the notices (a purge, a withdrawal, a bulk read).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, not_, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.links import absolute_path_url, absolute_url
from app.locks import lock_row
from app.notifications.outbox import Attachment, enqueue, enqueue_template
from app.typography import count as count_fr
from models import Notification, NotificationPreferences, OutboxMessage, User, utcnow
from models.notification import DIGEST, IMMEDIATE

CATEGORIES = {
    "message": "Messages de vos transferts",
    "reminder": "Rappels de rendez-vous",
    "seat": "Places libérées (listes d'attente)",
}
#: The categories one may receive in the daily digest. Not reminders: sent the day before, one could come after its
#: meeting in a digest (they leave by mail, ``scheduling.reminders``; the page says so).
_PREFERENCE_FIELD = {"message": "messages", "seat": "seats"}
#: The footer of a mail sent at once in a category the person may switch to the daily digest: where to do it.
_DIGEST_CHOICE = {
    "message": "Vous recevez chaque message par e-mail ; pour un récapitulatif quotidien à la place :",
    "seat": "Vous recevez par e-mail chaque place qui se libère pour vous ; pour un récapitulatif quotidien à la place :",
}


def preferences_of(user_id: int) -> NotificationPreferences:
    """The person's preferences (defaults when never changed; not added to the session)."""
    found = db.session.get(NotificationPreferences, user_id)
    return found if found is not None else NotificationPreferences(
        user_id=user_id, messages=IMMEDIATE, reminders=IMMEDIATE, seats=IMMEDIATE, share_contact=True, phone="")


def locked_preferences(user_id: int) -> NotificationPreferences:
    """The person's preferences, to change inside the caller's unit of work (made with the defaults, and added, when
    never saved). The account's row is locked first: two changes at once (a mail client's one-click unsubscribe and
    the page's button, or the preferences form) take turns, the second reading the first's row — each found none and
    inserted one, the second breaking its key."""
    lock_row(db.session, User, user_id, others_may_refer=True)
    found = db.session.get(NotificationPreferences, user_id, populate_existing=True)
    if found is None:
        found = preferences_of(user_id)
        db.session.add(found)
    return found


def mode_for(user_id: int, category: str) -> str:
    field = _PREFERENCE_FIELD.get(category)
    return getattr(preferences_of(user_id), field) if field else IMMEDIATE


def notify(*, user: User, category: str, text: str, url: str, key: str, subject: str, template: str,
           attachment: Attachment | None = None, **context: object) -> Notification:
    """A notice under ``user``'s bell, and its mail now unless they chose the daily digest, or no mail (``OFF``).

    ``attachment`` (an .ics, usually) goes with the immediate mail; the digest links to the page instead.
    """
    notice = _add_notice(user, category, text, url)
    mode = mode_for(user.id, category)
    if mode == IMMEDIATE:
        enqueue_template(db.session, key=key, to=user, subject=subject[:300], template=template,
                         attachment=attachment, footer=digest_choice(category), notice=notice,
                         unsubscribe=category if category in _PREFERENCE_FIELD else None, **context)
    if mode != DIGEST:
        notice.digested_at = utcnow()  # its mail is on its way, or turned off (the bell alone): no digest carries it
    db.session.flush()
    return notice


def digest_choice(category: str) -> str:
    """The footer saying where to get ``category`` in the daily digest instead (« -- » opens a mail's signature:
    clients grey it and leave it out of a reply), or nothing for a category without that choice. Only the
    message mail said it: a freed seat, which the same page lets one receive in the digest, did not."""
    if category not in _DIGEST_CHOICE:
        return ""
    return f"-- \n{_DIGEST_CHOICE[category]}\n{absolute_url('notifications.preferences')}\n"


def notice_beside_mail(*, user: User, category: str, text: str, url: str) -> Notification:
    """A notice under ``user``'s bell for news whose mail leaves at once whatever the digest choice (a session
    cancelled or moved cannot wait for tomorrow's digest): the caller enqueues that mail itself."""
    notice = _add_notice(user, category, text, url)
    notice.digested_at = utcnow()  # no digest carries it: its mail leaves now
    db.session.flush()
    return notice


def _add_notice(user: User, category: str, text: str, url: str) -> Notification:
    """The notice row (one more unread on the bell, which counts them)."""
    notice = Notification(user_id=user.id, category=category, text=text[:300], url=url[:300])
    db.session.add(notice)
    return notice


def recent(user: User, *, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_all_read(*, user: User) -> int:
    """Every notice of ``user`` read; the bell goes back to zero. Returns how many were unread."""
    result = db.session.execute(update(Notification).where(Notification.user_id == user.id,
                                                           Notification.read_at.is_(None))
                                .values(read_at=utcnow()))
    set_committed_value(user, "unread_notifications", 0)  # the page being rendered shows the bell cleared
    return result.rowcount or 0


def send_digests(*, now: datetime | None = None) -> int:
    """One mail per person with notices of categories they set to « digest » not yet sent; returns how many."""
    now = now or utcnow()
    digest_users = {p.user_id: p for p in db.session.scalars(select(NotificationPreferences).where(
        (NotificationPreferences.messages == DIGEST) | (NotificationPreferences.seats == DIGEST)))}
    if not digest_users:
        return 0
    pending = db.session.scalars(select(Notification).where(
        Notification.user_id.in_(list(digest_users)), Notification.digested_at.is_(None),
        Notification.created_at <= now).order_by(Notification.created_at))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notice in pending:
        if getattr(digest_users[notice.user_id], _PREFERENCE_FIELD.get(notice.category, ""), IMMEDIATE) == DIGEST:
            by_user[notice.user_id].append(notice)
    sent = 0
    for user_id, notices in by_user.items():
        user = db.session.get(User, user_id)
        if user is None or not user.is_active:
            continue
        lines = [f"- {n.text}\n  {absolute_path_url(n.url)}" for n in notices]
        news = count_fr(len(notices), "nouveauté")
        body = (f"Bonjour {user.display_name},\n\n"
                f"Voici ce qui vous attend sur Entrepairs "
                f"({news}) :\n\n" + "\n".join(lines)
                + "\n\nVous recevez ce récapitulatif une fois par jour ; vos préférences : "
                + absolute_path_url("/mon-compte/notifications") + "\n\nL'équipe Entrepairs\n")
        enqueue(db.session, key=f"digest:{user_id}:{now:%Y-%m-%d}:{notices[-1].id}", to=user,
                subject=f"Entrepairs\u00a0: {news}", body=body, unsubscribe="digest")
        for notice in notices:
            notice.digested_at = now
        sent += 1
    db.session.flush()
    return sent


#: Mails about the account itself (its password, its address, its invitation, its retention notice): kept when the
#: account's scope changes. Every other unsent mail was written for the work the person followed.
ACCOUNT_MAILS = ("auth:", "retention:")


def forget_former_scope(*, user: User) -> tuple[int, int]:
    """Drop the notices under ``user``'s bell and the mails not yet sent to them, written for what their former scope
    let them follow (an organiser moved to another region, out of a CRA, out of the organisers): an administrator's
    change of the account must not leave the bell, the daily digest or a mail waiting for a retry naming the poles of
    a region they no longer follow. The account's own mails (``ACCOUNT_MAILS``) stay. Returns (notices, mails)."""
    notices = db.session.execute(delete(Notification).where(Notification.user_id == user.id)).rowcount or 0
    set_committed_value(user, "unread_notifications", 0)
    mails = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.recipient_id == user.id, OutboxMessage.sent_at.is_(None),
                                    OutboxMessage.cancelled_at.is_(None),
                                    not_(or_(*(OutboxMessage.key.startswith(p) for p in ACCOUNT_MAILS))))
        .values(cancelled_at=utcnow())).rowcount or 0
    return notices, mails
