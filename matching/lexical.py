"""Lexical similarity: TF-IDF over accent-free, lowercase French, without stop words.

Character n-grams inside word boundaries (``char_wb``) are the default: they match
inflections and derivations (« mutualiser » / « mutualisation ») that word n-grams miss,
which matters for French. Word n-grams are available for explanations and comparison.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.stopwords_fr import FRENCH_STOP_WORDS
from matching.text import strip_accents

_TOKEN = re.compile(r"[a-z0-9]+")

Analyzer = Literal["char_wb", "word"]

#: Rows ``LexicalModel.transform_kept`` keeps: 5,000 offers of four sentences, some 20 MB.
KEPT_ROWS = 20_000


def content_words(text: str) -> list[str]:
    """Accent-free lowercase tokens of ``text`` minus stop words and one-letter tokens."""
    return [t for t in _TOKEN.findall(strip_accents(text)) if len(t) > 1 and t not in FRENCH_STOP_WORDS]


def _clean(text: str) -> str:
    return " ".join(content_words(text))


class LexicalModel:
    """TF-IDF vectoriser with French preprocessing; rows are L2-normalised (dot = cosine)."""

    def __init__(
        self,
        *,
        analyzer: Analyzer = "char_wb",
        ngram_range: tuple[int, int] | None = None,
        min_df: int = 1,
        sublinear_tf: bool = True,
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.sublinear_tf = sublinear_tf

    def _vectorizer(self) -> TfidfVectorizer:
        if self.analyzer == "char_wb":
            return TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=self.ngram_range or (3, 5),
                preprocessor=_clean,
                min_df=self.min_df,
                sublinear_tf=self.sublinear_tf,
                dtype=np.float32,
            )
        return TfidfVectorizer(
            analyzer="word",
            ngram_range=self.ngram_range or (1, 2),
            preprocessor=_clean,
            token_pattern=r"[a-z0-9]{2,}",
            min_df=self.min_df,
            sublinear_tf=self.sublinear_tf,
            dtype=np.float32,
        )

    def fit(self, texts: Sequence[str]) -> LexicalModel:
        self.vectorizer_ = self._vectorizer().fit(list(texts))
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        return self

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        self.vectorizer_ = self._vectorizer()
        self._rows = {}
        return self.vectorizer_.fit_transform(list(texts)).tocsr()

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer_.transform(list(texts)).tocsr()

    def transform_kept(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """``transform``, each text's row kept for the next call (at most ``KEPT_ROWS``, then all dropped).

        For texts that come back: the offers' sentences an explanation compares, page after page. Reading
        a text's character n-grams costs far more than the product that follows.
        """
        kept = self._rows
        missing = list(dict.fromkeys(t for t in texts if t not in kept))
        if missing:
            if len(kept) + len(missing) > KEPT_ROWS:
                kept = self._rows = {}
            fresh = self.transform(missing)
            for i, text in enumerate(missing):
                start, end = fresh.indptr[i], fresh.indptr[i + 1]
                kept[text] = (fresh.indices[start:end].copy(), fresh.data[start:end].copy())
        rows = [kept[t] for t in texts]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(indices) for indices, _ in rows], out=indptr[1:])
        indices = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int32)
        data = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.float32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.vectorizer_.vocabulary_)))

    def similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine matrix ``len(a) × len(b)`` (dense float32)."""
        return np.asarray((self.transform(a) @ self.transform(b).T).todense(), dtype=np.float32)
