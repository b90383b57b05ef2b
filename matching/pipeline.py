"""Embedding with a content-addressed cache: an unchanged text is never embedded twice."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from matching.embedders import Embedder
from matching.reading import read_text

ProgressCallback = Callable[[int, int], None]


def content_hash(text: str) -> str:
    """sha256 (hex) of the text as read (``read_text``: NFC, collapsed whitespace, stripped, without the frame of
    an e-mail or a greeting; a clean text hashes as its ``normalise_spaces`` form always did)."""
    return hashlib.sha256(read_text(text).encode("utf-8")).hexdigest()


class VectorStore(Protocol):
    """Where vectors live, keyed by (model name, content hash). The app provides a database one."""

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None: ...


class InMemoryVectorStore:
    """A dict-backed ``VectorStore`` for tests, benchmarks and the evaluation CLI."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self._data[(model, h)] for h in hashes if (model, h) in self._data}

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        for h, vector in items.items():
            self._data[(model, h)] = np.asarray(vector, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._data)


class EmbeddingPipeline:
    """Embed texts through a ``VectorStore``: only missing hashes are encoded, duplicates once."""

    def __init__(self, embedder: Embedder, store: VectorStore, *, batch_size: int = 64) -> None:
        self.embedder = embedder
        self.store = store
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str], progress: ProgressCallback | None = None) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` (one row each, in order) and the number of texts actually encoded.

        ``progress(done, total)`` is called after each encoded batch, over the texts to encode.
        """
        model = self.embedder.name
        normalised = [read_text(t) for t in texts]
        hashes = [content_hash(t) for t in normalised]
        found = self.store.get_many(model, list(dict.fromkeys(hashes)))
        missing: dict[str, str] = {}
        for h, text in zip(hashes, normalised):
            if h not in found and h not in missing:
                missing[h] = text
        todo = list(missing.items())
        total = len(todo)
        if progress is not None:
            progress(0, total)
        for start in range(0, total, self.batch_size):
            chunk = todo[start : start + self.batch_size]
            vectors = self.embedder.encode([t for _, t in chunk], batch_size=self.batch_size)
            new = {h: v for (h, _), v in zip(chunk, vectors)}
            self.store.put_many(model, new)
            found.update(new)
            if progress is not None:
                progress(min(start + len(chunk), total), total)
        if not hashes:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.vstack([found[h] for h in hashes]).astype(np.float32, copy=False), total
