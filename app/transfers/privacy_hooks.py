"""Personal data: what a departing account takes with it, and what a user's export holds of the transfers.

Importing this module registers both hooks (``app.transfers.services`` imports it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.privacy.registry import register_account_deletion, register_data_export
from app.transfers.lifecycle import _notify, _record, _sync_need_status
from app.transfers.states import OPEN_STATUSES, S
from models import Pairing, PairingFeedback, ResourcePerson, MeetingStatus, User


def cancel_on_departure(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: a departing resource person's open transfers are cancelled and
    the pole told (the pairings then go with the profile)."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if person is None:
        return
    open_pairings = session.scalars(select(Pairing).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(OPEN_STATUSES)))
    for pairing in open_pairings:
        note = "La personne ressource a supprimé son compte."
        _record(pairing, S.CANCELLED, actor=None, note=note, now=now)
        pairing.decision_note = note
        for day in pairing.days:
            day.session.status = MeetingStatus.CANCELLED
            day.session.ical_sequence += 1
        session.flush()
        _sync_need_status(pairing.need)
        _notify(pairing, S.CANCELLED, actor=None, note=note)


def export_transfers(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the transfers a user asked for, took part in, and their feedback."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    conditions = [Pairing.requested_by_id == user.id]
    if person is not None:
        conditions.append(Pairing.resource_person_id == person.id)
    pairings = session.scalars(select(Pairing).where(or_(*conditions)).order_by(Pairing.id))
    feedback = {f.pairing_id: f for f in session.scalars(
        select(PairingFeedback).where(PairingFeedback.author_id == user.id))}
    return [{
        "id": p.id, "besoin": p.need.title, "pole": p.need.pole.name, "statut": p.status.label,
        "message": p.message, "cree_le": p.created_at,
        "mon_retour": ({"note": feedback[p.id].rating, "transmis": feedback[p.id].transferred,
                        "commentaire": feedback[p.id].comment} if p.id in feedback else None),
    } for p in pairings]


register_account_deletion("transferts", cancel_on_departure, order=15)
register_data_export("transferts", export_transfers, order=70)
