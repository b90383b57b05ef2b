"""Cache of text embeddings, keyed by (model name, content hash)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class EmbeddingVector(Base):
    __tablename__ = "embedding_vectors"
    __table_args__ = (UniqueConstraint("model", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    #: sha256 of the normalised text (matching.pipeline.content_hash).
    content_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    #: float32 little-endian bytes.
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<EmbeddingVector {self.model} {self.content_hash[:8]}>"
