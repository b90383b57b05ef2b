"""Fixtures for the matching library: a deterministic fake embedder and profile factories."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from matching.lexical import content_words
from matching.types import NeedProfile, OfferProfile

DEV_JSON = Path(__file__).resolve().parents[2] / "data" / "demo" / "dev.json"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: loads a real embedding model (slower, needs the offline packages)")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class FakeEmbedder:
    """Bag of word stems hashed into 64 dimensions: similar words give similar vectors."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in content_words(text):
                out[row, int(hashlib.md5(word[:6].encode()).hexdigest(), 16) % 64] += 1.0
            out[row, 63] += 0.01
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def n_encoded(self) -> int:
        return sum(len(c) for c in self.calls)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def make_offer() -> Callable[..., OfferProfile]:
    def factory(id: str, text: str, **kwargs) -> OfferProfile:
        return OfferProfile(id=id, text=text, **kwargs)

    return factory


@pytest.fixture
def offers() -> list[OfferProfile]:
    return [
        OfferProfile("o1", "J'ai monté des dossiers de fonds européens FEDER et FSE+ pour des associations.",
                     title="Fonds européens", themes=("financements_europeens",), pole="Pôle A",
                     region="Bretagne", capacity_left=2),
        OfferProfile("o2", "J'ai transformé une association en SCIC avec la commune au capital et des collèges de vote.",
                     title="Créer une SCIC", themes=("statuts_cooperatifs", "collectivites"), pole="Pôle B",
                     region="Occitanie", maturity="consolide", capacity_left=1),
        OfferProfile("o3", "Je transmets la création d'une recyclerie et d'une ressourcerie avec un chantier d'insertion.",
                     title="Ouvrir une ressourcerie", themes=("economie_circulaire", "insertion"), pole=None,
                     region="Occitanie", capacity_left=3),
        OfferProfile("o4", "J'ai monté une SCIC de centre de santé avec la mairie et des usagers associés au capital.",
                     title="SCIC de santé", themes=("statuts_cooperatifs",), pole="Pôle C",
                     region="Normandie", capacity_left=0),
        OfferProfile("o5", "J'anime un groupement d'employeurs qui partage des emplois entre associations et PME.",
                     title="Emplois partagés", themes=("emplois_partages",), pole="Pôle D",
                     region="Bretagne", capacity_left=1),
    ]


@pytest.fixture
def scic_need() -> NeedProfile:
    return NeedProfile(
        "n1",
        "Notre ressourcerie veut devenir SCIC et faire entrer la commune au capital : quelles règles de vote ?",
        title="Passer en SCIC avec la commune",
        themes=("statuts_cooperatifs",),
        pole="Pôle B",
        region="Occitanie",
        maturity="emergent",
    )
