"""The audit log: every administrative change, who made it, when, to what, before and after.

``record`` adds the event to the unit of work of the change it describes, so a change and its
line in the log are written together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import or_, select

from app.csv_export import csv_text
from app.extensions import db
from app.scheduling.wall_clock import to_utc_naive
from app.templating import viewer_timezone
from app.typography import hour_of
from models import AuditEvent, User

#: Action code → what an administrator reads.
ACTIONS: dict[str, str] = {
    "account.invite": "Invitation d'un compte",
    "account.reinvite": "Nouvel envoi d'une invitation",
    "account.change": "Changement de rôle, d'organisation ou de région",
    "account.deactivate": "Désactivation d'un compte",
    "account.reactivate": "Réactivation d'un compte",
    "account.email_change": "Changement d'adresse e-mail par son ou sa titulaire",
    "account.rename": "Changement de nom par son ou sa titulaire",
    "organisation.create": "Création d'une organisation",
    "pole.attach_facilitator": "Rattachement d'un·e animateur·rice à un pôle",
    "pole.merge": "Fusion de deux pôles",
    "outbox.send_again": "Nouvel envoi d'un e-mail abandonné",
}
#: At most this many lines on the page (the CSV export has them all).
PAGE_LIMIT = 500


def record(*, actor: User | None, action: str, target_type: str, target_id: int | None, target_label: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEvent:
    """Add one line to the log, in the caller's unit of work."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(actor_id=actor.id if actor else None,
                       actor_label=f"{actor.display_name} <{actor.email}>"[:400] if actor else "système",
                       action=action, target_type=target_type, target_id=target_id,
                       target_label=(target_label or "")[:400], before=before, after=after)
    db.session.add(event)
    return event


#: Days that bound nothing (the log holds no line before or after them): not turned into instants, which for
#: « 01/01/0001 » or « 31/12/9999 » fall outside the calendar (``OverflowError``, a 500).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(9000, 1, 1)


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    #: Searched in the actor's and the target's names.
    q: str = ""
    since: date | None = None
    until: date | None = None


def search(filters: AuditFilters, *, limit: int | None = PAGE_LIMIT) -> list[AuditEvent]:
    """Log lines matching ``filters``, newest first."""
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.q.strip():
        typed = filters.q.strip()  # « % », « _ » and « \\ » are characters to find (autoescape), not wildcards
        query = query.where(or_(AuditEvent.actor_label.icontains(typed, autoescape=True),
                                AuditEvent.target_label.icontains(typed, autoescape=True)))
    # The days typed are the reader's, as the lines show them: at 0 h 30 on 1 January in Paris (23 h 30 UTC on
    # 31 December) a change is the 1st's.
    if filters.since and filters.since > FIRST_DAY:
        query = query.where(AuditEvent.at >= to_utc_naive(filters.since, time.min, viewer_timezone()))
    if filters.until and filters.until < LAST_DAY:
        query = query.where(AuditEvent.at < to_utc_naive(filters.until + timedelta(days=1), time.min,
                                                          viewer_timezone()))
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def as_json(value: dict[str, Any] | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def audit_csv(events: Iterable[AuditEvent]) -> str:
    """The log as CSV, in the site's one convention (app/csv_export.py)."""
    return csv_text([f"date ({hour_of(viewer_timezone())})", "auteur·rice", "action", "cible", "n° de la cible",
                     "avant", "après"],
                    ([event.at, event.actor_label, ACTIONS.get(event.action, event.action),
                      event.target_label, event.target_id, as_json(event.before), as_json(event.after)]
                     for event in events))
