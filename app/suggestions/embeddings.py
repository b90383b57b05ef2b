"""Text vectors: the configured embedder (loaded once per process) and the database cache.

Vectors are cached by (model name, content hash): a text that did not change is never
embedded twice, whichever profile it belongs to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matching.embedders import Embedder, make_embedder
from matching.pipeline import EmbeddingPipeline
from models import EmbeddingVector
from models.engine import is_read_only

_embedders: dict[str, Embedder] = {}
_embedders_lock = threading.Lock()


def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder named by ``EMBEDDING_MODEL``; built once per process (so once per worker)."""
    spec = spec or current_app.config["EMBEDDING_MODEL"]
    with _embedders_lock:
        if spec not in _embedders:
            _embedders[spec] = make_embedder(None if spec == "default" else spec)
        return _embedders[spec]


class DatabaseVectorStore:
    """``matching.pipeline.VectorStore`` over the ``embedding_vectors`` table."""

    CHUNK = 500

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(hashes))
        for start in range(0, len(unique), self.CHUNK):
            chunk = unique[start:start + self.CHUNK]
            rows = self.session.execute(
                select(EmbeddingVector.content_hash, EmbeddingVector.vector)
                .where(EmbeddingVector.model == model, EmbeddingVector.content_hash.in_(chunk))
            )
            for content_hash, blob in rows:
                found[content_hash] = np.frombuffer(blob, dtype="<f4")
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        if not items or is_read_only(self.session):
            # A page being read computes a missing vector but leaves storing it to the
            # writers: saving a profile, and the scheduler's re-embedding job.
            return
        rows = [
            EmbeddingVector(model=model, content_hash=h, dim=int(v.shape[0]),
                            vector=np.asarray(v, dtype="<f4").tobytes())
            for h, v in items.items()
        ]
        try:
            with self.session.begin_nested():
                self.session.add_all(rows)
        except IntegrityError:
            # Another worker stored some of them meanwhile: keep whichever is there.
            for row in rows:
                try:
                    with self.session.begin_nested():
                        self.session.add(EmbeddingVector(model=row.model, content_hash=row.content_hash,
                                                         dim=row.dim, vector=row.vector))
                except IntegrityError:
                    pass
        self.session.commit()


def embed_texts(session: Session, texts: Sequence[str], *,
                progress: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (cached ones read, missing ones encoded and stored) and the number encoded."""
    pipeline = EmbeddingPipeline(get_embedder(), DatabaseVectorStore(session))
    return pipeline.embed(list(texts), progress=progress)
