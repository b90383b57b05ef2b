"""Personal data: what a departing account takes with it, and what a user's export holds of the transfers.

A resource person who deletes their account leaves their transfers to the poles' history: the
pairings stay (``pairings.resource_person_id`` is ``SET NULL``, the person shown as « Compte
supprimé »), so the statistics and the bilan never change afterwards. Their open transfers are
cancelled first, as an organiser's cancellation would be: the step recorded, the days still to come
cancelled through the scheduling backbone, the pole's facilitators and the organisers told by mail
(one ICS CANCEL per day to come) and under the bell.

Importing this module registers the hooks (``app.transfers.services`` imports it).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.privacy.registry import register_account_deletion, register_data_export
from app.scheduling.meetings import cancel_meeting
from app.poles.need_status import sync_need_status
from app.transfers.lifecycle import _record
from app.transfers.step_notices import days_to_come, notify_ended
from app.transfers.states import OPEN_STATUSES, S
from app.transfers.status_words import status_words
from app.transfers.unattended import tell_pole_left_alone
from models import Pairing, PairingFeedback, ResourcePerson, User

DEPARTURE_NOTE = "La personne ressource a supprimé son compte Entrepairs."


def cancel_on_departure(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: a departing resource person's open transfers are cancelled, the pole
    and the organisers told; the transfers themselves stay (closed ones untouched)."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if person is None:
        return
    open_pairings = session.scalars(select(Pairing).where(
        Pairing.resource_person_id == person.id, Pairing.status.in_(OPEN_STATUSES)).order_by(Pairing.id)).all()
    for pairing in open_pairings:
        to_come = days_to_come(pairing, now)
        _record(pairing, S.CANCELLED, actor=None, note=DEPARTURE_NOTE, now=now)
        pairing.decision_note = DEPARTURE_NOTE
        for day in to_come:  # days already held stay as they were
            cancel_meeting(meeting=day.session)
        session.flush()
        sync_need_status(pairing.need)
        notify_ended(pairing, S.CANCELLED, actor=None, note=DEPARTURE_NOTE, days=to_come)


def export_transfers(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the transfers a user asked for, took part in, and their feedback; each status in the words
    its pages say to her (« Proposé par vous » for the help she offered, ``status_words``)."""
    person = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    conditions = [Pairing.requested_by_id == user.id]
    if person is not None:
        conditions.append(Pairing.resource_person_id == person.id)
    pairings = session.scalars(select(Pairing).where(or_(*conditions)).order_by(Pairing.id))
    feedback = {f.pairing_id: f for f in session.scalars(
        select(PairingFeedback).where(PairingFeedback.author_id == user.id))}
    return [{
        "id": p.id, "besoin": p.need.title, "pole": p.need.pole.name, "statut": status_words(p, reader_id=user.id),
        "message": p.message, "cree_le": p.created_at,
        "mon_retour": ({"note": feedback[p.id].rating, "transmis": feedback[p.id].transferred,
                        "commentaire": feedback[p.id].comment} if p.id in feedback else None),
    } for p in pairings]


register_account_deletion("transferts", cancel_on_departure, order=15)
# Before « rencontres_a_venir » (20), whose « X ne participera plus » this mail replaces for the resource person.
register_account_deletion("pole_sans_animation", tell_pole_left_alone, order=19)
register_data_export("transferts", export_transfers, order=70)
