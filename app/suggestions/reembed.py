"""Which texts have vectors: every profile text the engine embeds, and keeping them fresh."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.suggestions.embeddings import embed_texts
from app.suggestions.profiles import pole_strength_profile
from matching.text import profile_text
from models import LawyerProfile, Need, NeedStatus, Offer, Pole


def profile_texts(session: Session) -> list[str]:
    """The texts embedded for matching: open needs, active offers, pole strengths, lawyers."""
    texts = [profile_text(n.title, n.text)
             for n in session.scalars(select(Need).where(Need.status != NeedStatus.CLOSED))]
    texts += [profile_text(o.title, o.text) for o in session.scalars(select(Offer).where(Offer.active.is_(True)))]
    texts += [profile_text(p.title, p.text) for pole in session.scalars(select(Pole))
              if (p := pole_strength_profile(pole)) is not None]
    texts += [law.specialties for law in session.scalars(select(LawyerProfile)) if law.specialties.strip()]
    return texts


def refresh_after_save(session: Session, texts: list[str]) -> None:
    """A saved profile's text gets its vector: by the scheduler's job if one runs, at once otherwise."""
    if current_app.config.get("SCHEDULER_ENABLED"):
        return
    embed_texts(session, texts)
