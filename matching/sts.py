"""Semantic textual similarity check: how well a text-similarity function understands French."""
from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from matching.embedders import Embedder
from matching.lexical import LexicalModel

Similarity = Callable[[list[str], list[str]], np.ndarray]

#: Share of the embedding cosine in ``engine_similarity`` (the rest is character TF-IDF).
#: Mirrors the hybrid engine, whose text score blends both; 0.7 is the best on the French STS dev split.
DEFAULT_EMBEDDING_SHARE = 0.7


def read_pairs(csv_path: str | Path) -> tuple[list[str], list[str], np.ndarray]:
    """Columns ``sentence1``, ``sentence2``, ``score``; raises ``ValueError`` naming a bad line."""
    left: list[str] = []
    right: list[str] = []
    scores: list[float] = []
    with open(csv_path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"sentence1", "sentence2", "score"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{Path(csv_path).name} : colonnes manquantes {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            try:
                scores.append(float(row["score"]))
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{Path(csv_path).name}, ligne {line} : score invalide « {row['score']} »") from exc
            left.append(row["sentence1"] or "")
            right.append(row["sentence2"] or "")
    if len(scores) < 2:
        raise ValueError(f"{Path(csv_path).name} : au moins deux paires sont nécessaires")
    return left, right, np.asarray(scores)


def evaluate_sts(csv_path: str | Path, *, similarity: Similarity) -> float:
    """Spearman correlation × 100 between ``similarity(a, b)`` (one value per pair) and the gold scores."""
    left, right, gold = read_pairs(csv_path)
    predicted = np.asarray(similarity(left, right), dtype=np.float64).reshape(-1)
    if predicted.shape[0] != len(gold):
        raise ValueError(f"la fonction de similarité a rendu {predicted.shape[0]} valeurs pour {len(gold)} paires")
    return float(spearmanr(predicted, gold).correlation * 100.0)


def embedding_similarity(embedder: Embedder) -> Similarity:
    """Pairwise cosine of the embedder's vectors."""

    def similarity(a: list[str], b: list[str]) -> np.ndarray:
        vectors = embedder.encode(list(a) + list(b), batch_size=64)
        return np.sum(vectors[: len(a)] * vectors[len(a) :], axis=1)

    return similarity


def lexical_similarity(a: list[str], b: list[str]) -> np.ndarray:
    """Pairwise character TF-IDF cosine, the vectoriser fitted on the texts being compared."""
    model = LexicalModel().fit(list(a) + list(b))
    return np.asarray(model.transform(a).multiply(model.transform(b)).sum(axis=1)).reshape(-1)


def engine_similarity(embedder: Embedder | None, *, embedding_share: float = DEFAULT_EMBEDDING_SHARE) -> Similarity:
    """The engine's text similarity: embedding cosine blended with character TF-IDF cosine.

    ``embedder=None`` gives the lexical part alone.
    """
    if embedder is None:
        return lexical_similarity
    semantic = embedding_similarity(embedder)

    def similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        a, b = list(a), list(b)
        return embedding_share * semantic(a, b) + (1.0 - embedding_share) * lexical_similarity(a, b)

    return similarity
