"""Suggestions: mentors for a need, needs for a resource person, peer poles, lawyer routing.

Loads models, hands plain profiles and cached vectors to ``matching/``, and returns rankings
with their explanations. The fitted matcher over all active offers is kept per process and
rebuilt only when the offers change (see ``_offer_corpus``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.resources.validation import listed
from app.process_cache import cached_index, index_version, kept
from app.refdata import legal_fields, legal_situations, theme_labels
from app.suggestions.capacity import capacity_left, load_fingerprint
from app.suggestions.embeddings import embed_texts, get_embedder
from app.suggestions.profiles import (
    lawyer_profile,
    need_profile,
    offer_profile,
    pole_strength_profile,
)
from app.suggestions.themes import theme_model, themes_version
from matching.engine import HybridMatcher, check_profile_text
from matching.explain import capacity_reason
from matching.legal_situations import LegalSituationRecogniser
from matching.lexical import content_words
from matching.routing import LawyerRouter
from matching.text import profile_text
from matching.types import Explanation, NeedProfile
from models import LawyerProfile, Need, NeedStatus, Offer, Pole, ResourcePerson, User


@dataclass(frozen=True)
class OfferCard:
    """What a suggestion shows of an offer and its owner (kept with the index, no query per page)."""

    offer_id: int
    offer_title: str
    person_id: int
    person_name: str
    region_name: str


@dataclass(frozen=True)
class MentorSuggestion:
    card: OfferCard
    score: float
    rank: int
    explanation: Explanation


@dataclass(frozen=True)
class NeedSuggestion:
    need: Need
    offer: Offer
    score: float
    explanation: Explanation


@dataclass(frozen=True)
class PeerPoleSuggestion:
    pole: Pole
    need: Need
    score: float
    explanation: Explanation


@dataclass(frozen=True)
class LawyerSuggestion:
    lawyer: LawyerProfile
    score: float
    reasons: list[str]
    ranking: list[tuple[LawyerProfile, float]]


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
class _PoleIndex:
    """Pole strengths fitted as "offers" (for peer-pole suggestions)."""

    key: tuple
    matcher: HybridMatcher
    #: Strength profile id → pole id (ORM objects are never kept across requests).
    pole_ids: dict[str, int]
    checked_at: float = 0.0


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
    active set and so changes the offer count and sum.
    """
    offers = db.session.execute(
        select(func.count(Offer.id), func.max(Offer.updated_at), func.sum(Offer.id))
        .join(Offer.resource_person).join(ResourcePerson.user)
        .where(Offer.active.is_(True), User.is_active.is_(True), listed())
    ).one()
    people = db.session.execute(
        select(func.count(ResourcePerson.id), func.max(ResourcePerson.updated_at))
    ).one()
    return (current_app.config["EMBEDDING_MODEL"], tuple(offers), tuple(people), load_fingerprint(db.session))


def _fit_offer_corpus(key: tuple) -> _Corpus | None:
    offers = [o for o in _active_offers() if _matchable(o.title, o.text)]
    if not offers:
        return None
    people = list({o.resource_person.id: o.resource_person for o in offers}.values())
    left = capacity_left(db.session, people)
    profiles = [offer_profile(o, capacity_left=left[o.resource_person_id]) for o in offers]
    vectors, _ = embed_texts(db.session, [profile_text(p.title, p.text) for p in profiles])
    matcher = HybridMatcher(embedder=get_embedder(), theme_labels=theme_labels()).fit(profiles, vectors)
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


def _ranked_for_need(corpus: _Corpus, need: Need, k: int, ruled_out: frozenset[int]) -> list[MentorSuggestion]:
    """The best offers, one per person (none of ``ruled_out``), with their cards, kept on the index.

    A ranking depends only on the need's text and structure, on the index and on who is ruled
    out, so it is kept until one changes (the key holds the need's and its pole's modification times).
    """
    key = (need.id, need.updated_at, need.pole.updated_at, k, ruled_out, themes_version())
    return kept(corpus.rankings, key,
                lambda: _rank_for_need(corpus, need, k, ruled_out))


def _rank_for_need(corpus: _Corpus, need: Need, k: int, ruled_out: frozenset[int]) -> list[MentorSuggestion]:
    profile = need_profile(need)
    vector = _need_vectors([profile])[0]
    person_of = dict(zip(corpus.offer_ids, corpus.person_ids))
    depth = k
    while True:
        ranked = corpus.matcher.suggest(profile, need_vector=vector, k=depth)
        seen: set[int] = set(ruled_out)
        result: list[MentorSuggestion] = []
        for suggestion in ranked:  # several offers of one person may rank high: keep the person once
            offer_id = int(suggestion.offer_id)
            if person_of[offer_id] not in seen:
                seen.add(person_of[offer_id])
                result.append(MentorSuggestion(card=corpus.cards[offer_id], score=suggestion.score,
                                               rank=len(result) + 1, explanation=suggestion.explanation))
        if len(result) >= k or len(ranked) < depth:
            return result[:k]
        depth *= 2


def suggestions_version(need: Need) -> tuple | None:
    """What ``suggestions_for_need(need)`` depends on: the index and the need's versions."""
    corpus = _offer_corpus()
    if corpus is None:
        return None
    return (corpus.key, themes_version(), need.id, need.updated_at, need.pole.updated_at,
            current_app.config["SUGGESTIONS_PER_NEED"])


def suggestions_for_need(need: Need, *, k: int | None = None,
                         ruled_out: frozenset[int] = frozenset()) -> list[MentorSuggestion]:
    """The best resource persons' offers for ``need``, explained; hard rules always hold.

    ``ruled_out``: resource persons never to suggest for this need (they declined it, or the
    organisers excluded the pair); the next ones take their places.
    """
    corpus = _offer_corpus()
    if corpus is None or not _matchable(need.title, need.text):
        return []
    return _ranked_for_need(corpus, need, k or current_app.config["SUGGESTIONS_PER_NEED"], ruled_out)


def affinity_matrix(needs: Sequence[Need], people: Sequence[ResourcePerson]) -> np.ndarray:
    """``n_needs × n_people`` affinity: each person's best active offer; ``-inf`` where forbidden."""
    matrix = np.full((len(needs), len(people)), -np.inf, dtype=np.float32)
    corpus = _offer_corpus()
    if corpus is None or not needs or not people:
        return matrix
    rows = [i for i, n in enumerate(needs) if _matchable(n.title, n.text)]
    if not rows:
        return matrix
    profiles = [need_profile(needs[i]) for i in rows]
    scores = np.full((len(needs), len(corpus.offer_ids)), -np.inf, dtype=np.float32)
    scores[rows] = corpus.matcher.score_matrix(profiles, _need_vectors(profiles))
    column = {person.id: j for j, person in enumerate(people)}
    for offer_index, person_id in enumerate(corpus.person_ids):
        j = column.get(person_id)
        if j is not None:
            matrix[:, j] = np.maximum(matrix[:, j], scores[:, offer_index])
    return matrix


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


def _without_ranking(explanation: Explanation) -> Explanation:
    """For a full person: no « Encore 0 transfert possible », no rank among the offers still possible."""
    return replace(explanation, reasons=[r for r in explanation.reasons
                                         if r != capacity_reason(0) and not r.startswith("Classée ")])


def needs_for_person(person: ResourcePerson, *, k: int = 5,
                     settled: frozenset[int] = frozenset()) -> list[NeedSuggestion]:
    """Open needs this resource person could help with (through their best offer), none of ``settled``.

    ``settled``: needs the person declined, was excluded from, or is already in a transfer for.
    """
    corpus = _offer_corpus()
    own_offers = {o.id for o in person.offers}
    own = [i for i, offer_id in enumerate(corpus.offer_ids) if offer_id in own_offers] if corpus else []
    if not own:
        return []
    open_needs = _open_needs(corpus)
    if open_needs is None:
        return []
    full = capacity_left(db.session, [person])[person.id] <= 0
    if full:  # still shown, for information: the page says why no transfer can start this year
        scores = np.where(np.array([pole == person.pole_id for pole in open_needs.pole_ids])[:, None],
                          -np.inf, open_needs.totals[:, own])
    else:
        scores = open_needs.scores[:, own]
    best_col = scores.argmax(axis=1)
    best = scores[np.arange(len(open_needs.need_ids)), best_col]
    order = [i for i in np.argsort(-best, kind="stable")
             if np.isfinite(best[i]) and open_needs.need_ids[i] not in settled][:k]
    result = []
    for i in order:
        offer_id = corpus.offer_ids[own[best_col[i]]]
        explanation = corpus.matcher.explain_pair(open_needs.profiles[i], str(offer_id),
                                                  need_vector=open_needs.vectors[i])
        if full:  # its rank among possible offers and its capacity say nothing true of a full person
            explanation = _without_ranking(explanation)
        result.append(NeedSuggestion(need=db.session.get(Need, open_needs.need_ids[i]),
                                     offer=db.session.get(Offer, offer_id), score=float(best[i]),
                                     explanation=explanation))
    return result


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


def peer_poles(pole: Pole, *, k: int = 3) -> list[PeerPoleSuggestion]:
    """Other listed poles whose strengths answer this pole's open needs (never the pole itself:
    the engine's same-pole rule holds here too)."""
    needs = [n for n in pole.needs if n.status is NeedStatus.OPEN and _matchable(n.title, n.text)]
    index = cached_index("poles", _poles_key, _fit_pole_index) if needs else None
    if index is None:
        return []
    index.matcher.theme_model = theme_model()
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


@dataclass
class _LawyerIndex:
    """The router fitted on the active lawyers (see ``app.process_cache``)."""

    key: tuple
    router: LawyerRouter
    lawyer_ids: list[int]
    checked_at: float = 0.0


def _lawyers_key() -> tuple:
    """The routable lawyers and their specialties: a handful of rows, compared whole."""
    return tuple(db.session.execute(
        select(LawyerProfile.id, LawyerProfile.specialties).join(LawyerProfile.user)
        .where(User.is_active.is_(True)).order_by(LawyerProfile.id)).all())


def _fit_lawyer_index(key: tuple) -> _LawyerIndex | None:
    lawyers = [law for law in db.session.scalars(select(LawyerProfile).where(LawyerProfile.id.in_([k[0] for k in key]))
                                                 .order_by(LawyerProfile.id))
               if len(law.specialties.strip()) >= 15]
    if not lawyers:
        return None
    profiles = [lawyer_profile(law) for law in lawyers]
    vectors, _ = embed_texts(db.session, [p.text for p in profiles])
    router = LawyerRouter(embedder=get_embedder(), fields=legal_fields(),
                          situations=LegalSituationRecogniser(legal_fields(), legal_situations())).fit(profiles, vectors)
    return _LawyerIndex(key=key, router=router, lawyer_ids=[law.id for law in lawyers])


def route_legal_question(question: str) -> LawyerSuggestion | None:
    """The lawyer whose specialties fit ``question`` best, with the reasons; None when the question
    names no specialty or field of law (the page then says so and lets the person choose)."""
    index = cached_index("lawyers", _lawyers_key, _fit_lawyer_index)
    if index is None or len(question.strip()) < 15 or len(content_words(question)) < 2:
        return None  # punctuation, digits, a word or two: nothing to route
    question_vector, _ = embed_texts(db.session, [question])
    routing = index.router.route(question, question_vector=question_vector[0])
    if not routing.recognised:
        return None  # no field of law named: a person chooses the lawyer
    by_id = {str(law.id): law for law in db.session.scalars(
        select(LawyerProfile).where(LawyerProfile.id.in_(index.lawyer_ids)).options(joinedload(LawyerProfile.user)))}
    return LawyerSuggestion(
        lawyer=by_id[routing.lawyer_id], score=routing.score, reasons=routing.explanation.reasons,
        ranking=[(by_id[lawyer_id], score) for lawyer_id, score in routing.ranking],
    )


def explain_match(need: Need, person: ResourcePerson, *, offer_id: int | None = None) -> MentorSuggestion | None:
    """Why ``person`` fits ``need``: their given (or best) active offer, its score and explanation.

    None when the pair is outside the index (no active offer, a hard rule, unreadable texts).
    """
    corpus = _offer_corpus()
    if corpus is None or not _matchable(need.title, need.text):
        return None
    offers = {o.id for o in person.offers if o.active}
    if offer_id is not None:
        offers &= {offer_id}
    columns = [j for j, oid in enumerate(corpus.offer_ids) if oid in offers]
    if not columns:
        return None
    profile = need_profile(need)
    vector = _need_vectors([profile])[0]
    scores = corpus.matcher.score_matrix([profile], vector[None, :])[0]
    best = max(columns, key=lambda j: scores[j])
    if not np.isfinite(scores[best]):
        return None
    card = corpus.cards[corpus.offer_ids[best]]
    explanation = corpus.matcher.explain_pair(profile, str(card.offer_id), need_vector=vector)
    return MentorSuggestion(card=card, score=float(scores[best]), rank=0, explanation=explanation)
