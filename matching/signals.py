"""Structured signals between needs and offers: maturity, region, capacity (pure numpy)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Maturity stages of a pole, from youngest to most mature.
MATURITY_LEVELS: dict[str, int] = {"en_creation": 0, "emergent": 1, "consolide": 2}
MATURITY_LABELS: dict[str, str] = {"en_creation": "en création", "emergent": "émergent", "consolide": "consolidé"}


def maturity_level(value: str | None) -> float:
    """Stage index, or NaN when unknown (unknown stages carry no signal)."""
    if value is None:
        return float("nan")
    return float(MATURITY_LEVELS.get(value.strip().lower().replace("é", "e").replace(" ", "_"), np.nan))


def maturity_signal(need_levels: np.ndarray, offer_levels: np.ndarray) -> np.ndarray:
    """+1 when the offer's pole is at least as mature as the need's, −0.5 per stage below; 0 if unknown.

    A transfer of know-how goes from the more experienced to the less experienced pole.
    """
    gap = offer_levels[None, :] - need_levels[:, None]
    signal = np.where(gap >= 0, 1.0, 0.5 * gap)
    return np.nan_to_num(signal, nan=0.0).astype(np.float32)


def region_signal(need_regions: Sequence[str | None], offer_regions: np.ndarray) -> np.ndarray:
    """1 where need and offer are in the same (known) region, else 0."""
    out = np.zeros((len(need_regions), len(offer_regions)), dtype=np.float32)
    for row, region in enumerate(need_regions):
        if region:
            out[row] = offer_regions == region
    return out


def capacity_signal(capacity_left: np.ndarray, *, saturation: int = 3) -> np.ndarray:
    """In [0, 1]: more transfers left is slightly better (spreads the load); saturates at ``saturation``."""
    return (np.clip(capacity_left, 0, saturation) / float(saturation)).astype(np.float32)
