"""Themes inferred from a text, for the ranking, the forms and the need page.

The theme model (``matching.theme_inference``) learns from every profile of the platform whose
themes were declared — active offers and needs — and from the reference situations
(``data/theme_situations.csv``). It is kept per process and refitted when those profiles change,
like the other indexes (``app.process_cache``). It reads words only (no sentence vectors), so a
suggestion while someone types costs a few milliseconds and stores nothing.

Refitting takes seconds on a large platform and happens in the request that finds the model
stale, so the model follows the themed profiles coarsely: it is refitted when their number
changes or, for edits of existing ones, at most once an hour; and it learns from the
``MAX_TRAINING_PROFILES`` most recently updated ones (plus the situations).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Select, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.form_fields import themes_by_codes
from app.locks import lock_row
from app.process_cache import cached_index, index_version
from app.refdata import asked_theme_examples, theme_labels, theme_situations
from app.suggestions.past_pairings import agreed_pairings, history_fingerprint
from app.refused import Refused
from app.transactions import transactional
from matching.asked_themes import asked_examples, fit_need_theme_model
from matching.engine import check_profile_text
from matching.explain import likelihood_percent
from matching.text import profile_text
from matching.theme_inference import PROPOSED_THEME_PROBABILITY, PROPOSED_THEMES, ThemeModel
from models import Need, Offer
from models.associations import need_themes, offer_themes

#: Themed profiles the model learns from at most (the most recently updated ones).
MAX_TRAINING_PROFILES = 3000

#: Longest text read for a suggestion (a need is a few paragraphs; more is not a need).
MAX_TEXT_CHARS = 6000


@dataclass(frozen=True)
class ThemeSuggestion:
    """A theme to offer to tick: label, calibrated probability, and the words that suggested it."""

    code: str
    label: str
    probability: float
    triggers: tuple[str, ...]

    @property
    def percent(self) -> int:
        return likelihood_percent(self.probability)

    def to_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "probability": round(self.probability, 3),
                "percent": self.percent, "triggers": list(self.triggers)}


@dataclass
class _ThemeIndex:
    key: tuple
    model: ThemeModel
    checked_at: float = 0.0


#: The profiles that can declare themes, with the column that links them to their themes.
_THEMED = ((Offer, offer_themes.c.offer_id), (Need, need_themes.c.need_id))


def _themed(model: type[Offer] | type[Need], link: Column) -> Select:
    """Active offers, or needs, that declare at least one theme."""
    query = select(model).where(model.id.in_(select(link)))
    return query.where(Offer.active.is_(True)) if model is Offer else query


def _themes_key() -> tuple:
    """How many offers and needs declare themes, and the hour of the latest change among them
    (a change of themes bumps ``updated_at``, see ``models/timestamps.py``)."""
    parts = []
    for model, link in _THEMED:
        themed = _themed(model, link).subquery()
        count, latest = db.session.execute(select(func.count(), func.max(themed.c.updated_at))).one()
        parts.append((count, latest.replace(minute=0, second=0, microsecond=0) if latest else None))
    return tuple(parts)


def _declared() -> list[tuple[str, list[str]]]:
    """The words and declared themes of the ``MAX_TRAINING_PROFILES`` most recently updated themed profiles."""
    profiles = [p for model, link in _THEMED
                for p in db.session.scalars(_themed(model, link).options(selectinload(model.themes))
                                            .order_by(model.updated_at.desc()).limit(MAX_TRAINING_PROFILES))]
    profiles = sorted(profiles, key=lambda p: p.updated_at, reverse=True)[:MAX_TRAINING_PROFILES]
    return [(profile_text(p.title, p.text), [t.code for t in p.themes]) for p in profiles]


def _fit_theme_index(key: tuple) -> _ThemeIndex:
    declared = _declared()
    model = ThemeModel(codes=list(theme_labels()), situations=theme_situations())
    model.fit([text for text, _ in declared], [codes for _, codes in declared])
    return _ThemeIndex(key=key, model=model)


def _need_themes_key() -> tuple:
    return _themes_key() + history_fingerprint(db.session)


def _fit_need_theme_index(key: tuple) -> _ThemeIndex:
    """The model that reads needs: the themed profiles, the situations, the shipped answered needs and the needs of
    the platform's agreed transfers with their offer's themes (``matching/asked_themes.py``)."""
    pairings = agreed_pairings(db.session)
    offers = db.session.scalars(select(Offer).where(Offer.id.in_({int(p.offer_id) for p in pairings}))
                                .options(selectinload(Offer.themes))).all() if pairings else []
    agreed = asked_examples({str(o.id): [t.code for t in o.themes] for o in offers},
                            [(p.text, [p.offer_id]) for p in pairings])
    model = fit_need_theme_model(list(theme_labels()), theme_situations(), _declared(),
                                 [*asked_theme_examples(), *agreed])
    return _ThemeIndex(key=key, model=model)


def theme_model() -> ThemeModel | None:
    """This process's theme model for offers (refitted when declared themes change)."""
    index = cached_index("themes", _themes_key, _fit_theme_index)
    return index.model if index is not None else None


def need_theme_model() -> ThemeModel | None:
    """This process's theme model for needs (refitted when declared themes or agreed transfers change)."""
    index = cached_index("need_themes", _need_themes_key, _fit_need_theme_index)
    return index.model if index is not None else None


def themes_version() -> tuple:
    """What the theme models are fitted on: rankings of needs without themes depend on them."""
    return (index_version("themes", _themes_key, _fit_theme_index)
            + index_version("need_themes", _need_themes_key, _fit_need_theme_index))


def suggest_themes(title: str, text: str, *, limit: int = PROPOSED_THEMES, exclude: frozenset[str] = frozenset(),
                   min_probability: float = PROPOSED_THEME_PROBABILITY, need: bool = False) -> list[ThemeSuggestion]:
    """The ``limit`` most likely themes of a text being written (none when it is still too short); ``need``: read
    as a need, by the model the ranking reads needs with."""
    title, text = (title or "")[:300], (text or "")[:MAX_TEXT_CHARS]
    try:
        check_profile_text("texte", title, text)
    except ValueError:
        return []
    model = need_theme_model() if need else theme_model()
    if model is None:
        return []
    labels = theme_labels()
    # The words quoted are those the person typed (« comcom »), not their reading (« communauté de communes »).
    guesses = model.guesses(profile_text(title, text), limit=limit + len(exclude), min_probability=min_probability,
                            written=f"{title}\n{text}")
    return [ThemeSuggestion(code=g.code, label=labels.get(g.code, g.code), probability=g.probability,
                            triggers=g.triggers) for g in guesses if g.code not in exclude][:limit]


def suggestions_for(profile: Need | Offer) -> list[ThemeSuggestion]:
    """Themes to propose on the page of a need or an offer that declares none."""
    if profile.themes:
        return []
    return suggest_themes(profile.title, profile.text, need=isinstance(profile, Need))


@transactional
def confirm_themes(profile: Need | Offer, *, codes: list[str]) -> list[str]:
    """Declare the ticked themes on a need or an offer that had none: they become its themes (and training data).

    Codes outside the vocabulary are ignored; a profile that already declares themes is left as
    it is (its themes are changed on its form). The profile's row is locked first and its themes read afresh: the
    same themes confirmed twice at once (a double click, two people of the pole) are saved once, the second told.
    """
    profile = lock_row(db.session, type(profile), profile.id) or profile
    db.session.expire(profile, ["themes"])
    if profile.themes:
        owner = "Ce besoin a" if isinstance(profile, Need) else "Cette offre a"
        raise Refused(f"{owner} déjà des thèmes : modifiez-les depuis son formulaire.")
    wanted = [code for code in dict.fromkeys(codes) if code in theme_labels()]
    if not wanted:
        raise Refused("Cochez au moins un thème.")
    profile.themes = themes_by_codes(wanted)
    return wanted
