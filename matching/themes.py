"""Theme vocabulary helpers: labels, one-hot matrices, and the default vocabulary file."""
from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

#: The controlled vocabulary shipped with the repository (``data/themes.csv``).
DEFAULT_THEMES_CSV = Path(__file__).resolve().parent.parent / "data" / "themes.csv"


def load_theme_labels(path: str | Path = DEFAULT_THEMES_CSV) -> dict[str, str]:
    """``{code: French label}`` from a CSV with columns ``code`` and ``libelle``."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["code"].strip(): row["libelle"].strip() for row in csv.DictReader(handle) if row.get("code")}


def check_themes(owner: str, themes: Iterable[str], vocabulary: Mapping[str, str] | None) -> None:
    """Raise ``ValueError`` (French message naming ``owner``) on a theme outside the vocabulary."""
    if vocabulary is None:
        return
    for theme in themes:
        if theme not in vocabulary:
            raise ValueError(f"{owner} : thème inconnu « {theme} »")


def theme_matrix(theme_lists: Sequence[Sequence[str]], codes: Sequence[str]) -> np.ndarray:
    """Rows are L2-normalised one-hot theme vectors (all-zero rows for profiles without themes)."""
    index = {code: i for i, code in enumerate(codes)}
    matrix = np.zeros((len(theme_lists), len(codes)), dtype=np.float32)
    for row, themes in enumerate(theme_lists):
        for theme in themes:
            if theme in index:
                matrix[row, index[theme]] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
