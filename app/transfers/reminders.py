"""Reminders and expiry of the requests and proposals left unanswered (called by the scheduler and
``entrepairs expire-requests``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.links import absolute_url
from app.notifications.outbox import enqueue_template
from app.locks import lock_row
from app.transactions import unit_of_work
from app.transfers.expiry import expires_at, expiry_delay, reminder_prefix
from app.transfers.lifecycle import transition
from app.transfers.parties import facilitators_of, organisers
from app.transfers.states import AWAITING, ORGANISER, POLE, RESOURCE, S, answering_side
from models import Pairing, User, utcnow


def _waiting_for(pairing: Pairing) -> list[User]:
    """Who must answer (``answering_side``): the organisers of the region, the resource person, or the pole's
    facilitators (the help a person offered, validated)."""
    side = answering_side(pairing)
    if side == ORGANISER:
        return organisers(pairing.need.pole.region_code)
    if side == POLE:
        return facilitators_of(pairing.need.pole_id)
    person = pairing.resource_person
    return [person.user] if side == RESOURCE and person is not None and person.user.is_active else []


def remind_pending_requests(*, now: datetime | None = None) -> int:
    """Remind whoever must answer a request or proposal ``REQUEST_REMINDER_DAYS_BEFORE`` days before expiry.

    Idempotent (one outbox key per pairing, status and recipient). One unit of work per pairing, its row locked and
    read again first: one answered at the same instant gets no reminder (the answer cancels one written before it).
    Returns the messages enqueued.
    """
    now = now or utcnow()
    expiry = expiry_delay()
    before = timedelta(days=current_app.config["REQUEST_REMINDER_DAYS_BEFORE"])
    window = (now - expiry, now - (expiry - before))
    pending = list(db.session.scalars(
        select(Pairing.id).where(Pairing.status.in_(AWAITING), Pairing.status_changed_at <= window[1],
                                 Pairing.status_changed_at > window[0]).order_by(Pairing.id)))
    sent = 0
    for pairing_id in pending:
        with unit_of_work():
            pairing = lock_row(db.session, Pairing, pairing_id)
            if pairing is None or pairing.status not in AWAITING or not window[0] < pairing.status_changed_at <= window[1]:
                continue
            for user in _waiting_for(pairing):
                message = enqueue_template(
                    db.session, key=f"{reminder_prefix(pairing)}user:{user.id}", to=user,
                    subject=f"Rappel\u00a0: transfert en attente de réponse — {pairing.need.title}"[:300],
                    template="transfers/mail_reminder.txt", pairing=pairing, expires_at=expires_at(pairing),
                    link=absolute_url("transfers.show", pairing_id=pairing.id))
                sent += message is not None
    return sent


def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire requests and proposals left unanswered ``REQUEST_EXPIRY_DAYS`` days; how many. Idempotent.

    One unit of work per pairing, its row locked and read again first: one answered (or cancelled) meanwhile is left
    as it is — its refused step rolled back every expiry of the run, when they shared one unit.
    """
    now = now or utcnow()
    expiry = expiry_delay()
    stale = list(db.session.scalars(
        select(Pairing.id).where(Pairing.status.in_(AWAITING), Pairing.status_changed_at <= now - expiry)
        .order_by(Pairing.id)))
    expired = 0
    for pairing_id in stale:
        with unit_of_work():
            pairing = lock_row(db.session, Pairing, pairing_id)
            if pairing is None or pairing.status not in AWAITING or pairing.status_changed_at > now - expiry:
                continue
            # The help a person offered waited for the pole: said so, the pole's own requests as before.
            whose = "du pôle " if answering_side(pairing) == POLE else ""
            transition(pairing, S.EXPIRED, actor=None, now=now,
                       note=f"Sans réponse {whose}depuis {expiry.days} jours.")
            expired += 1
    return expired
