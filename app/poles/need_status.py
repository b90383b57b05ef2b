"""Who writes a need's status, and how they take turns: its pole (« Clore », « Rouvrir ») and its transfers (« En
cours » once one is accepted, back to « Ouvert » when none is left).

Both write the same row from what they read: without a lock, a pole reopening its need as its transfer was being
accepted left it « Ouvert » with a transfer under way (the next batch run paired it again), and a transfer could be
proposed on a need its pole had just closed. Each writer locks the need's row first (``app/locks.py``), after the
accounts, the resource person and the pairing it locks (so never a deadlock), then reads the status and counts the
transfers afresh: the second one waits for the first to commit, then sees what it did.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.locks import lock_row
from app.refused import Refused
from app.transfers.states import COMMITTED_STATUSES
from models import Need, NeedStatus, Pairing


class NeedStatusRefused(Refused):
    """A status a pole may not set by hand; ``str()`` is a French message."""


def lock_need(need: Need) -> Need:
    """Lock the need's row until the unit of work ends and read its status afresh (the same object, reloaded)."""
    locked = lock_row(db.session, Need, need.id)
    if locked is None:
        raise NeedStatusRefused("Ce besoin n'existe plus.")
    return locked


def _from_transfers(need: Need) -> NeedStatus:
    """« En cours » while a transfer the person said yes to exists (a completed one too: only its pole closes it)."""
    engaged = db.session.scalar(select(func.count(Pairing.id)).where(
        Pairing.need_id == need.id, Pairing.status.in_(COMMITTED_STATUSES)))
    return NeedStatus.IN_PROGRESS if engaged else NeedStatus.OPEN


def sync_need_status(need: Need) -> NeedStatus:
    """After a transfer's step: a need with an accepted transfer is in progress, open again when none is left; a
    closed need stays closed (its pole's word). Call inside the step's unit of work."""
    need = lock_need(need)
    if need.status is not NeedStatus.CLOSED:
        need.status = _from_transfers(need)
    return need.status


def set_by_pole(need: Need, status: NeedStatus) -> NeedStatus:
    """The pole closes its need or reopens it (« En cours » again when a transfer of it is under way); the status
    it now has. Closing twice closes once. Call inside a unit of work."""
    if status is NeedStatus.IN_PROGRESS:
        raise NeedStatusRefused("Un besoin passe « En cours » de lui-même, quand un transfert est accepté.")
    need = lock_need(need)
    need.status = NeedStatus.CLOSED if status is NeedStatus.CLOSED else _from_transfers(need)
    return need.status
