"""The needs already paired with the offers, which the ranking reads (``matching/history.py``).

Pairings belong to the transfers area: it registers how to list them, as it does for the load
against capacity (``app.suggestions.capacity``), so that suggestions never import transfers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.suggestions.embeddings import embed_texts
from matching.history import PairingHistory, PastPairing


@dataclass(frozen=True)
class HistoryProvider:
    """How an area lists the pairings the ranking may learn from (need id, offer id, the need's words), and a
    cheap fingerprint of them: the offer index reads the fingerprint every few seconds, the pairings only when
    it changes."""

    pairings: Callable[[Session], list[PastPairing]]
    fingerprint: Callable[[Session], tuple]


_providers: list[HistoryProvider] = []


def register_history_provider(provider: HistoryProvider) -> None:
    """Areas that pair needs with offers register how to list the pairings agreed."""
    if provider not in _providers:
        _providers.append(provider)


def history_fingerprint(session: Session) -> tuple:
    """Changes when a pairing is agreed or ends, or when a paired need's words change."""
    return tuple(provider.fingerprint(session) for provider in _providers)


def agreed_pairings(session: Session) -> list[PastPairing]:
    """Every registered provider's pairings (need, offer, the need's words)."""
    return [p for provider in _providers for p in provider.pairings(session)]


def pairing_history(session: Session) -> PairingHistory | None:
    """Every registered provider's pairings with their needs' vectors (from the vector cache), or None when there
    are none."""
    pairings = agreed_pairings(session)
    if not pairings:
        return None
    vectors, _ = embed_texts(session, [p.text for p in pairings])
    return PairingHistory(pairings, vectors)
