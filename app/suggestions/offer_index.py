"""The fitted index of the active offers, kept per process and rebuilt only when the offers change
(see ``_offer_corpus``), with the open needs scored against it; the cards a suggestion shows."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.process_cache import cached_index, index_version
from app.refdata import theme_labels
from app.resources.validation import listed
from app.suggestions.capacity import capacity_left, load_fingerprint
from app.suggestions.embeddings import embed_texts, get_embedder
from app.suggestions.past_pairings import history_fingerprint, pairing_history
from app.suggestions.profiles import need_profile, offer_profile
from app.suggestions.themes import need_theme_model, theme_model, themes_version
from matching.engine import HybridMatcher, check_profile_text
from matching.text import profile_text
from matching.types import NeedProfile
from models import Need, NeedStatus, Offer, Pole, ResourcePerson, User


@dataclass(frozen=True)
class OfferCard:
    """What a suggestion shows of an offer and its owner (kept with the index, no query per page)."""

    offer_id: int
    offer_title: str
    person_id: int
    person_name: str
    region_name: str


@dataclass
class _Corpus:
    """A fitted offer index; ``person_ids[j]`` owns ``offer_ids[j]``."""

    key: tuple
    matcher: HybridMatcher
    offer_ids: list[int]
    person_ids: list[int]
    cards: dict[int, OfferCard]
    checked_at: float = 0.0
    #: Rankings already computed against this index: (need id, need/pole versions, k) → suggestions.
    rankings: OrderedDict = field(default_factory=OrderedDict)
    open_needs: _OpenNeeds | None = None


@dataclass
class _OpenNeeds:
    """Every open need scored against the fitted index (shared by all resource-person pages)."""

    key: tuple
    need_ids: list[int]
    profiles: list[NeedProfile]
    vectors: np.ndarray
    scores: np.ndarray
    #: The same affinities before the capacity rule (the same-pole rule is applied per person).
    totals: np.ndarray
    pole_ids: list[int]


def _open_needs(corpus: _Corpus) -> _OpenNeeds | None:
    """Open needs × offers affinities, recomputed only when the open needs or the index change."""
    key = tuple(db.session.execute(
        select(func.count(Need.id), func.max(Need.updated_at), func.sum(Need.id))
        .where(Need.status == NeedStatus.OPEN)).one()) + (db.session.scalar(select(func.max(Pole.updated_at))),)
    cached = corpus.open_needs
    if cached is not None and cached.key == key:
        return cached
    needs = [n for n in db.session.scalars(
        select(Need).where(Need.status == NeedStatus.OPEN)
        .options(selectinload(Need.themes), joinedload(Need.pole).joinedload(Pole.region)).order_by(Need.id))
        if _matchable(n.title, n.text)]
    if not needs:
        return None
    profiles = [need_profile(n) for n in needs]
    vectors = _need_vectors(profiles)
    components, allowed = corpus.matcher.components(profiles, vectors)
    totals = np.asarray(components["total"], dtype=np.float32)
    corpus.open_needs = _OpenNeeds(key=key, need_ids=[n.id for n in needs], profiles=profiles, vectors=vectors,
                                   scores=np.where(allowed, totals, -np.inf).astype(np.float32), totals=totals,
                                   pole_ids=[n.pole_id for n in needs])
    return corpus.open_needs


def _active_offers() -> list[Offer]:
    query = (
        select(Offer).join(Offer.resource_person).join(ResourcePerson.user)
        .where(Offer.active.is_(True), User.is_active.is_(True), listed())
        .options(selectinload(Offer.themes),
                 selectinload(Offer.resource_person).selectinload(ResourcePerson.region),
                 selectinload(Offer.resource_person).selectinload(ResourcePerson.user),
                 selectinload(Offer.resource_person).selectinload(ResourcePerson.pole))
        .order_by(Offer.id)
    )
    return list(db.session.scalars(query))


def _matchable(title: str, text: str) -> bool:
    """Texts the engine refuses (empty, a few characters) are left out instead of failing a page."""
    try:
        check_profile_text("profil", title, text)
    except ValueError:
        return False
    return True


def _corpus_key() -> tuple:
    """Cheap fingerprint of everything the fitted index holds (profiles, capacity, display cards).

    Offers' and profiles' ``updated_at`` follow every content change (models/timestamps.py); a
    display name changes only when an account is deleted, which takes its offers out of the
    active set and so changes the offer count and sum. The past pairings (what each offer has
    already answered) are part of the index too.
    """
    offers = db.session.execute(
        select(func.count(Offer.id), func.max(Offer.updated_at), func.sum(Offer.id))
        .join(Offer.resource_person).join(ResourcePerson.user)
        .where(Offer.active.is_(True), User.is_active.is_(True), listed())
    ).one()
    people = db.session.execute(
        select(func.count(ResourcePerson.id), func.max(ResourcePerson.updated_at))
    ).one()
    return (current_app.config["EMBEDDING_MODEL"], tuple(offers), tuple(people), load_fingerprint(db.session),
            history_fingerprint(db.session))


def _fit_offer_corpus(key: tuple) -> _Corpus | None:
    offers = [o for o in _active_offers() if _matchable(o.title, o.text)]
    if not offers:
        return None
    people = list({o.resource_person.id: o.resource_person for o in offers}.values())
    left = capacity_left(db.session, people)
    profiles = [offer_profile(o, capacity_left=left[o.resource_person_id]) for o in offers]
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    matcher = HybridMatcher(embedder=get_embedder(), theme_labels=theme_labels(),
                            history=pairing_history(db.session)).fit(profiles, vectors)
    cards = {o.id: OfferCard(offer_id=o.id, offer_title=o.title, person_id=o.resource_person_id,
                             person_name=o.resource_person.user.display_name,
                             region_name=o.resource_person.region.name) for o in offers}
    return _Corpus(key=key, matcher=matcher, offer_ids=[o.id for o in offers],
                   person_ids=[o.resource_person_id for o in offers], cards=cards)


def _offer_corpus() -> _Corpus | None:
    """This process's fitted index of every active offer, reading the current theme model."""
    corpus = cached_index("offers", _corpus_key, _fit_offer_corpus)
    if corpus is not None:
        corpus.matcher.theme_model = theme_model()
        corpus.matcher.need_theme_model = need_theme_model()
    return corpus


def offers_version() -> tuple:
    """What the offer index and the theme model are built from: every suggestion shown carries it."""
    return index_version("offers", _corpus_key, _fit_offer_corpus) + (themes_version(),)


def prepare_offer_index() -> None:
    """Fit (or refresh) this process's offer index ahead of the first suggestion request."""
    _offer_corpus()


def _need_vectors(profiles: Sequence[NeedProfile]) -> np.ndarray:
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    return vectors
