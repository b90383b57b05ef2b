from __future__ import annotations

import numpy as np
import pytest

from matching.embedders import (
    DEFAULT_EMBEDDER_SPEC, ConcatEmbedder, Embedder, SentenceTransformerEmbedder,
    UniversalSentenceEncoderEmbedder, default_minilm_path, make_embedder,
)


@pytest.mark.parametrize(
    ("spec", "cls", "name"),
    [
        ("use-multilingual", UniversalSentenceEncoderEmbedder, "use-multilingual"),
        ("minilm", SentenceTransformerEmbedder, "minilm"),
        ("sentence-transformers:/models/x", SentenceTransformerEmbedder, "sentence-transformers:/models/x"),
        ("blend:use-multilingual+minilm", ConcatEmbedder, "blend:use-multilingual+minilm"),
    ],
)
def test_make_embedder_specs(spec, cls, name) -> None:
    embedder = make_embedder(spec)
    assert isinstance(embedder, cls) and isinstance(embedder, Embedder)
    assert embedder.name == name
    assert embedder._model is None if hasattr(embedder, "_model") else True  # lazy: nothing loaded yet


@pytest.mark.parametrize("spec", ["word2vec", "sentence-transformers:", "blend:minilm"])
def test_make_embedder_unknown_spec_raises(spec) -> None:
    with pytest.raises(ValueError):
        make_embedder(spec)


def test_default_minilm_path_exists() -> None:
    from pathlib import Path

    assert (Path(default_minilm_path()) / "config.json").exists()


def test_concat_embedder_cosine_is_weighted_mean(fake_embedder) -> None:
    blend = ConcatEmbedder([fake_embedder, fake_embedder], [1.0, 3.0])
    v = blend.encode(["une SCIC avec la commune", "des fonds européens"])
    single = fake_embedder.encode(["une SCIC avec la commune", "des fonds européens"])
    assert float(v[0] @ v[1]) == pytest.approx(float(single[0] @ single[1]), abs=1e-5)


@pytest.mark.model
def test_default_embedder_real_model_french_paraphrase() -> None:
    embedder = make_embedder(DEFAULT_EMBEDDER_SPEC)
    v = embedder.encode([
        "Nous cherchons à financer le poste de coordination du pôle.",
        "Comment pérenniser le financement de notre animatrice ?",
        "Le chat dort sur le canapé du salon.",
    ])
    assert v.dtype == np.float32 and v.shape == (3, 512)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


@pytest.mark.model
def test_minilm_real_model_loads_offline() -> None:
    v = make_embedder("minilm").encode(["Une coopérative de village.", "Un tiers-lieu rural."])
    assert v.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
