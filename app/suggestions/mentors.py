"""Mentors for a need, needs for a resource person, the need × person affinities of the batch and the
follow-up, and why one person fits one need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from flask import current_app

from sqlalchemy import select

from app.access.scopes import pole_suggested_to
from app.extensions import db
from app.process_cache import kept
from app.suggestions.capacity import capacity_left
from app.suggestions.offer_index import OfferCard, _Corpus, _matchable, _need_vectors, _offer_corpus, _open_needs
from app.suggestions.profiles import need_profile
from app.suggestions.themes import themes_version
from matching.explain import without_moment_reasons
from matching.types import Explanation
from models import Need, Offer, Pole, ResourcePerson


@dataclass(frozen=True)
class MentorSuggestion:
    """``shared_reasons``: what every card of the list gives, left out of ``explanation``, said once above them."""

    card: OfferCard
    score: float
    rank: int
    explanation: Explanation
    shared_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedSuggestion:
    need: Need
    offer: Offer
    score: float
    explanation: Explanation


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
                                               rank=len(result) + 1, explanation=suggestion.explanation,
                                               shared_reasons=tuple(suggestion.shared_reasons)))
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


#: A need is suggested to a resource person only when their offer is among this many best for it.
MAX_RANK_FOR_PERSON = 10


def needs_for_person(person: ResourcePerson, *, k: int = 5, settled: frozenset[int] = frozenset(),
                     viewer: Any = None) -> list[NeedSuggestion]:
    """Open needs this resource person could help with (through their best offer), none of ``settled``, as shown to
    ``viewer`` (the person herself by default).

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
    # Only the needs of poles a suggestion to the viewer may put forward (``app.access.scopes.pole_suggested_to``):
    # never a pole not yet part of the network (not confirmed), and to the person a listed pole only — one that
    # chose to stay off the directory is named to no resource person it did not ask (``policy.pole_sight``).
    shown_to = person.user if viewer is None else viewer
    suggestible = set(db.session.scalars(select(Pole.id).where(pole_suggested_to(shown_to))))
    # The person's place among the offers possible for each need: a need where they come first is one the pole
    # will see them for; one where thirty offers fit better is no suggestion (« Classée 31e sur 41 »).
    rank = (open_needs.scores > best[:, None]).sum(axis=1) + 1
    order = [i for i in sorted(range(len(best)), key=lambda i: (rank[i], -best[i]))
             if np.isfinite(best[i]) and rank[i] <= MAX_RANK_FOR_PERSON and open_needs.need_ids[i] not in settled
             and open_needs.pole_ids[i] in suggestible][:k]
    result = []
    for i in order:
        offer_id = corpus.offer_ids[own[best_col[i]]]
        explanation = corpus.matcher.explain_pair(open_needs.profiles[i], str(offer_id),
                                                  need_vector=open_needs.vectors[i])
        if full:  # its rank among possible offers and its capacity say nothing true of a full person
            explanation = without_moment_reasons(explanation)
        result.append(NeedSuggestion(need=db.session.get(Need, open_needs.need_ids[i]),
                                     offer=db.session.get(Offer, offer_id), score=float(best[i]),
                                     explanation=explanation))
    return result


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
