"""Peer poles: other listed poles whose strengths answer a pole's open needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.process_cache import cached_index
from app.refdata import theme_labels
from app.suggestions.embeddings import embed_texts, get_embedder
from app.suggestions.offer_index import _matchable, _need_vectors
from app.suggestions.profiles import need_profile, pole_strength_profile
from app.suggestions.themes import need_theme_model, theme_model
from matching.engine import HybridMatcher
from matching.text import profile_text
from matching.types import Explanation
from models import Need, NeedStatus, Pole


@dataclass(frozen=True)
class PeerPoleSuggestion:
    pole: Pole
    need: Need
    score: float
    explanation: Explanation


@dataclass
class _PoleIndex:
    """Pole strengths fitted as "offers" (for peer-pole suggestions)."""

    key: tuple
    matcher: HybridMatcher
    #: Strength profile id → pole id (ORM objects are never kept across requests).
    pole_ids: dict[str, int]
    checked_at: float = 0.0


def _poles_key() -> tuple:
    return tuple(db.session.execute(
        select(func.count(Pole.id), func.max(Pole.updated_at), func.sum(Pole.id))
        .where(Pole.listed)).one())


def _fit_pole_index(key: tuple) -> _PoleIndex | None:
    poles = db.session.scalars(select(Pole).where(Pole.listed)
                               .options(selectinload(Pole.themes), selectinload(Pole.region)).order_by(Pole.id))
    strengths = [(p, prof) for p in poles if (prof := pole_strength_profile(p)) is not None]
    if not strengths:
        return None
    profiles = [prof for _, prof in strengths]
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    matcher = HybridMatcher(embedder=get_embedder(), theme_labels=theme_labels(),
                            profiles_are_poles=True).fit(profiles, vectors)
    return _PoleIndex(key=key, matcher=matcher, pole_ids={prof.id: p.id for p, prof in strengths})


def peer_poles(pole: Pole, needs: Iterable[Need], *, k: int = 3) -> list[PeerPoleSuggestion]:
    """Other listed poles whose strengths answer this pole's open needs (never the pole itself:
    the engine's same-pole rule holds here too). ``needs``: the pole's needs as its page reads them, themes with
    them (``poles.services.open_needs_of``), read once for the page's list and for these suggestions."""
    needs = [n for n in needs if n.status is NeedStatus.OPEN and _matchable(n.title, n.text)]
    index = cached_index("poles", _poles_key, _fit_pole_index) if needs else None
    if index is None:
        return []
    index.matcher.theme_model = theme_model()
    index.matcher.need_theme_model = need_theme_model()
    profiles = [need_profile(n) for n in needs]
    vectors = _need_vectors(profiles)
    best: dict[int, tuple[float, Need, Explanation]] = {}
    for need, profile, vector in zip(needs, profiles, vectors):
        for suggestion in index.matcher.suggest(profile, need_vector=vector, k=k):
            other_id = index.pole_ids[suggestion.offer_id]
            if other_id not in best or best[other_id][0] < suggestion.score:
                best[other_id] = (suggestion.score, need, suggestion.explanation)
    top = sorted(best.items(), key=lambda item: -item[1][0])[:k]
    return [PeerPoleSuggestion(pole=db.session.get(Pole, pole_id), need=need, score=score, explanation=explanation)
            for pole_id, (score, need, explanation) in top]
