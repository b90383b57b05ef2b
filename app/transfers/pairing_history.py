"""The transfers the ranking learns from: needs whose resource person accepted to help, with the offer.

Registered as the history provider of suggestions (``app.suggestions.past_pairings``): a new need told
like one of these is likely to want the same offer. Only agreed pairings count (accepted, planned, in
progress, completed): a request or a proposal says what someone hoped, not what a person took on; a
pairing without an offer (the offer was withdrawn) has nothing to describe.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from app.suggestions.past_pairings import HistoryProvider, register_history_provider
from app.transfers.states import COMMITTED_STATUSES
from matching.history import PastPairing
from matching.text import profile_text
from models import Need, Pairing


def _agreed() -> ColumnElement[bool]:
    return and_(Pairing.status.in_(COMMITTED_STATUSES), Pairing.offer_id.is_not(None))


def agreed_pairings(session: Session) -> list[PastPairing]:
    """Every agreed pairing with an offer, with the words of its need."""
    rows = session.execute(
        select(Pairing.need_id, Pairing.offer_id, Need.title, Need.text, Need.pole_id)
        .join(Need, Need.id == Pairing.need_id).where(_agreed()).order_by(Pairing.id))
    return [PastPairing(need_id=str(need_id), offer_id=str(offer_id), text=profile_text(title, text),
                        pole=str(pole_id))
            for need_id, offer_id, title, text, pole_id in rows]


def agreed_fingerprint(session: Session) -> tuple:
    """One aggregate row: moves when a pairing is agreed or leaves the agreed ones (its status changes), and when
    a paired need is edited (``updated_at`` follows every content change)."""
    row = session.execute(
        select(func.count(Pairing.id), func.sum(Pairing.id), func.max(Pairing.status_changed_at),
               func.max(Need.updated_at))
        .join(Need, Need.id == Pairing.need_id).where(_agreed())).one()
    return tuple(row)


register_history_provider(HistoryProvider(pairings=agreed_pairings, fingerprint=agreed_fingerprint))
