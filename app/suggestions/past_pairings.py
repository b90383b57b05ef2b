"""The needs already paired with the offers, which the ranking reads (``matching/history.py``).

Pairings belong to the transfers area: it registers how to list them, as it does for the load
against capacity (``app.suggestions.capacity``), so that suggestions never import transfers.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from app.suggestions.embeddings import embed_texts
from matching.history import PairingHistory, PastPairing

#: Returns every past pairing the ranking may learn from (need id, offer id, the need's words).
HistoryProvider = Callable[[Session], list[PastPairing]]
_providers: list[HistoryProvider] = []


def register_history_provider(provider: HistoryProvider) -> None:
    """Areas that pair needs with offers register how to list the pairings agreed."""
    if provider not in _providers:
        _providers.append(provider)


def past_pairings(session: Session) -> list[PastPairing]:
    """Every registered provider's pairings, in a stable order."""
    pairings = [p for provider in _providers for p in provider(session)]
    return sorted(pairings, key=lambda p: (int(p.need_id), int(p.offer_id)))


def history_fingerprint(pairings: list[PastPairing]) -> tuple:
    """Changes when a pairing is agreed or ends, or when a paired need's words change."""
    return tuple((p.need_id, p.offer_id, hash(p.text)) for p in pairings)


def pairing_history(session: Session, pairings: list[PastPairing]) -> PairingHistory | None:
    """The pairings with their needs' vectors (from the vector cache), or None when there are none."""
    if not pairings:
        return None
    vectors, _ = embed_texts(session, [p.text for p in pairings])
    return PairingHistory(pairings, vectors)
