"""Suggested themes for *visites apprenantes* (learning visits).

A learning visit gathers a few poles at a host pole for two days around one shared
theme. This module looks at the open needs of all poles, groups the needs that say
the same thing, and proposes a theme wherever enough poles from enough different
territories share it. It is pure: dataclasses and numpy arrays in, dataclasses out;
the caller computes the embeddings (one L2-normalised row per need).

Why agglomerative clustering (average linkage, cosine distance threshold):

- the number of themes is not known in advance, which rules out KMeans (it also
  forces every need into some cluster and depends on a random initialisation);
- the threshold is a readable knob, "needs closer than this cosine distance on
  average", that stays meaningful whether there are 50 needs or 5,000;
- it is deterministic and handles the many singletons of a real need base, which
  HDBSCAN would also do, but HDBSCAN's ``min_cluster_size`` is a count of needs
  while our rule is about poles and territories, and on a few dozen needs its
  density estimates are unstable;
- average linkage avoids single linkage's chaining (one long chain of loosely
  related needs) and complete linkage's over-splitting; scipy's implementation
  behind scikit-learn is O(n²) in time and memory, i.e. a few seconds for 5,000.

Labels use class-based TF-IDF (c-TF-IDF, as in BERTopic): all needs of one cluster
form one document; a term weighs ``tf(t, c) · log(1 + A / f(t))`` where ``tf`` is
the L1-normalised frequency of the term in the cluster, ``A`` the average number
of words per cluster and ``f(t)`` the frequency of the term over all clusters. A
word common to every cluster ("coopération") scores low; a word concentrated in
one cluster scores high.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering

from matching.clustering_stopwords import FRENCH_STOP_WORDS

__all__ = [
    "ClusterNeed",
    "ThemeCluster",
    "ThemeClusterer",
    "suggest_visit_themes",
    "class_tfidf",
    "tokenize",
]


@dataclass(frozen=True)
class ClusterNeed:
    """An open need, as far as clustering cares.

    ``territory`` is whatever unit "different territories" means to the caller
    (a region name or a département code); it is only compared for equality.
    """

    id: str
    text: str
    pole: str
    territory: str
    urgency: float = 0.0
    themes: tuple[str, ...] = ()


@dataclass
class ThemeCluster:
    """A suggested theme for a learning visit and the needs behind it.

    ``need_ids`` are ordered from the most to the least central need (cosine
    similarity to the cluster centroid), so the first one is a good example to
    show. ``score`` sorts like the pair (distinct poles, mean urgency): its
    integer part is the number of poles, its fractional part grows with urgency.
    """

    label_terms: list[str]
    need_ids: list[str]
    poles: list[str]
    territories: list[str]
    score: float
    urgency: float = 0.0
    cohesion: float = 0.0
    shared_themes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The label terms joined for display ("tiers-lieu · foncier · bail")."""
        return " · ".join(self.label_terms)


# --------------------------------------------------------------------------- text

_WORD = re.compile(r"[^\W\d_]+")


def _fold(word: str) -> str:
    """Lower case without accents: "Équipe" -> "equipe"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _singular(key: str) -> str:
    """A light French plural folding, enough to merge "bénévoles" and "bénévole".

    Not a stemmer: it only removes the plural marks that are unambiguous on words
    longer than four letters ("-aux" -> "-al", "-eaux" -> "-eau", final "-s").
    """
    if len(key) <= 4:
        return key
    if key.endswith("eaux"):
        return key[:-1]
    if key.endswith("aux"):
        return key[:-3] + "al"
    if key.endswith("s") and not key.endswith("ss"):
        return key[:-1]
    return key


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split a French text into ``(key, surface)`` pairs, stop words removed.

    The key (accents folded, plural folded) is what c-TF-IDF counts; the surface
    form (lower case, accents kept) is what a label shows. Elisions ("l'", "d'")
    and hyphens split words; numbers and words of fewer than three letters go.
    """
    pairs = []
    for match in _WORD.finditer(text):
        surface = match.group(0).lower()
        folded = _fold(surface)
        if len(folded) < 3 or folded in FRENCH_STOP_WORDS:
            continue
        key = _singular(folded)
        if key in FRENCH_STOP_WORDS:
            continue
        pairs.append((key, surface))
    return pairs


def class_tfidf(class_counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """c-TF-IDF weights of a (classes × terms) count matrix.

    ``W[c, t] = tf[c, t] / sum_t' tf[c, t'] · log(1 + A / f[t])`` with ``A`` the
    average number of words per class and ``f[t]`` the total count of ``t``.
    """
    counts = sparse.csr_matrix(class_counts, dtype=np.float64)
    if counts.shape[0] == 0 or counts.shape[1] == 0:
        return counts
    words_per_class = np.asarray(counts.sum(axis=1)).ravel()
    term_totals = np.asarray(counts.sum(axis=0)).ravel()
    average_words = words_per_class.mean()
    idf = np.log1p(average_words / np.maximum(term_totals, 1e-12))
    row_scale = np.divide(
        1.0, words_per_class, out=np.zeros_like(words_per_class), where=words_per_class > 0
    )
    return sparse.diags(row_scale) @ counts @ sparse.diags(idf)


# ----------------------------------------------------------------------- clusterer


class ThemeClusterer:
    """Groups needs by meaning and proposes themes shared across territories.

    Parameters
    ----------
    distance_threshold:
        Cosine distance (1 - cosine similarity) above which two groups of needs
        are not merged, measured as the average distance between their members.
        The default (0.50) suits all-MiniLM-L6-v2 on French needs; the
        multilingual USE v3 spreads French texts further apart and does best
        around 0.60 (``bench/bench_clustering_quality.py --sweep``). Set it
        with the embedding model.
    min_poles:
        A theme needs at least this many distinct poles.
    min_territories:
        ...spread over at least this many distinct territories.
    n_label_terms:
        How many c-TF-IDF terms name a theme.
    linkage:
        "average" (default), "complete" or "single", passed to scikit-learn.
    """

    def __init__(
        self,
        distance_threshold: float = 0.50,
        *,
        min_poles: int = 3,
        min_territories: int = 2,
        n_label_terms: int = 4,
        linkage: str = "average",
    ) -> None:
        self.distance_threshold = distance_threshold
        self.min_poles = min_poles
        self.min_territories = min_territories
        self.n_label_terms = n_label_terms
        self.linkage = linkage

    # -- public ------------------------------------------------------------------

    def cluster_labels(self, vectors: np.ndarray) -> np.ndarray:
        """Cluster index of each row of ``vectors`` (every need gets one).

        Indices are renumbered by first appearance, so the same input always
        gives the same array.
        """
        vectors = self._check_vectors(vectors)
        n = vectors.shape[0]
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if n == 1:
            return np.zeros(1, dtype=np.int64)
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage=self.linkage,
            distance_threshold=self.distance_threshold,
        )
        raw = model.fit_predict(vectors)
        _, first_seen = np.unique(raw, return_index=True)
        order = np.argsort(first_seen)
        renumber = np.empty(order.size, dtype=np.int64)
        renumber[np.unique(raw)[order]] = np.arange(order.size)
        return renumber[raw]

    def suggest(self, needs: Sequence[ClusterNeed], vectors: np.ndarray) -> list[ThemeCluster]:
        """Themes worth a learning visit, best first.

        ``vectors[i]`` is the embedding of ``needs[i]``. Returns an empty list when
        no cluster gathers ``min_poles`` poles from ``min_territories`` territories.
        """
        vectors = self._check_vectors(vectors)
        if vectors.shape[0] != len(needs):
            raise ValueError(
                f"{len(needs)} needs but {vectors.shape[0]} embedding rows"
            )
        if not needs:
            return []
        labels = self.cluster_labels(vectors)
        label_terms = self._label_terms(needs, labels)

        members: dict[int, list[int]] = defaultdict(list)
        for index, label in enumerate(labels):
            members[int(label)].append(index)

        themes = []
        for label, indices in members.items():
            poles = sorted({needs[i].pole for i in indices})
            territories = sorted({needs[i].territory for i in indices})
            if len(poles) < self.min_poles or len(territories) < self.min_territories:
                continue
            themes.append(self._theme(needs, vectors, indices, poles, territories,
                                      label_terms[label]))
        themes.sort(key=lambda t: (-len(t.poles), -t.urgency, -len(t.need_ids), t.need_ids[0]))
        return themes

    # -- internals ---------------------------------------------------------------

    @staticmethod
    def _check_vectors(vectors: np.ndarray) -> np.ndarray:
        array = np.asarray(vectors, dtype=np.float64)
        if array.size == 0:
            return array.reshape(0, array.shape[-1] if array.ndim == 2 else 0)
        if array.ndim != 2:
            raise ValueError("vectors must be a 2-D array, one row per need")
        if not np.all(np.isfinite(array)):
            raise ValueError("vectors contain NaN or infinite values")
        if np.any(np.linalg.norm(array, axis=1) == 0):
            raise ValueError("a zero vector has no cosine distance; embed the text first")
        return array

    def _theme(
        self,
        needs: Sequence[ClusterNeed],
        vectors: np.ndarray,
        indices: list[int],
        poles: list[str],
        territories: list[str],
        terms: list[str],
    ) -> ThemeCluster:
        block = vectors[indices]
        block = block / np.linalg.norm(block, axis=1, keepdims=True)
        centroid = block.mean(axis=0)
        centroid_norm = np.linalg.norm(centroid)
        similarity = block @ (centroid / centroid_norm) if centroid_norm > 0 else np.zeros(len(indices))
        ordered = sorted(range(len(indices)), key=lambda k: (-round(float(similarity[k]), 9),
                                                             needs[indices[k]].id))
        urgency = float(np.mean([needs[i].urgency for i in indices]))
        theme_counts = Counter(t for i in indices for t in set(needs[i].themes))
        shared = sorted((t for t, c in theme_counts.items() if c >= 2),
                        key=lambda t: (-theme_counts[t], t))
        return ThemeCluster(
            label_terms=terms,
            need_ids=[needs[indices[k]].id for k in ordered],
            poles=poles,
            territories=territories,
            score=len(poles) + _unit_fraction(urgency),
            urgency=urgency,
            cohesion=float(similarity.mean()),
            shared_themes=shared,
        )

    def _label_terms(self, needs: Sequence[ClusterNeed], labels: np.ndarray) -> dict[int, list[str]]:
        """The ``n_label_terms`` most distinctive terms of every cluster.

        A term counts once per need (not once per occurrence), so one long need
        cannot name a theme on its own; all clusters, singletons included, are
        classes, so distinctiveness is measured against the whole need base.
        """
        vocabulary: dict[str, int] = {}
        surfaces: dict[str, Counter] = defaultdict(Counter)
        rows, cols = [], []
        for index, need in enumerate(needs):
            seen = set()
            for key, surface in tokenize(need.text):
                surfaces[key][surface] += 1
                if key in seen:
                    continue
                seen.add(key)
                rows.append(int(labels[index]))
                cols.append(vocabulary.setdefault(key, len(vocabulary)))
        n_clusters = int(labels.max()) + 1
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(n_clusters, len(vocabulary))
        )
        weights = class_tfidf(counts).tocsr()
        keys = np.array(sorted(vocabulary, key=vocabulary.get), dtype=object)
        result: dict[int, list[str]] = {}
        for cluster in range(n_clusters):
            start, end = weights.indptr[cluster], weights.indptr[cluster + 1]
            columns = weights.indices[start:end]
            values = weights.data[start:end]
            # Highest weight first, ties by the key so the result is stable.
            order = sorted(range(columns.size),
                           key=lambda k: (-round(float(values[k]), 12), keys[columns[k]]))
            result[cluster] = [
                _display(surfaces[keys[columns[k]]]) for k in order[: self.n_label_terms]
            ]
        return result


def _display(surface_counts: Counter) -> str:
    """The most frequent written form of a term.

    Ties go to the form with accents (a need typed without accents should not
    turn "équipe" into "equipe"), then to the shorter (singular) form.
    """
    def rank(item: tuple[str, int]) -> tuple:
        surface, count = item
        return (-count, -sum(not ch.isascii() for ch in surface), len(surface), surface)

    return min(surface_counts.items(), key=rank)[0]


def _unit_fraction(value: float) -> float:
    """Map an urgency >= 0 monotonically into [0, 1)."""
    value = max(0.0, value)
    return value / (1.0 + value)


def suggest_visit_themes(
    needs: Sequence[ClusterNeed],
    vectors: np.ndarray,
    *,
    distance_threshold: float = 0.50,
    min_poles: int = 3,
    min_territories: int = 2,
    n_label_terms: int = 4,
) -> list[ThemeCluster]:
    """Shortcut for ``ThemeClusterer(...).suggest(needs, vectors)``."""
    return ThemeClusterer(
        distance_threshold,
        min_poles=min_poles,
        min_territories=min_territories,
        n_label_terms=n_label_terms,
    ).suggest(needs, vectors)
