"""The agenda's personal data: a person's registrations in their export; on deletion, their seats freed.

A registration keeps its pole for the bilan (``user_id`` is ``SET NULL``: counted, no longer named) and a random
token of the leaver (``departed_person``), so that the review still counts them as one person; an upcoming seat the
leaver held goes to the first person waiting, like any unregistration.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.privacy.registry import register_account_deletion, register_data_export
from models import CollectiveRegistration, User


def export_registrations(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(CollectiveRegistration).where(CollectiveRegistration.user_id == user.id)
                           .order_by(CollectiveRegistration.requested_at, CollectiveRegistration.id))
    return [{"session": r.collective_session.title, "type": r.collective_session.kind.label,
             "statut": r.status.label, "present": r.attended, "utilite": r.usefulness,
             "reutilisera": r.will_reuse, "demande_le": r.requested_at} for r in rows]


def free_seats_on_departure(session: Session, user: User, now: datetime) -> None:
    """Upcoming registrations of a leaver are cancelled (and their seats offered) before the account goes."""
    from app.agenda.releases import release_places

    release_places(user)
    # The rows that stay: one token for all of them, so that « Personnes différentes » still counts the leaver once.
    session.execute(update(CollectiveRegistration).where(CollectiveRegistration.user_id == user.id)
                    .values(departed_person=secrets.token_hex(16)))


register_data_export("inscriptions_aux_sessions", export_registrations, order=76)
register_account_deletion("inscriptions_aux_sessions", free_seats_on_departure, order=20)
