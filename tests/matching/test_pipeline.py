from __future__ import annotations

import numpy as np

from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore, content_hash


def test_content_hash_ignores_whitespace_differences() -> None:
    assert content_hash("  Une  offre\n sur les SCIC ") == content_hash("Une offre sur les SCIC")
    assert content_hash("Une offre") != content_hash("Une autre offre")


def test_embed_unchanged_texts_encode_zero(fake_embedder) -> None:
    pipeline = EmbeddingPipeline(fake_embedder, InMemoryVectorStore())
    texts = [f"Offre numéro {i} sur la coopération" for i in range(10)]
    first, encoded = pipeline.embed(texts)
    assert encoded == 10
    second, encoded_again = pipeline.embed(texts)
    assert encoded_again == 0
    np.testing.assert_array_equal(first, second)


def test_embed_duplicates_encoded_once(fake_embedder) -> None:
    pipeline = EmbeddingPipeline(fake_embedder, InMemoryVectorStore())
    vectors, encoded = pipeline.embed(["SCIC et commune", "SCIC  et commune", "fonds FEDER"])
    assert encoded == 2
    assert fake_embedder.n_encoded == 2
    np.testing.assert_array_equal(vectors[0], vectors[1])


def test_embed_only_changed_texts_encoded(fake_embedder) -> None:
    store = InMemoryVectorStore()
    pipeline = EmbeddingPipeline(fake_embedder, store)
    pipeline.embed(["a b c texte un", "texte deux"])
    _, encoded = pipeline.embed(["a b c texte un", "texte deux modifié", "texte trois"])
    assert encoded == 2
    assert len(store) == 4


def test_embed_reports_progress(fake_embedder) -> None:
    calls: list[tuple[int, int]] = []
    pipeline = EmbeddingPipeline(fake_embedder, InMemoryVectorStore(), batch_size=2)
    pipeline.embed([f"texte {i}" for i in range(5)], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_store_keys_by_model(fake_embedder) -> None:
    store = InMemoryVectorStore()
    store.put_many("m1", {"h": np.ones(3)})
    assert store.get_many("m2", ["h"]) == {}
    assert list(store.get_many("m1", ["h", "absent"])) == ["h"]
