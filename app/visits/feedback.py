"""Feedback of the poles that took part in a visit, once it is over."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.transactions import transactional
from app.visits.common import VisitError
from app.visits.reading import is_over, registration_of
from models import LearningVisit, Role, User, VisitFeedback, VisitRegistrationStatus


def can_give_feedback(visit: LearningVisit, user: User) -> bool:
    """Facilitators of the host pole or of a registered pole, once the visit is over."""
    if user.role is not Role.FACILITATOR or user.pole_id is None or not is_over(visit):
        return False
    if user.pole_id == visit.host_pole_id:
        return True
    registration = registration_of(visit, user.pole_id)
    return registration is not None and registration.status is VisitRegistrationStatus.REGISTERED


@transactional
def save_feedback(*, visit: LearningVisit, user: User, rating: int, text: str) -> VisitFeedback:
    """Record (or amend) the feedback of the user's pole on the visit."""
    if not can_give_feedback(visit, user):
        raise VisitError("Seuls le pôle hôte et les pôles inscrits peuvent donner leur avis, après la visite.")
    if not 1 <= rating <= 5:
        raise VisitError("La note va de 1 à 5.")
    feedback = db.session.scalars(select(VisitFeedback).where(
        VisitFeedback.visit_id == visit.id, VisitFeedback.pole_id == user.pole_id)).one_or_none()
    if feedback is None:
        feedback = VisitFeedback(visit=visit, pole_id=user.pole_id, is_host=user.pole_id == visit.host_pole_id)
        db.session.add(feedback)
    feedback.author = user
    feedback.rating = rating
    feedback.text = text.strip()
    return feedback


def feedback_of(visit: LearningVisit, pole_id: int | None) -> VisitFeedback | None:
    return next((f for f in visit.feedback if f.pole_id == pole_id), None)
