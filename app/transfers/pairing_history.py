"""The transfers the ranking learns from: needs whose resource person accepted to help, with the offer.

Registered as the history provider of suggestions (``app.suggestions.past_pairings``): a new need told
like one of these is likely to want the same offer. Only agreed pairings count (accepted, planned, in
progress, completed): a request or a proposal says what someone hoped, not what a person took on; a
pairing without an offer (the offer was withdrawn) has nothing to describe.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.suggestions.past_pairings import register_history_provider
from app.transfers.states import COMMITTED_STATUSES
from matching.history import PastPairing
from matching.text import profile_text
from models import Need, Pairing


def agreed_pairings(session: Session) -> list[PastPairing]:
    """Every agreed pairing with an offer, with the words of its need."""
    rows = session.execute(
        select(Pairing.need_id, Pairing.offer_id, Need.title, Need.text)
        .join(Need, Need.id == Pairing.need_id)
        .where(Pairing.status.in_(COMMITTED_STATUSES), Pairing.offer_id.is_not(None))
    )
    return [PastPairing(need_id=str(need_id), offer_id=str(offer_id), text=profile_text(title, text))
            for need_id, offer_id, title, text in rows]


register_history_provider(agreed_pairings)
