"""Plain data exchanged with the engine (inputs are frozen, results are simple records)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class _Profile:
    """What a need and an offer both say: their words, declared themes and where they come from."""

    id: str
    text: str
    title: str = ""
    themes: tuple[str, ...] = ()
    pole: str | None = None
    region: str | None = None
    maturity: str | None = None


@dataclass(frozen=True)
class NeedProfile(_Profile):
    """What a pole asks for. ``pole`` is the pole's identity, used for the same-pole rule."""


@dataclass(frozen=True)
class OfferProfile(_Profile):
    """What a resource person can pass on; ``pole`` is None for people outside any pole."""

    capacity_left: int = 1


@dataclass(frozen=True)
class LawyerProfile:
    id: str
    name: str
    text: str


@dataclass(frozen=True)
class LegalField:
    """A field of law (``data/legal_fields.csv``): its label and the words usually met in it."""

    code: str
    label: str
    vocabulary: str

    @property
    def text(self) -> str:
        return f"{self.label} : {self.vocabulary}"


@dataclass
class Explanation:
    """Why a pair ranks where it does; ``components`` holds the raw signals that were blended."""

    shared_themes: list[str] = field(default_factory=list)
    need_phrases: list[str] = field(default_factory=list)
    offer_phrases: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Suggestion:
    """One suggested offer; ``shared_reasons``: the reasons every suggestion of the same list gives, left out
    of ``explanation`` (they do not tell the cards apart) for the page to say once, above the cards."""

    offer_id: str
    score: float
    rank: int
    explanation: Explanation
    shared_reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Routing:
    """Best lawyer for a question; ``ranking`` lists every lawyer with its score, best first."""

    lawyer_id: str
    score: float
    explanation: Explanation
    ranking: list[tuple[str, float]]
    #: False when no term of any specialty or field of law is in the question: the ranking
    #: still exists, but nothing says this lawyer fits; a person should choose.
    recognised: bool = True

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
