"""Recognise the field of law behind a question told as a story.

« La commune voudrait que nous tenions la buvette de la fête en gardant les recettes » names no
law, yet any jurist hears public law (occupation of public property, concession). The
recogniser learns, for each field of ``data/legal_fields.csv``, from the situations PTCE
actually meet (``data/legal_situations.csv``, written for the domain) and from the field's own
vocabulary, and gives a calibrated probability per field. The router then credits each
lawyer with the best probability among the fields attached to them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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


@dataclass(frozen=True)
class RecognisedField:
    """The field of law read in a question, how likely it is, and the question's words that point to it."""

    field: LegalField
    probability: float
    triggers: tuple[str, ...] = ()


class LegalSituationRecogniser:
    """Calibrated probability of each field of law for a question (same model as the themes)."""

    def __init__(self, fields: Sequence[LegalField], situations: Mapping[str, Sequence[str]]) -> None:
        self.fields = tuple(fields)
        codes = [field.code for field in self.fields]
        # Each field's label and vocabulary count as one more situation of that field.
        examples = {code: [*situations.get(code, ()), field.text] for code, field in zip(codes, self.fields)}
        self.model_ = ThemeModel(codes=codes, situations=examples).fit([], [])

    def probabilities(self, question: str) -> dict[str, float]:
        """``{field code: probability}`` for ``question``."""
        probs = self.model_.predict_proba([question])[0]
        return {code: float(p) for code, p in zip(self.model_.codes, probs)}

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
    ) -> RecognisedField | None:
        """The most likely of ``fields`` for ``question``, or None when none reaches ``MIN_FIELD_PROBABILITY``.

        A story names no law (« on voudrait accueillir deux jeunes huit mois sans les salarier »): this is
        how the router can still say which field it heard, and from which words.
        """
        probs = self.probabilities(question) if probabilities is None else probabilities
        best = max(fields, key=lambda f: probs.get(f.code, 0.0), default=None)
        if best is None or probs.get(best.code, 0.0) < MIN_FIELD_PROBABILITY:
            return None
        column = self.model_.codes.index(best.code)
        if len(self.model_.evidence(question, column)) < MIN_EVIDENCE_WORDS:
            return None
        triggers = self.model_.triggers(question, column, limit=2)
        return RecognisedField(field=best, probability=probs[best.code], triggers=tuple(triggers))


def situation_votes(
    recogniser: LegalSituationRecogniser | None, question: str, owned: Sequence[Sequence[LegalField]],
    weight: float, rrf_k: int, probabilities: Mapping[str, float] | None = None,
) -> np.ndarray | float:
    """The recognised field's vote in the router's reciprocal-rank fusion: ``weight / (rrf_k + rank)``
    per lawyer, ranked by the probability of their best field; nothing when no field is likely."""
    if recogniser is None or not owned:
        return 0.0
    scores = recogniser.lawyer_scores(question, owned, probabilities)
    if float(scores.max()) < MIN_FIELD_PROBABILITY:
        return 0.0
    ranks = np.argsort(np.argsort(-scores, kind="stable"), kind="stable") + 1
    return (weight / (rrf_k + ranks)).astype(np.float32)
