"""Hybrid need → offer ranking: semantic + lexical + structured signals, under hard rules.

Scores of the text signals are standardised per need over the offers it may receive
(z-scores), so the weights mean "how many standard deviations of evidence" and do not
depend on the embedder's cosine scale or on the corpus size. Structured signals stay in
their natural [−1, 1] range. Hard rules (same pole, no capacity left) are applied as
``-inf`` and are never traded for score.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import sklearn

from matching import explain
from matching.blend_weights import BlendWeights
from matching.embedders import Embedder, l2_normalise
from matching.history import PairingHistory
from matching.lexical import LexicalModel, content_words
from matching.match_reasons import THEME_PROBABILITIES, suggestion_explanation
from matching.signals import capacity_signal, maturity_level, maturity_signal, region_signal
from matching.text import normalise_spaces, profile_text
from matching.theme_inference import ThemeModel
from matching.themes import check_themes, theme_matrix
from matching.types import Explanation, NeedProfile, OfferProfile, Suggestion

Mode = Literal["hybrid", "embedding", "tfidf"]
MODES: tuple[str, ...] = ("hybrid", "embedding", "tfidf")

#: A profile whose title and text together have fewer characters than this is rejected.
MIN_TEXT_CHARS = 15

#: Inferred themes below this probability are ignored in ranking and explanations.
MIN_THEME_PROBABILITY = 0.2

#: An offer counts as being about a theme it did not declare when the theme model, reading its text
#: as unseen, gives the theme at least this probability (weighted by it).
READ_OFFER_THEME_PROBABILITY = MIN_THEME_PROBABILITY

#: Inferred themes at least this likely lend their labels to the need's lexical document.
LEXICAL_THEME_PROBABILITY = 0.4


def check_profile_text(owner: str, title: str, text: str) -> None:
    """Reject empty or very short texts with a French message naming the profile."""
    full = normalise_spaces(f"{title} {text}")
    if not normalise_spaces(text) or len(full) < MIN_TEXT_CHARS or not content_words(full):
        raise ValueError(f"{owner} : texte vide ou trop court (au moins {MIN_TEXT_CHARS} caractères attendus)")


def zscore_rows(matrix: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Standardise each row over its allowed columns (mean 0, std 1); forbidden cells are ignored."""
    counts = allowed.sum(axis=1, keepdims=True)
    safe = np.maximum(counts, 1)
    masked = np.where(allowed, matrix, 0.0)
    mean = masked.sum(axis=1, keepdims=True) / safe
    var = (np.where(allowed, (matrix - mean) ** 2, 0.0)).sum(axis=1, keepdims=True) / safe
    std = np.sqrt(var)
    std[std < 1e-6] = 1.0
    return ((matrix - mean) / std).astype(np.float32)


class HybridMatcher:
    """Rank offers for a need. Fit once on the offers, then call ``suggest`` or ``score_matrix``.

    ``mode="hybrid"`` blends everything; ``"embedding"`` (embedding cosine only) and
    ``"tfidf"`` (character TF-IDF of title and text only) are the baselines. Hard rules hold
    in every mode.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | None,
        theme_labels: Mapping[str, str] | None = None,
        weights: BlendWeights = BlendWeights(),
        mode: Mode = "hybrid",
        feedback_depth: int = 5,
        explain_limit: int = 2,
        profiles_are_poles: bool = False,
        theme_model: ThemeModel | None = None,
        need_theme_model: ThemeModel | None = None,
        history: PairingHistory | None = None,
    ) -> None:
        self.embedder = embedder
        self.theme_labels = theme_labels
        self.weights = weights
        self.mode = mode
        self.feedback_depth = feedback_depth
        self.explain_limit = explain_limit
        #: The indexed profiles are poles' strengths (peer poles), not transfer offers: the
        #: explanations then speak of poles and say nothing of transfer capacity.
        self.profiles_are_poles = profiles_are_poles
        #: Fitted theme model read for needs that declare no theme (None: only the feedback step).
        #: May be replaced on a fitted matcher when the declared themes of the platform change.
        self.theme_model = theme_model
        #: The model that reads needs without declared themes, when it differs from the one that reads offers
        #: (``matching/asked_themes.py``: it also learns from needs already answered); replaceable like it.
        self.need_theme_model = need_theme_model
        #: Needs already paired with the offers (hybrid mode only); replaceable on a fitted matcher.
        self.history = history

    # ------------------------------------------------------------------ fit
    def _lexical_document(self, title: str, text: str, themes: Sequence[str]) -> str:
        """Title, text and, in hybrid mode, the French labels of the declared themes."""
        doc = profile_text(title, text)
        if self.mode == "hybrid" and themes:
            doc += " " + ". ".join(self.theme_label(t) for t in themes) + "."
        return doc

    def theme_label(self, code: str) -> str:
        if self.theme_labels and code in self.theme_labels:
            return self.theme_labels[code]
        return code.replace("_", " ")

    def fit(self, offers: Sequence[OfferProfile], offer_vectors: np.ndarray | None = None) -> HybridMatcher:
        """Index the offers; encodes them with the embedder only if ``offer_vectors`` is None."""
        if self.mode not in MODES:
            raise ValueError(f"Mode inconnu « {self.mode} » : valeurs possibles {', '.join(MODES)}")
        offers = list(offers)
        if not offers:
            raise ValueError("Aucune offre à indexer")
        seen: set[str] = set()
        for offer in offers:
            owner = f"offre {offer.id}"
            if offer.id in seen:
                raise ValueError(f"{owner} : identifiant en double")
            seen.add(offer.id)
            check_profile_text(owner, offer.title, offer.text)
            check_themes(owner, offer.themes, self.theme_labels)
        self.offers_ = offers
        self._read_themes = None  # themes read in the previous offers, if fitted before
        self.offer_ids_ = [o.id for o in offers]
        self.poles_ = np.array([o.pole if o.pole else None for o in offers], dtype=object)
        self.regions_ = np.array([o.region or "" for o in offers], dtype=object)
        self.capacity_ = np.array([o.capacity_left for o in offers], dtype=np.int64)
        self.maturity_ = np.array([maturity_level(o.maturity) for o in offers], dtype=np.float32)
        codes = sorted(set(self.theme_labels or ()) | {t for o in offers for t in o.themes})
        self.theme_codes_ = codes
        self.offer_themes_ = theme_matrix([o.themes for o in offers], codes)

        if self.mode != "tfidf":
            if offer_vectors is None:
                if self.embedder is None:
                    raise ValueError("Ni vecteurs d'offres ni embedder : impossible de calculer la similarité sémantique")
                offer_vectors = self.embedder.encode([profile_text(o.title, o.text) for o in offers])
            offer_vectors = l2_normalise(offer_vectors)
            if offer_vectors.shape[0] != len(offers):
                raise ValueError(
                    f"{offer_vectors.shape[0]} vecteurs fournis pour {len(offers)} offres : les nombres doivent être égaux"
                )
            self.offer_vectors_ = offer_vectors
        docs = [self._lexical_document(o.title, o.text, o.themes) for o in offers]
        self.lexical_ = LexicalModel()
        self.offer_lexical_t_ = self.lexical_.fit_transform(docs).T.tocsr()
        self.stem_idf_ = explain.stem_idf(docs)
        return self

    # -------------------------------------------------------------- scoring
    def _check_need(self, need: NeedProfile) -> None:
        owner = f"besoin {need.id}"
        check_profile_text(owner, need.title, need.text)
        check_themes(owner, need.themes, self.theme_labels)

    def allowed_mask(self, needs: Sequence[NeedProfile]) -> np.ndarray:
        """Boolean ``n_needs × n_offers``: False where a hard rule forbids the pair."""
        has_capacity = self.capacity_ > 0
        allowed = np.repeat(has_capacity[None, :], len(needs), axis=0)
        for row, need in enumerate(needs):
            if need.pole:
                allowed[row] &= self.poles_ != need.pole
        return allowed

    def _need_vectors(self, needs: Sequence[NeedProfile], need_vectors: np.ndarray | None) -> np.ndarray:
        if need_vectors is None:
            if self.embedder is None:
                raise ValueError("Ni vecteur de besoin ni embedder : impossible de calculer la similarité sémantique")
            need_vectors = self.embedder.encode([profile_text(n.title, n.text) for n in needs])
        need_vectors = l2_normalise(need_vectors)
        if need_vectors.shape[0] != len(needs):
            raise ValueError(f"{need_vectors.shape[0]} vecteurs fournis pour {len(needs)} besoins")
        return need_vectors

    def components(
        self, needs: Sequence[NeedProfile], need_vectors: np.ndarray | None = None
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Every signal as an ``n_needs × n_offers`` matrix, plus the hard-rule mask (True = allowed).

        Keys: ``embedding`` / ``lexical`` (raw cosines), ``embedding_z`` / ``lexical_z``,
        ``themes``, ``inferred_themes``, ``model_themes``, ``history``, ``region``, ``maturity``, ``capacity``
        and ``total``; in hybrid mode also ``THEME_PROBABILITIES`` (one column per theme code, not per offer).
        """
        self._fitted()
        for need in needs:
            self._check_need(need)
        allowed = self.allowed_mask(needs)
        out: dict[str, np.ndarray] = {}
        n, m = len(needs), len(self.offers_)
        w = self.weights
        if self.mode != "tfidf":
            need_vectors = self._need_vectors(needs, need_vectors)
            out["embedding"] = (need_vectors @ self.offer_vectors_.T).astype(np.float32)
        probs = self.inferred_theme_probabilities(needs) if self.mode == "hybrid" else None
        if self.mode != "embedding":
            docs = [self._lexical_document(nd.title, nd.text, nd.themes or self._likely_themes(row))
                    for nd, row in zip(needs, probs if probs is not None else [None] * n)]
            out["lexical"] = np.asarray((self.lexical_.transform(docs) @ self.offer_lexical_t_).todense(), dtype=np.float32)
        if self.mode == "embedding":
            out["total"] = out["embedding"].copy()
        elif self.mode == "tfidf":
            out["total"] = out["lexical"].copy()
        else:
            out["embedding_z"] = zscore_rows(out["embedding"], allowed)
            out["lexical_z"] = zscore_rows(out["lexical"], allowed)
            text = w.embedding * out["embedding_z"] + w.lexical * out["lexical_z"]
            offer_themes = self.offer_theme_weights()
            need_themes = theme_matrix([nd.themes for nd in needs], self.theme_codes_)
            out["themes"] = need_themes @ offer_themes.T
            out["inferred_themes"] = self._inferred_themes(needs, text, allowed, offer_themes)
            out["model_themes"] = probs @ offer_themes.T
            out[THEME_PROBABILITIES] = probs
            out["history"] = self._history_votes(needs, need_vectors)
            out["region"] = region_signal([nd.region for nd in needs], self.regions_)
            need_levels = np.array([maturity_level(nd.maturity) for nd in needs], dtype=np.float32)
            out["maturity"] = maturity_signal(need_levels, self.maturity_)
            out["capacity"] = np.broadcast_to(capacity_signal(self.capacity_), (n, m))
            out["total"] = (
                text
                + w.themes * out["themes"]
                + w.inferred_themes * out["inferred_themes"]
                + w.model_themes * out["model_themes"]
                + w.history * out["history"]
                + w.region * out["region"]
                + w.maturity * out["maturity"]
                + w.capacity * out["capacity"]
            ).astype(np.float32)
        return out, allowed

    def _history_votes(self, needs: Sequence[NeedProfile], need_vectors: np.ndarray) -> np.ndarray:
        """Votes of the past needs closest to each need for the offers they were paired with (zeros without history)."""
        if self.history is None:
            return np.zeros((len(needs), len(self.offers_)), dtype=np.float32)
        return self.history.votes([nd.id for nd in needs], need_vectors, self.offer_ids_, [nd.pole for nd in needs])

    def offer_theme_weights(self) -> np.ndarray:
        """``n_offers × n_theme_codes``: 1 for a declared theme, else the probability that the theme
        model reads the theme in the offer's text (as unseen, at least ``READ_OFFER_THEME_PROBABILITY``).

        Authors tick some of their themes, not all: an offer on pooling vans that declares
        « Mutualisation » but speaks of a shared cooperative's governance is read as that too.
        Chosen on dev.json and the story tuning sets (nDCG@5 up on each, see README). Cached per
        theme model, which the application replaces on a fitted matcher when it is refitted.
        """
        self._fitted()
        model = self.theme_model
        # A model fitted with sentence vectors needs them to read a text: the offers are then read as declared.
        if model is None or not self.offer_themes_.size or model.uses_vectors_:
            return self.offer_themes_
        cached = getattr(self, "_read_themes", None)
        if cached is not None and cached[0] is model:
            return cached[1]
        probs = model.unseen_proba([profile_text(o.title, o.text) for o in self.offers_])
        weights = np.maximum(self.offer_themes_, self._in_theme_columns(model, probs, READ_OFFER_THEME_PROBABILITY))
        self._read_themes = (model, weights)
        return weights

    def _in_theme_columns(self, model: ThemeModel, probs: np.ndarray, floor: float) -> np.ndarray:
        """``probs`` (columns in ``model.codes`` order) laid out in this matcher's theme columns,
        probabilities under ``floor`` dropped."""
        out = np.zeros((len(probs), len(self.theme_codes_)), dtype=np.float32)
        for source, code in enumerate(model.codes):
            if code in self.theme_codes_:
                out[:, self.theme_codes_.index(code)] = np.where(probs[:, source] >= floor, probs[:, source], 0.0)
        return out

    def read_offer_themes(self, j: int) -> dict[str, float]:
        """Themes the model reads in offer ``j`` that its author did not declare, with their weight."""
        declared = set(self.offers_[j].themes)
        row = self.offer_theme_weights()[j]
        return {code: float(row[i]) for i, code in enumerate(self.theme_codes_) if row[i] > 0 and code not in declared}

    def _inferred_themes(
        self, needs: Sequence[NeedProfile], text: np.ndarray, allowed: np.ndarray, offer_themes: np.ndarray
    ) -> np.ndarray:
        """For needs without declared themes: theme overlap with the themes of their best text matches.

        A pseudo-relevance feedback step: the ``feedback_depth`` offers closest in text
        lend their themes to the need, which then favours offers on the same themes.
        """
        out = np.zeros_like(text, dtype=np.float32)
        depth = min(self.feedback_depth, text.shape[1])
        if depth <= 0 or not offer_themes.size:
            return out
        for row, need in enumerate(needs):
            if need.themes:
                continue
            scores = np.where(allowed[row], text[row], -np.inf)
            top = np.argpartition(-scores, depth - 1)[:depth]
            top = top[np.isfinite(scores[top])]
            if not len(top):
                continue
            profile = offer_themes[top].mean(axis=0)
            norm = float(np.linalg.norm(profile))
            if norm > 0:
                out[row] = offer_themes @ (profile / norm)
        return out

    def inferred_theme_probabilities(self, needs: Sequence[NeedProfile]) -> np.ndarray:
        """``n_needs × n_theme_codes``: the theme model's probabilities, zero for needs with declared themes.

        Probabilities under ``MIN_THEME_PROBABILITY`` are dropped: a faint guess must not outweigh text. A need the
        model learnt from (an answered need, a need of an agreed transfer) is read as unseen (``unseen_proba``):
        read in-sample, it only echoed the themes it was taught with, each at 98 %.
        """
        out = np.zeros((len(needs), len(self.theme_codes_)), dtype=np.float32)
        rows = [i for i, need in enumerate(needs) if not need.themes]
        model = self.need_theme_model or self.theme_model
        if model is None or not rows:
            return out
        probs = model.unseen_proba([profile_text(needs[i].title, needs[i].text) for i in rows])
        out[rows] = self._in_theme_columns(model, probs, MIN_THEME_PROBABILITY)
        return out

    def _likely_themes(self, probabilities: np.ndarray | None) -> tuple[str, ...]:
        """Inferred themes likely enough to be read like declared ones by the lexical signal."""
        if probabilities is None:
            return ()
        return tuple(self.theme_codes_[i] for i in np.flatnonzero(probabilities >= LEXICAL_THEME_PROBABILITY))

    def score_matrix(self, needs: Sequence[NeedProfile], need_vectors: np.ndarray | None = None) -> np.ndarray:
        """Affinities ``n_needs × n_offers`` (float32); ``-inf`` where a hard rule forbids the pair."""
        comps, allowed = self.components(needs, need_vectors)
        return np.where(allowed, comps["total"], -np.inf).astype(np.float32)

    # -------------------------------------------------------------- suggest
    def suggest(self, need: NeedProfile, *, need_vector: np.ndarray | None = None, k: int = 5) -> list[Suggestion]:
        """Top ``k`` allowed offers for ``need``, best first, each with its explanation."""
        # One need, for a page: scikit-learn's checks of what its fitted models read (TF-IDF rows of texts, always
        # finite; parameters fixed at fit) took a good part of each reading (bench_suggest, README).
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._suggest(need, need_vector=need_vector, k=k)

    def _suggest(self, need: NeedProfile, *, need_vector: np.ndarray | None, k: int) -> list[Suggestion]:
        vectors = None if need_vector is None else np.asarray(need_vector, dtype=np.float32).reshape(1, -1)
        comps, allowed = self.components([need], vectors)
        total = np.where(allowed[0], comps["total"][0], -np.inf)
        n_allowed = int(allowed[0].sum())
        k = min(k, n_allowed)
        if k <= 0:
            return []
        top = np.argpartition(-total, k - 1)[:k]
        top = top[np.lexsort((top, -total[top]))]
        need_text = profile_text(need.title, need.text)
        phrases = explain.best_phrases(
            need_text, [profile_text(self.offers_[j].title, self.offers_[j].text) for j in top],
            self.lexical_, limit=self.explain_limit,
        )
        full = [suggestion_explanation(self, need, int(j), comps, rank, n_allowed, phrases[rank - 1])
                for rank, j in enumerate(top, start=1)]
        shared = explain.shared_reasons(full)
        return [
            Suggestion(offer_id=self.offer_ids_[j], score=float(total[j]), rank=rank, explanation=explanation,
                       shared_reasons=list(shared))
            for rank, (j, explanation) in enumerate(zip(top, explain.distinguishing(full)), start=1)
        ]

    def explain_pair(self, need: NeedProfile, offer_id: str, *, need_vector: np.ndarray | None = None) -> Explanation:
        """The explanation of one (need, offer) pair, as ``suggest`` would give it."""
        j = self.offer_ids_.index(offer_id)
        vectors = None if need_vector is None else np.asarray(need_vector, dtype=np.float32).reshape(1, -1)
        comps, allowed = self.components([need], vectors)
        total = np.where(allowed[0], comps["total"][0], -np.inf)
        rank = int((total > total[j]).sum()) + 1
        phrases = explain.best_phrases(
            profile_text(need.title, need.text), [profile_text(self.offers_[j].title, self.offers_[j].text)],
            self.lexical_, limit=self.explain_limit,
        )
        return suggestion_explanation(self, need, j, comps, rank, int(allowed[0].sum()), phrases[0])

    def _fitted(self) -> None:
        if not hasattr(self, "offers_"):
            raise RuntimeError("HybridMatcher non entraîné : appeler fit(offres) avant suggest ou score_matrix")
