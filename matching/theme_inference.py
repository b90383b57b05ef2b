"""Themes inferred from a text: a calibrated multi-label model over the controlled vocabulary.

Facilitators describe a situation (« nos comptes sont dans le rouge depuis deux ans ») more
often than they tick « Modèle socio-économique ». The model learns from every profile whose
themes were declared (offers and needs) and from short situations written in a pole's own
words for each theme (``data/theme_situations.csv``), so it starts warm on an empty platform.

Features: TF-IDF of crude French word stems (unigrams and bigrams, readable enough to say
which words triggered a theme) next to the sentence embedding when one is given. One
logistic regression per theme; their scores go through a single Platt scaling fitted on
out-of-fold scores, so a probability of 0.7 means about seven times out of ten.

The same out-of-fold scores say what the model reads in each profile it learnt from as if it
had never seen it (``unseen_proba``): an offer's declared themes are often incomplete, and its
text read that way names the ones its author did not tick (in-sample, the model would only echo
them).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from matching.lexical import content_words
from matching.spelling import read_words
from matching.stopwords_fr import FRENCH_STOP_WORDS
from matching.text import strip_accents

#: Reference situations shipped with the repository: columns ``code``, ``situation``.
DEFAULT_THEME_SITUATIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "theme_situations.csv"

#: Length of the prefix used as a French stem (« financement », « financeurs » → « financ »).
STEM_CHARS = 6

_WORD = re.compile(r"[^\W_]+")
#: Punctuation and conjunctions that end a passage of trigger words.
_BREAK = re.compile(r"[.,;:!?()«»\n]|\b(?:et|ou|ni|mais|donc|car)\b")


#: At most this many themes are proposed for a text, each at least this likely: on the forms, on the need
#: and offer pages, and in the cards' « Thèmes déduits du texte » (what a card names was proposed above it).
PROPOSED_THEMES = 3
PROPOSED_THEME_PROBABILITY = 0.25


def proposed_columns(probs: np.ndarray, *, limit: int = PROPOSED_THEMES,
                     floor: float = PROPOSED_THEME_PROBABILITY) -> list[int]:
    """The columns of the ``limit`` likeliest themes at least ``floor`` likely, likeliest first: what is proposed
    on the forms and pages, and all a card may name as read in the text."""
    return [int(i) for i in np.argsort(-probs, kind="stable")[:limit] if probs[i] >= floor]


def load_theme_situations(path: str | Path = DEFAULT_THEME_SITUATIONS_CSV) -> dict[str, list[str]]:
    """``{theme code: [situation, …]}`` from the reference CSV."""
    return read_situations(path)


def read_situations(path: str | Path) -> dict[str, list[str]]:
    """``{code: [situation, …]}`` from a CSV with columns ``code``, ``situation`` (themes and legal fields alike)."""
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            code, text = (row.get("code") or "").strip(), (row.get("situation") or "").strip()
            if not code or not text:
                raise ValueError(f"{path}, ligne {number} : code et situation sont obligatoires")
            out.setdefault(code, []).append(text)
    return out


def stems(text: str) -> list[str]:
    """Content words of ``text`` cut to their stem, in order."""
    return [w[:STEM_CHARS] for w in content_words(text)]


@dataclass(frozen=True)
class ThemeGuess:
    """One inferred theme: its calibrated probability and the words of the text that weighed most."""

    code: str
    probability: float
    triggers: tuple[str, ...] = ()


def _folds(texts: Sequence[str], k: int) -> np.ndarray:
    """Fold of each row, by row, except that every copy of a text shares the fold of its first copy:
    otherwise a fold model would learn a text from its twin and ``unseen_proba`` echo its themes."""
    first: dict[str, int] = {}
    return np.array([first.setdefault(text, row) % k for row, text in enumerate(texts)], dtype=np.int64)


#: Words the model may weigh but that show nothing to a reader when quoted as the reason for a theme
#: (« d'après « dix ans » »): durations and numbers written out.
QUOTED_NEVER = frozenset({
    "ans", "annee", "annees", "mois", "semaine", "semaines", "jours", "heures", "fois",
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "quinze", "vingt",
    "trente", "quarante", "cinquante", "soixante", "cent", "cents", "mille"})


def _whole_compounds(text: str, words: list[re.Match[str]], a: int, b: int) -> tuple[int, int]:
    """Widen the passage of words ``a``..``b`` to whole hyphenated words: « sous-louer », never « louer »."""
    while a > 0 and words[a - 1].end() + 1 == words[a].start() and text[words[a - 1].end()] == "-":
        a -= 1
    while b + 1 < len(words) and words[b].end() + 1 == words[b + 1].start() and text[words[b].end()] == "-":
        b += 1
    return a, b


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


class ThemeModel:
    """Fit on labelled texts (plus situations), then ``predict_proba`` or ``guesses``.

    ``vectors`` (sentence embeddings, one row per text) are optional, but a model fitted with
    them needs them at prediction time too.
    """

    def __init__(
        self,
        *,
        codes: Sequence[str],
        situations: Mapping[str, Sequence[str]] | None = None,
        regularisation: float = 10.0,
        embedding_weight: float = 1.0,
        situation_weight: float = 1.5,
        # Also the folds of ``unseen_proba``: 4 rather than 3 reads the offers a little better (README).
        calibration_folds: int = 4,
    ) -> None:
        self.codes = list(codes)
        self.situations = {code: list(texts) for code, texts in (situations or {}).items() if code in self.codes}
        self.regularisation = regularisation
        self.embedding_weight = embedding_weight
        self.situation_weight = situation_weight
        self.calibration_folds = calibration_folds

    # ------------------------------------------------------------------ fit
    def _features(self, texts: Sequence[str], vectors: np.ndarray | None) -> sparse.csr_matrix:
        words = self.vectorizer_.transform(list(texts))
        if not self.uses_vectors_:
            return words.tocsr()
        if vectors is None:
            raise ValueError("Modèle de thèmes entraîné avec des vecteurs : vecteurs attendus")
        dense = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1) * self.embedding_weight
        return sparse.hstack([words, sparse.csr_matrix(dense)], format="csr")

    def fit(
        self,
        texts: Sequence[str],
        theme_lists: Sequence[Sequence[str]],
        vectors: np.ndarray | None = None,
        *,
        situation_vectors: np.ndarray | None = None,
        calibrate: bool = True,
    ) -> ThemeModel:
        """Learn from ``texts`` with their declared themes and from the situations.

        ``situation_vectors`` (one row per situation, in ``situation_texts()`` order) are needed
        when ``vectors`` are given. ``calibrate=False`` skips the out-of-fold Platt scaling
        (probabilities are then the raw sigmoid; the order of themes is the same).
        """
        own = [(t, [c for c in themes if c in self.codes]) for t, themes in zip(texts, theme_lists)]
        keep = [i for i, (_, themes) in enumerate(own) if themes]
        all_texts = [own[i][0] for i in keep] + self.situation_texts()
        labels = [own[i][1] for i in keep] + [[code] for code in self.situation_codes()]
        weights = np.array([1.0] * len(keep) + [self.situation_weight] * (len(all_texts) - len(keep)))
        self.uses_vectors_ = vectors is not None
        all_vectors = None
        if self.uses_vectors_:
            parts = [np.asarray(vectors, dtype=np.float32)[keep]]
            if self.situation_texts():
                if situation_vectors is None:
                    raise ValueError("Vecteurs des situations attendus avec ceux des textes")
                parts.append(np.asarray(situation_vectors, dtype=np.float32))
            all_vectors = np.vstack(parts)
        if not all_texts:
            raise ValueError("Aucun texte thématisé : impossible d'apprendre les thèmes")
        y = np.zeros((len(all_texts), len(self.codes)), dtype=np.int8)
        index = {code: i for i, code in enumerate(self.codes)}
        for row, themes in enumerate(labels):
            for code in themes:
                y[row, index[code]] = 1
        self.vectorizer_ = TfidfVectorizer(analyzer=stems, sublinear_tf=True, dtype=np.float32)
        self.vectorizer_.fit(all_texts)
        x = self._features(all_texts, all_vectors)
        self.coef_, self.intercept_ = self._fit_linear(x, y, weights)
        self.scale_, self.shift_ = 1.0, 0.0
        #: What each profile it learnt from reads as unseen (its fold's calibrated probabilities).
        self.unseen_: dict[str, np.ndarray] = {}
        self.fitted_texts_ = frozenset(own[i][0] for i in keep)
        if calibrate and self.calibration_folds > 1 and len(all_texts) >= 2 * self.calibration_folds:
            held_out = self._calibrated(self._calibrate(x, y, weights, _folds(all_texts, self.calibration_folds)))
            self.unseen_ = {own[i][0]: held_out[row] for row, i in enumerate(keep)}
        self.feature_names_ = self.vectorizer_.get_feature_names_out()
        return self

    def _fit_linear(self, x: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        coef = np.zeros((y.shape[1], x.shape[1]), dtype=np.float32)
        intercept = np.full(y.shape[1], -10.0, dtype=np.float32)  # a theme never seen is never guessed
        for t in range(y.shape[1]):
            if 0 < y[:, t].sum() < len(y):
                model = LogisticRegression(C=self.regularisation, solver="liblinear", max_iter=200)
                model.fit(x, y[:, t], sample_weight=weights)
                coef[t], intercept[t] = model.coef_[0], model.intercept_[0]
        return coef, intercept

    def _calibrate(self, x: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray, folds: np.ndarray) -> np.ndarray:
        """One Platt scaling for every theme, fitted on out-of-fold decision scores (returned, one row per text)."""
        scores = np.zeros(y.shape, dtype=np.float32)
        for fold in range(self.calibration_folds):
            train, test = folds != fold, folds == fold
            coef, intercept = self._fit_linear(x[train], y[train], weights[train])
            scores[test] = np.asarray(x[test] @ coef.T) + intercept
        platt = LogisticRegression(C=100.0, solver="lbfgs")
        platt.fit(scores.reshape(-1, 1), y.reshape(-1))
        self.scale_, self.shift_ = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        return scores

    def situation_texts(self) -> list[str]:
        return [text for code in self.codes for text in self.situations.get(code, ())]

    def situation_codes(self) -> list[str]:
        return [code for code in self.codes for _ in self.situations.get(code, ())]

    # -------------------------------------------------------------- predict
    def decision(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        self._fitted()
        if not len(texts):
            return np.zeros((0, len(self.codes)), dtype=np.float32)
        x = self._features(texts, vectors)
        return np.asarray(x @ self.coef_.T) + self.intercept_

    def predict_proba(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """Calibrated probability of each theme (columns in ``codes`` order) for each text."""
        self._fitted()
        return self._calibrated(self.decision(texts, vectors))

    def _calibrated(self, scores: np.ndarray) -> np.ndarray:
        return _sigmoid(self.scale_ * scores + self.shift_).astype(np.float32)

    def unseen_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities as if the model had not learnt from ``texts``.

        A text it was fitted on gets the score of the fold model that left it out (zeros when
        the model was fitted without calibration: its in-sample reading would only echo the
        declared themes); any other text is read by the model itself.
        """
        self._fitted()
        out = np.zeros((len(texts), len(self.codes)), dtype=np.float32)
        fresh = [i for i, text in enumerate(texts) if text not in self.fitted_texts_]
        if fresh:
            out[fresh] = self.predict_proba([texts[i] for i in fresh])
        for i, text in enumerate(texts):
            if text in self.unseen_:
                out[i] = self.unseen_[text]
        return out

    def guesses(
        self, text: str, vector: np.ndarray | None = None, *, limit: int = PROPOSED_THEMES,
        min_probability: float = PROPOSED_THEME_PROBABILITY, max_triggers: int = 2, written: str | None = None,
    ) -> list[ThemeGuess]:
        """The ``limit`` most likely themes above ``min_probability``, with the words that triggered them (quoted
        from ``written``, what the person typed, when ``text`` is its reading: see ``triggers``). A text the model
        learnt from is read as unseen (``unseen_proba``), never echoed with its own labels at 98 %."""
        if vector is None:
            probs = self.unseen_proba([text])[0]
        else:
            probs = self.predict_proba([text], np.asarray(vector, dtype=np.float32).reshape(1, -1))[0]
        order = proposed_columns(probs, limit=limit, floor=min_probability)
        return [ThemeGuess(code=self.codes[i], probability=float(probs[i]),
                           triggers=tuple(self.triggers(text, i, limit=max_triggers, written=written)))
                for i in order]

    def evidence(self, text: str, theme: int, *, relative: float = 0.3) -> list[str]:
        """The distinct stems of ``text`` that push towards ``theme``, each at least ``relative`` × the strongest."""
        self._fitted()
        vocabulary, weights = self.vectorizer_.vocabulary_, self.coef_[theme]
        pushing = {stem: float(weights[vocabulary[stem]]) for stem in set(stems(text))
                   if stem in vocabulary and weights[vocabulary[stem]] > 0}
        if not pushing:
            return []
        strongest = max(pushing.values())
        return sorted(stem for stem, weight in pushing.items() if weight >= relative * strongest)

    def _weight(self, word: str, weights: np.ndarray) -> float:
        """How much one word pushes towards a theme (0 for a stop word or a word never quoted)."""
        folded = strip_accents(word)
        if folded in FRENCH_STOP_WORDS or len(folded) < 3 or folded in QUOTED_NEVER:
            return 0.0
        column = self.vectorizer_.vocabulary_.get(folded[:STEM_CHARS])
        return float(weights[column]) if column is not None and weights[column] > 0 else 0.0

    def triggers(self, text: str, theme: int, *, limit: int = 2, written: str | None = None) -> list[str]:
        """Passages of ``text`` (runs of words, as written) whose stems push towards theme ``theme``.

        ``written``: what the person typed, when ``text`` is its reading (``matching.reading``): the passages are
        then quoted from it, each typed word weighed as it is read (« comcom » as « communauté de communes »,
        « fiancement » as « financement »). The person is shown their own words, never the engine's reading.
        """
        self._fitted()
        weights = self.coef_[theme]
        source = text if written is None else written
        words = list(_WORD.finditer(source))
        score = np.zeros(len(words))
        for i, match in enumerate(words):
            read = [match.group()] if written is None else _WORD.findall(read_words(match.group())) or [match.group()]
            score[i] = max(self._weight(word, weights) for word in read)
        if not score.any():
            return []
        threshold = 0.3 * score.max()
        spans: list[tuple[float, int, int]] = []
        start = last = -1
        total = 0.0
        for i, value in enumerate(score):
            if value >= threshold:
                if start >= 0 and i - last <= 4 and not _BREAK.search(source[words[last].end():words[i].start()]):
                    last, total = i, total + value
                else:
                    if start >= 0:
                        spans.append((total, start, last))
                    start, last, total = i, i, value
        spans.append((total, start, last))
        spans.sort(key=lambda span: -span[0])
        # A word written twice (« cantines … cantines ») is one passage, shown once.
        passages: dict[str, str] = {}
        for _, a, b in spans:
            a, b = _whole_compounds(source, words, a, b)
            passage = source[words[a].start():words[b].end()]
            passages.setdefault(strip_accents(passage), passage)
        return list(passages.values())[:limit]

    def _fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("ThemeModel non entraîné : appeler fit() d'abord")


def precision_recall_at(
    probabilities: np.ndarray, theme_lists: Sequence[Sequence[str]], codes: Sequence[str], *, k: int = 2
) -> tuple[float, float]:
    """Mean precision@k and recall@k of the top-k themes against the declared ones (rows with themes only)."""
    precisions, recalls = [], []
    for row, declared in zip(probabilities, theme_lists):
        if not declared:
            continue
        top = {codes[i] for i in np.argsort(-row, kind="stable")[:k]}
        hits = len(top & set(declared))
        precisions.append(hits / k)
        recalls.append(hits / len(set(declared)))
    return (float(np.mean(precisions)) if precisions else 0.0, float(np.mean(recalls)) if recalls else 0.0)
