"""When a request or proposal left unanswered expires: said once for the page, the mails that ask for an answer,
the reminder and the expiry job (``reminders``), in a module that needs nothing of the transfers' lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from models import Pairing


def expiry_delay() -> timedelta:
    """How long a request or proposal waits for its answer before it expires (``REQUEST_EXPIRY_DAYS``)."""
    return timedelta(days=current_app.config["REQUEST_EXPIRY_DAYS"])


def expires_at(pairing: Pairing) -> datetime:
    """When ``pairing``, left unanswered, expires: the page, the reminder and the expiry job agree on it."""
    return pairing.status_changed_at + expiry_delay()


def reminder_prefix(pairing: Pairing) -> str:
    """The outbox keys of the reminders of ``pairing``'s present wait (its status): the next step cancels those not
    sent yet (``lifecycle.transition``), one the job wrote as the answer came included."""
    return f"pairing:{pairing.id}:{pairing.status.value}:reminder:"
