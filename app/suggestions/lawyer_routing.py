"""Lawyer routing: the Juri-PTCE lawyer whose specialties fit a legal question, with the reasons."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.process_cache import cached_index
from app.refdata import legal_fields, legal_situations
from app.suggestions.embeddings import embed_texts, get_embedder
from app.suggestions.profiles import lawyer_profile
from matching.legal_situations import LegalSituationRecogniser, situation_examples
from matching.lexical import content_words
from matching.routing import NOT_RECOGNISED, LawyerRouter
from models import LawyerProfile, User


@dataclass(frozen=True)
class LawyerSuggestion:
    lawyer: LawyerProfile
    score: float
    reasons: list[str]
    ranking: list[tuple[LawyerProfile, float]]


@dataclass(frozen=True)
class LawyerRanking:
    """The routable lawyers in the router's order for a question (its relevance scores, best first), and the
    suggestion when the question names a field of law (None: the order only, no lawyer is put forward)."""

    ranking: list[tuple[LawyerProfile, float]]
    suggestion: LawyerSuggestion | None
    #: Why no lawyer is put forward (the router's words): nothing recognised, or a field of law nobody was given.
    not_recognised: str = NOT_RECOGNISED


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
    # The reference situations' vectors go through the same cache as every text (computed once per model).
    example_vectors, _ = embed_texts(db.session, [text for _, text in situation_examples(legal_fields(), legal_situations())])
    recogniser = LegalSituationRecogniser(legal_fields(), legal_situations(), example_vectors=example_vectors)
    router = LawyerRouter(embedder=get_embedder(), fields=legal_fields(), situations=recogniser).fit(profiles, vectors)
    return _LawyerIndex(key=key, router=router, lawyer_ids=[law.id for law in lawyers])


def rank_lawyers(question: str) -> LawyerRanking | None:
    """Route ``question``: every routable lawyer in the router's order, and the suggestion (the first, with the
    reasons) unless the question names no specialty or field of law; None when there is nothing to route."""
    index = cached_index("lawyers", _lawyers_key, _fit_lawyer_index)
    if index is None or len(question.strip()) < 15 or len(content_words(question)) < 2:
        return None  # punctuation, digits, a word or two: nothing to route
    question_vector, _ = embed_texts(db.session, [question])
    routing = index.router.route(question, question_vector=question_vector[0])
    by_id = {str(law.id): law for law in db.session.scalars(
        select(LawyerProfile).where(LawyerProfile.id.in_(index.lawyer_ids)).options(joinedload(LawyerProfile.user)))}
    ranking = [(by_id[lawyer_id], score) for lawyer_id, score in routing.ranking]
    if not routing.recognised:
        # No field of law of any lawyer named: a person chooses.
        return LawyerRanking(ranking=ranking, suggestion=None, not_recognised=routing.explanation.reasons[0])
    return LawyerRanking(ranking=ranking, suggestion=LawyerSuggestion(
        lawyer=by_id[routing.lawyer_id], score=routing.score, reasons=routing.explanation.reasons, ranking=ranking))


def route_legal_question(question: str) -> LawyerSuggestion | None:
    """The lawyer whose specialties fit ``question`` best, with the reasons; None when the question
    names no specialty or field of law (the page then says so and lets the person choose)."""
    ranked = rank_lawyers(question)
    return ranked.suggestion if ranked is not None else None
