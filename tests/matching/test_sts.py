from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.sts import engine_similarity, evaluate_sts, lexical_similarity

ROWS = [
    ("Un homme joue de la guitare.", "Un homme joue de la guitare.", 5.0),
    ("Un homme joue de la guitare.", "Une femme joue du piano.", 1.5),
    ("Un chat dort.", "Un chien court dans le parc.", 0.2),
    ("Une femme coupe des oignons.", "Une femme émince un oignon.", 4.0),
]


@pytest.fixture
def sts_csv(tmp_path: Path) -> Path:
    path = tmp_path / "sts.csv"
    lines = ["sentence1,sentence2,score"] + [f'"{a}","{b}",{s}' for a, b, s in ROWS]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_evaluate_sts_perfect_similarity_is_100(sts_csv) -> None:
    gold = {(a, b): s for a, b, s in ROWS}
    assert evaluate_sts(sts_csv, similarity=lambda a, b: np.array([gold[p] for p in zip(a, b)])) == pytest.approx(100.0)


def test_evaluate_sts_lexical_correlates(sts_csv) -> None:
    assert evaluate_sts(sts_csv, similarity=lexical_similarity) > 50


def test_engine_similarity_blends(fake_embedder, sts_csv) -> None:
    assert evaluate_sts(sts_csv, similarity=engine_similarity(fake_embedder)) > 50


def test_evaluate_sts_missing_column_raises(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("a,b\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="colonnes manquantes"):
        evaluate_sts(path, similarity=lexical_similarity)
