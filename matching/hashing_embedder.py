"""A model-free embedder: hashed character n-grams, L2-normalised.

No download, no weights, deterministic and fast: for tests and very small deployments. It
knows no synonyms, so the default model should be preferred whenever it can be loaded.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from matching.embedders import l2_normalise
from matching.text import strip_accents


class HashingEmbedder:
    def __init__(self, *, dim: int = 512, name: str = "hashing") -> None:
        self.dim = dim
        self.name = name

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectorizer = HashingVectorizer(
            n_features=self.dim, analyzer="char_wb", ngram_range=(3, 5), alternate_sign=False,
            norm=None, preprocessor=strip_accents,
        )
        return l2_normalise(vectorizer.transform(texts).toarray())
