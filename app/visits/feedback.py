"""Feedback of the poles that took part in a visit, once it is over."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.transactions import transactional
from app.typography import rating
from app.visits.common import VisitError
from app.visits.reading import is_over, registration_of
from models import LearningVisit, Role, User, VisitFeedback, VisitRegistrationStatus


@dataclass(frozen=True)
class PoleFeedback:
    """The feedback of one pole on one visit as its form edits it: any facilitator of the pole may write it, and
    its row may not exist yet, hence a stamp of its own (``visit_feedback:<visit id>.<pole id>``)."""

    visit: LearningVisit
    pole_id: int

    @property
    def id(self) -> str:
        return f"{self.visit.id}.{self.pole_id}"

    @property
    def current(self) -> VisitFeedback | None:
        return feedback_of(self.visit, self.pole_id)


#: What the feedback form shows of a pole's feedback on a visit.
FEEDBACK_EDIT = Editable("visit_feedback", "L'avis de votre pôle a été modifié", {
    "rating": ("Votre appréciation de la visite",
               lambda it: rating(it.current.rating) if it.current is not None else None),
    "text": ("Ce que votre pôle en retient", lambda it: it.current.text if it.current is not None else None),
})


#: The host pole's feedback as its form names it (``FeedbackForm.as_host``): the same two fields, in its own terms.
HOST_FEEDBACK_EDIT = Editable(FEEDBACK_EDIT.kind, FEEDBACK_EDIT.changed, {
    "rating": FEEDBACK_EDIT.fields["rating"],
    "text": ("Ce que l'accueil de la visite a apporté à votre pôle", FEEDBACK_EDIT.fields["text"][1]),
})


def feedback_edit(visit: LearningVisit, pole_id: int | None) -> Editable:
    """How the feedback form of ``pole_id`` names its fields: the host's, or a visiting pole's."""
    return HOST_FEEDBACK_EDIT if pole_id == visit.host_pole_id else FEEDBACK_EDIT


#: Said to a registered pole the presences note absent, on the visit's page and its feedback page.
NOTED_ABSENT = "Votre pôle est noté absent de cette visite : l'avis sur la visite est demandé aux pôles qui y sont venus."


def can_give_feedback(visit: LearningVisit, user: User) -> bool:
    """Facilitators of the host pole or of a registered pole, once the visit is over; not those of a pole the
    presences note absent (``noted_absent``): asked how the visit went, they would rate a day they did not see.
    Before the presences are noted, every registered pole may (most come; waiting would lose their word)."""
    if user.role is not Role.FACILITATOR or user.pole_id is None or not is_over(visit):
        return False
    if user.pole_id == visit.host_pole_id:
        return True
    registration = registration_of(visit, user.pole_id)
    return (registration is not None and registration.status is VisitRegistrationStatus.REGISTERED
            and registration.attended is not False)


def noted_absent(visit: LearningVisit, user: User) -> bool:
    """``user``'s pole registered to the visit and the presences, noted, say it did not come (``attended`` is None
    until someone notes them). The page then says so, and whom to tell if it did come."""
    if user.role is not Role.FACILITATOR or user.pole_id is None or user.pole_id == visit.host_pole_id:
        return False
    registration = registration_of(visit, user.pole_id)
    return (registration is not None and registration.status is VisitRegistrationStatus.REGISTERED
            and registration.attended is False)


@transactional
def save_feedback(*, visit: LearningVisit, user: User, rating: int, text: str,
                  opened: str | None = None) -> VisitFeedback:
    """Record (or amend) the feedback of the user's pole on the visit. ``EditConflict`` when another facilitator
    of the pole (or another window) changed it since the form was opened (``opened``; nothing written)."""
    if noted_absent(visit, user):
        raise VisitError(NOTED_ABSENT)
    if not can_give_feedback(visit, user):
        raise VisitError("Seuls le pôle hôte et les pôles inscrits peuvent donner leur avis, après la visite.")
    if not 1 <= rating <= 5:
        raise VisitError("La note va de 1 à 5.")
    check_and_stamp(feedback_edit(visit, user.pole_id), PoleFeedback(visit, user.pole_id), opened=opened,
                    by=user)
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
