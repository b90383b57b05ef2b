"""Suggestions: mentors for a need, needs for a resource person, peer poles, lawyer routing.

Loads models, hands plain profiles and cached vectors to ``matching/``, and returns rankings
with their explanations. The fitted matcher over all active offers is kept per process and
rebuilt only when the offers change (see ``app.suggestions.offer_index._offer_corpus``).

Each concern lives in its own module: ``offer_index`` (the fitted offer index, the open needs scored
against it, offer cards), ``mentors`` (mentors for a need, needs for a person, affinities, explaining
a pair), ``peer_poles`` and ``lawyer_routing``; this module re-exports them.
"""

from __future__ import annotations

from app.suggestions.lawyer_routing import LawyerRanking, LawyerSuggestion, rank_lawyers, route_legal_question
from app.suggestions.mentors import (
    MentorSuggestion, NeedSuggestion, affinity_matrix, explain_match, needs_for_person, suggestions_for_need,
    suggestions_version,
)
from app.suggestions.offer_index import OfferCard, offers_version, prepare_offer_index
from app.suggestions.peer_poles import PeerPoleSuggestion, peer_poles

__all__ = [
    "LawyerRanking", "LawyerSuggestion", "MentorSuggestion", "NeedSuggestion", "OfferCard", "PeerPoleSuggestion",
    "affinity_matrix", "explain_match", "needs_for_person", "offers_version", "peer_poles", "prepare_offer_index",
    "rank_lawyers", "route_legal_question", "suggestions_for_need", "suggestions_version",
]
