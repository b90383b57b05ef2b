"""Past pairings: an offer is also described by the needs it has already answered.

A resource person writes an offer once, in the words of the trade (« groupement d'employeurs »);
the poles she then helps describe their situation in their own words (« chaque saison on recommence
à recruter à zéro »). Those past needs bridge the two vocabularies: a new need told like one of them
is likely to want the same person. The signal is a vote of the nearest past needs in meaning, and
only of needs that are really close (``MIN_SIMILARITY``): a platform with few pairings has few
close neighbours, so the vote stays silent instead of favouring the offers that happen to have a
history. Chosen on the tuning sets (see README): never a loss on dev.json, a gain on the story sets
as history grows.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.embedders import l2_normalise

#: How many past needs, the closest in meaning, may vote.
NEIGHBOURS = 5

#: A past need votes only with the cosine above this (sentence embeddings of the default model).
MIN_SIMILARITY = 0.55


@dataclass(frozen=True)
class PastPairing:
    """A need that was paired with an offer (the person accepted to help), the need's words and its pole (same
    identity as ``NeedProfile.pole``; None when unknown)."""

    need_id: str
    offer_id: str
    text: str
    pole: str | None = None


class PairingHistory:
    """The past pairings and their needs' vectors (one row per pairing, same order)."""

    def __init__(self, pairings: Sequence[PastPairing], vectors: np.ndarray) -> None:
        self.pairings = list(pairings)
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(vectors) != len(self.pairings):
            raise ValueError(f"{len(vectors)} vecteurs pour {len(self.pairings)} transferts passés")
        self.vectors = l2_normalise(vectors) if len(self.pairings) else vectors
        self._rows_of_need = _rows_by([p.need_id for p in self.pairings])
        self._rows_of_pole = _rows_by([p.pole for p in self.pairings])
        self._columns: tuple[Sequence[str], np.ndarray] | None = None

    def offer_columns(self, offer_ids: Sequence[str]) -> np.ndarray:
        """The column of each pairing's offer in ``offer_ids`` (−1: not there, e.g. withdrawn). Kept for the
        last ``offer_ids`` seen: a fitted matcher asks with the same list for every need."""
        if self._columns is None or self._columns[0] is not offer_ids:
            column = {offer_id: j for j, offer_id in enumerate(offer_ids)}
            self._columns = (offer_ids, np.array([column.get(p.offer_id, -1) for p in self.pairings], dtype=np.int64))
        return self._columns[1]

    def __len__(self) -> int:
        return len(self.pairings)

    def votes(
        self, need_ids: Sequence[str], need_vectors: np.ndarray, offer_ids: Sequence[str],
        need_poles: Sequence[str | None] | None = None,
    ) -> np.ndarray:
        """``n_needs × n_offers`` votes of the past needs for the offers they were paired with.

        Each need's ``NEIGHBOURS`` closest past needs vote for the offer they were paired with, by how much
        their cosine exceeds ``MIN_SIMILARITY`` — never itself (a need already paired is ranked again without
        its own pairing) nor another need of its own pole (``need_poles``): the vote, and the card's « A déjà
        accompagné un pôle sur un besoin proche », speak of what the person did for another pole.
        """
        n, m = len(need_ids), len(offer_ids)
        votes = np.zeros((n, m), dtype=np.float32)
        if not self.pairings or not n:
            return votes
        offers = self.offer_columns(offer_ids)
        sims = l2_normalise(np.asarray(need_vectors, dtype=np.float32).reshape(n, -1)) @ self.vectors.T
        for row, need_id in enumerate(need_ids):
            sims[row, self._rows_of_need.get(need_id, [])] = -1.0
            if need_poles is not None and need_poles[row] is not None:
                sims[row, self._rows_of_pole.get(need_poles[row], [])] = -1.0
            depth = min(NEIGHBOURS, len(self.pairings))
            best = np.argpartition(-sims[row], depth - 1)[:depth]
            for h in best:
                excess = float(sims[row, h]) - MIN_SIMILARITY
                if excess > 0 and offers[h] >= 0:
                    votes[row, offers[h]] += excess
        return votes


def _rows_by(keys: Sequence[str | None]) -> dict[str, list[int]]:
    """The rows of each key (None left out): a need's own pairings and its pole's, found without a scan of
    every pairing for each need ranked."""
    rows: dict[str, list[int]] = {}
    for row, key in enumerate(keys):
        if key is not None:
            rows.setdefault(key, []).append(row)
    return rows
