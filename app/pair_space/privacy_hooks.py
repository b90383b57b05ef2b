"""The pair space's personal data: a person's messages in their export; on deletion, what goes and what stays.

On account deletion a person's messages stay in the pair's history (the other side keeps the
conversation), their author shown as « Compte supprimé » (``author_id`` is ``SET NULL``); their
notices and preferences go with the account (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.privacy.registry import register_data_export
from models import Notification, NotificationPreferences, TransferMessage, User


def export_messages(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(TransferMessage).where(TransferMessage.author_id == user.id)
                           .order_by(TransferMessage.created_at, TransferMessage.id))
    return [{"transfert": m.pairing_id, "besoin": m.pairing.need.title, "texte": m.body, "ecrit_le": m.created_at}
            for m in rows]


def export_notifications(session: Session, user: User) -> dict[str, Any]:
    prefs = session.get(NotificationPreferences, user.id)
    notices = session.scalars(select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at, Notification.id))
    return {
        "preferences": None if prefs is None else {
            "messages": prefs.messages, "rappels": prefs.reminders, "places": prefs.seats,
            "partage_des_coordonnees": prefs.share_contact, "telephone": prefs.phone},
        "avis": [{"texte": n.text, "lien": n.url, "cree_le": n.created_at, "lu_le": n.read_at} for n in notices],
    }


register_data_export("messages_des_transferts", export_messages, order=72)
register_data_export("notifications", export_notifications, order=74)
