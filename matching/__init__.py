"""Pure matching engine of Entrepairs: needs ↔ offers ranking, lawyer routing, evaluation.

No Flask, no SQLAlchemy, no app import: dataclasses and numpy in, rankings out.
"""
from matching.types import Explanation, LawyerProfile, NeedProfile, OfferProfile, Routing, Suggestion

__all__ = ["Explanation", "LawyerProfile", "NeedProfile", "OfferProfile", "Routing", "Suggestion"]
