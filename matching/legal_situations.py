"""Recognise the field of law behind a question told as a story.

« La commune voudrait que nous tenions la buvette de la fête en gardant les recettes » names no
law, yet any jurist hears public law (occupation of public property, concession). The
recogniser learns, for each field of ``data/legal_fields.csv``, from the situations PTCE
actually meet (``data/legal_situations.csv``, written for the domain) and from the field's own
vocabulary, and gives a calibrated probability per field. The router then credits each
lawyer with the best probability among the fields attached to them.

Given sentence vectors, the recogniser also asks which reference situations a question is closest to
in meaning (``NEAREST_*``): the word model hears « sans pouvoir les salarier » but not « laisser une
partie de sa fortune pour financer le pôle » (a fondation), which shares no telling word with the
situations yet means the same thing as one of them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matching.embedders import l2_normalise
from matching.explain import content_passages
from matching.theme_inference import ThemeModel, read_situations
from matching.types import LegalField

#: The reference situations shipped with the repository: columns ``code``, ``situation``.
DEFAULT_LEGAL_SITUATIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "legal_situations.csv"


def load_legal_situations(path: str | Path = DEFAULT_LEGAL_SITUATIONS_CSV) -> dict[str, list[str]]:
    """``{field code: [situation, …]}`` from the reference CSV."""
    return read_situations(path)


#: Under this probability the recognised field is a guess: it casts no vote and is not shown.
MIN_FIELD_PROBABILITY = 0.4

#: A field is claimed only when this many distinct words of the question weigh for it: one word alone
#: makes the probability overconfident (« Bonjour, une question sur notre projet commun » gave
#: Collectivités at 99 %, from « commun » alone), so such a question must name its subject instead.
MIN_EVIDENCE_WORDS = 3

#: The nearest reference situations in meaning: per field, the mean cosine of its ``NEAREST_SITUATIONS``
#: closest situations, turned into a distribution over the fields by a softmax at ``NEAREST_TEMPERATURE``,
#: then blended into the word model's probabilities with weight ``NEAREST_WEIGHT``. Chosen on the legal
#: questions of the tuning sets (dev.json and stories_c, _d, _g, 140 questions): routing 0.914 → 0.936;
#: every blend weight of 0.3 in a grid of 1–10 situations and temperatures 0.03–0.05 gained, none lost a
#: set; heavier blends (0.5, 0.7) lost dev.json or stories_d. See README.
NEAREST_SITUATIONS = 3
NEAREST_TEMPERATURE = 0.03
NEAREST_WEIGHT = 0.3


#: A lawyer's reading of a field is the mean of the clauses of her specialties that tell it best, this many (one alone
#: when she wrote one): a single clause naming a field in passing no longer outweighs a description that tells it
#: several times. Changed from 1 after catalogue_r (written by someone who read no other set) lost three association
#: questions this way: catalogue_r 0.722 → 0.806; every tuning and check set unchanged (leave-one-set-out 0.904).
READ_CLAUSES = 2


def situation_examples(fields: Sequence[LegalField], situations: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """``(field code, text)`` of every example the recogniser learns from: each field's situations, then
    its label and vocabulary as one more situation. Its order is that of ``example_vectors``."""
    return [(field.code, text) for field in fields for text in (*situations.get(field.code, ()), field.text)]


@dataclass(frozen=True)
class RecognisedField:
    """The field of law read in a question, how likely it is, and the question's words that point to it."""

    field: LegalField
    probability: float
    triggers: tuple[str, ...] = ()


class LegalSituationRecogniser:
    """Probability of each field of law for a question: the word model (same as the themes), calibrated,
    blended with the nearest situations in meaning when sentence vectors are given."""

    def __init__(
        self, fields: Sequence[LegalField], situations: Mapping[str, Sequence[str]], *,
        example_vectors: np.ndarray | None = None,
    ) -> None:
        """``example_vectors``: the vectors of ``situation_examples(fields, situations)``, in order; without
        them, only the word model is used."""
        self.fields = tuple(fields)
        codes = [field.code for field in self.fields]
        examples = situation_examples(self.fields, situations)
        grouped: dict[str, list[str]] = {code: [] for code in codes}
        for code, text in examples:
            grouped[code].append(text)
        self.model_ = ThemeModel(codes=codes, situations=grouped).fit([], [])
        self.example_vectors_: np.ndarray | None = None
        if example_vectors is not None:
            if len(example_vectors) != len(examples):
                raise ValueError(f"{len(example_vectors)} vecteurs pour {len(examples)} situations juridiques")
            self.example_vectors_ = l2_normalise(np.asarray(example_vectors, dtype=np.float32))
            self.example_fields_ = np.array([codes.index(code) for code, _ in examples])

    def probabilities(self, question: str, question_vector: np.ndarray | None = None) -> dict[str, float]:
        """``{field code: probability}`` for ``question``: the word model's, calibrated; with the question's
        sentence vector, blended with its nearest situations in meaning (see ``with_nearest``)."""
        probs = self.model_.predict_proba([question])[0]
        heard = {code: float(p) for code, p in zip(self.model_.codes, probs)}
        return heard if question_vector is None else self.with_nearest(heard, question_vector)

    def with_nearest(self, probabilities: Mapping[str, float], question_vector: np.ndarray) -> dict[str, float]:
        """The word model's ``probabilities`` blended with the question's nearest situations in meaning
        (unchanged when the recogniser has no example vectors). No longer calibrated: the router votes
        with it, but what the page shows as « Situation reconnue » stays the word model's probability."""
        if self.example_vectors_ is None:
            return dict(probabilities)
        nearest = self._nearest(question_vector)
        return {code: (1 - NEAREST_WEIGHT) * probabilities.get(code, 0.0) + NEAREST_WEIGHT * float(nearest[column])
                for column, code in enumerate(self.model_.codes)}

    def _nearest(self, question_vector: np.ndarray) -> np.ndarray:
        """A distribution over the fields from the question's nearest situations of each field."""
        assert self.example_vectors_ is not None
        qv = l2_normalise(np.asarray(question_vector, dtype=np.float32).reshape(1, -1))[0]
        sims = self.example_vectors_ @ qv
        closeness = np.array([
            np.sort(sims[self.example_fields_ == column])[::-1][:NEAREST_SITUATIONS].mean()
            for column in range(len(self.model_.codes))
        ])
        weights = np.exp((closeness - closeness.max()) / NEAREST_TEMPERATURE)
        return weights / weights.sum()

    def specialty_readings(self, specialties: Sequence[Sequence[str]], fields: Sequence[LegalField]) -> np.ndarray:
        """``[field, lawyer]``: how surely the word model reads ``field`` in the lawyer's specialties — the mean of the
        ``READ_CLAUSES`` clauses where it reads it best (``specialties``: each lawyer's specialty clauses; 0 for a field
        the recogniser does not know).

        A lawyer's description is read like a question: « statut des bénévoles et des volontaires » tells volunteering,
        « rédaction et refonte des statuts » association law, whatever other words the description shares with them.
        Two clauses, not one: a cooperatives lawyer's « transformation d'une association en SCIC » reads as association
        law at 99 % and took that field from the lawyer whose description tells it in four clauses (statutes, bodies,
        conflicts between directors, mergers of associations), who reads at 71 % in her best one.
        """
        readings = np.zeros((len(fields), len(specialties)), dtype=np.float32)
        columns = {code: column for column, code in enumerate(self.model_.codes)}
        for lawyer, clauses in enumerate(specialties):
            if not clauses:
                continue
            best = np.sort(self.model_.predict_proba(list(clauses)), axis=0)[::-1][:READ_CLAUSES].mean(axis=0)
            for row, field in enumerate(fields):
                if field.code in columns:
                    readings[row, lawyer] = best[columns[field.code]]
        return readings

    def lawyer_scores(
        self, question: str, owned: Sequence[Sequence[LegalField]], probabilities: Mapping[str, float] | None = None,
    ) -> np.ndarray:
        """For each lawyer, the best probability among the fields they own (0 when they own none).

        ``probabilities``: this question's, when already computed (see ``probabilities``)."""
        probs = self.probabilities(question) if probabilities is None else probabilities
        return np.array([max((probs.get(f.code, 0.0) for f in fields), default=0.0) for fields in owned],
                        dtype=np.float32)

    def recognised_field(
        self, question: str, fields: Sequence[LegalField], probabilities: Mapping[str, float] | None = None,
        *, written: str | None = None,
    ) -> RecognisedField | None:
        """The most likely of ``fields`` for ``question``, or None when none reaches ``MIN_FIELD_PROBABILITY``.

        A story names no law (« on voudrait accueillir deux jeunes huit mois sans les salarier »): this is
        how the router can still say which field it heard, and from which words (quoted from ``written``, what
        the person typed, when ``question`` is its reading).
        """
        probs = self.probabilities(question) if probabilities is None else probabilities
        best = max(fields, key=lambda f: probs.get(f.code, 0.0), default=None)
        if best is None or probs.get(best.code, 0.0) < MIN_FIELD_PROBABILITY:
            return None
        column = self.model_.codes.index(best.code)
        if len(self.model_.evidence(question, column)) < MIN_EVIDENCE_WORDS:
            return None
        # What is quoted is what a reader can check: content words only (« appliquent selon » weighs for
        # labour law in the model but tells nothing). The decision above does not depend on it.
        triggers = content_passages(self.model_.triggers(question, column, limit=6, written=written), limit=2)
        return RecognisedField(field=best, probability=probs[best.code], triggers=tuple(triggers))

