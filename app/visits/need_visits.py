"""The visits shown on pole pages (the visits a pole hosted or attended) and need pages (upcoming visits
close to the need)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.process_cache import cached_index, index_version, kept
from app.suggestions.embeddings import embed_texts
from app.visits.common import today
from app.visits.feedback import feedback_of
from app.visits.reading import registration_of
from app.visits.themes import fit_similarity
from matching.clustering import tokenize
from matching.text import profile_text
from models import LearningVisit, Need, Pole, VisitFeedback, VisitRegistration, VisitRegistrationStatus


@dataclass
class PoleVisitEntry:
    visit: LearningVisit
    as_host: bool
    status: VisitRegistrationStatus | None
    feedback: VisitFeedback | None
    average_rating: float | None


def pole_visit_record(pole: Pole, *, invitations: bool = True) -> list[PoleVisitEntry]:
    """Visits the pole hosted or was invited to (those it declined or withdrew from left out), latest first. Without
    ``invitations`` (a viewer outside the pole's region, ``policy.may_see_pole_participation``): the visits it hosted only,
    without its own feedback."""
    hosted = db.session.scalars(select(LearningVisit).where(LearningVisit.host_pole_id == pole.id))
    invited = db.session.scalars(select(LearningVisit).join(VisitRegistration).where(
        VisitRegistration.pole_id == pole.id, VisitRegistration.status.not_in(
            [status for status in VisitRegistrationStatus if status.stays_away]))) if invitations else []
    visits = {v.id: v for v in [*hosted, *invited]}
    entries = []
    for visit in visits.values():
        registration = registration_of(visit, pole.id)
        ratings = [f.rating for f in visit.feedback]
        entries.append(PoleVisitEntry(
            visit=visit, as_host=visit.host_pole_id == pole.id, status=registration.status if registration else None,
            feedback=feedback_of(visit, pole.id) if invitations else None,
            average_rating=sum(ratings) / len(ratings) if ratings else None,
        ))
    return sorted(entries, key=lambda e: e.visit.start_date, reverse=True)


@dataclass
class VisitForNeed:
    visit: LearningVisit
    similarity: float
    threshold: float
    shared_terms: list[str]
    registration: VisitRegistration | None

    @property
    def reasons(self) -> list[str]:
        """In words, like a person's suggestion: « 0,50 (seuil 0,40, celui qui regroupe les besoins d'un même
        thème) » told a facilitator nothing (walk of 6 December 2026); ``similarity`` stays for the organisers."""
        reasons = ["Thème de la visite proche du texte de ce besoin."]
        if self.shared_terms:
            reasons.append("Mots du thème présents dans le besoin : " + ", ".join(self.shared_terms) + ".")
        return reasons


@dataclass
class _UpcomingVisits:
    """This process's vectors of the visits to come (see ``app.process_cache``)."""

    key: tuple
    visit_ids: list[int]
    host_pole_ids: list[int]
    label_terms: list[dict[str, str]]
    vectors: np.ndarray
    checked_at: float = 0.0
    #: need id and version → [(visit id, similarity, shared terms)], best first.
    matches: OrderedDict = field(default_factory=OrderedDict)


def _upcoming_key() -> tuple:
    return (today(), *db.session.execute(
        select(func.count(LearningVisit.id), func.max(LearningVisit.updated_at), func.sum(LearningVisit.id))
        .where(LearningVisit.start_date > today())).one())


def _fit_upcoming(key: tuple) -> _UpcomingVisits | None:
    visits = list(db.session.scalars(select(LearningVisit).where(LearningVisit.start_date > today())
                                     .order_by(LearningVisit.start_date, LearningVisit.id)))
    if not visits:
        return None
    vectors, _ = embed_texts(db.session, [profile_text(v.title, v.theme_text) for v in visits])
    vectors = vectors.astype(np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return _UpcomingVisits(key=key, visit_ids=[v.id for v in visits], host_pole_ids=[v.host_pole_id for v in visits],
                           label_terms=[dict(tokenize(f"{v.title} {v.label_terms}")) for v in visits], vectors=vectors)


def _match_visits(index: _UpcomingVisits, need: Need, threshold: float) -> list[tuple[int, float, list[str]]]:
    vectors, _ = embed_texts(db.session, [profile_text(need.title, need.text)])
    vector = vectors[0].astype(np.float64)
    similarity = index.vectors @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
    need_terms = {key for key, _ in tokenize(profile_text(need.title, need.text))}
    matches = [(visit_id, float(sim), [surface for key, surface in terms.items() if key in need_terms][:6])
               for visit_id, host, terms, sim in zip(index.visit_ids, index.host_pole_ids, index.label_terms, similarity)
               if sim >= threshold and host != need.pole_id]
    return sorted(matches, key=lambda m: -m[1])


def upcoming_visits_version() -> tuple:
    """What ``visits_for_need`` reads besides the need: the index of upcoming visits, the fit threshold."""
    return index_version("upcoming-visits", _upcoming_key, _fit_upcoming), fit_similarity()


def visits_for_need(need: Need, *, k: int = 3) -> list[VisitForNeed]:
    """Upcoming visits (not hosted by the need's pole) whose theme fits the need, closest first.

    Which visits fit is kept per need version on this process's index of upcoming visits;
    only the few that fit are loaded, with the pole's registration, on each page.
    """
    index = cached_index("upcoming-visits", _upcoming_key, _fit_upcoming)
    if index is None:
        return []
    threshold = fit_similarity()
    matches = kept(index.matches, (need.id, need.updated_at, need.pole_id, threshold),
                       lambda: _match_visits(index, need, threshold))[:k]
    if not matches:
        return []
    visits = {v.id: v for v in db.session.scalars(
        select(LearningVisit).where(LearningVisit.id.in_([visit_id for visit_id, _, _ in matches]))
        .options(selectinload(LearningVisit.registrations)))}
    return [VisitForNeed(visit=visits[visit_id], similarity=sim, threshold=threshold, shared_terms=shared,
                         registration=registration_of(visits[visit_id], need.pole_id))
            for visit_id, sim, shared in matches if visit_id in visits]
