"""Learning visits: creation, invitations, registration with capacity and waitlist, the two
days as meetings, feedback, and the visits shown on pole and need pages.

Each concern lives in its own module: ``common`` (the refusal, today, the hours of the days),
``creation`` (create, invite), ``registrations`` (register, decline, waitlist, participants, mails;
the capacity held under the visit's row lock), ``reading`` (counts, a pole's registration, over or
not, the visits to come), ``feedback``, ``need_visits`` (the visits on pole and need pages), ``themes`` and
``cohorts`` (suggested themes, hosts and invitees); this module re-exports the services.
"""

from __future__ import annotations

from app.visits.common import DAY_HOURS, MAX_CAPACITY, VisitError, today
from app.visits.creation import create_visit, invite_poles, visit_made_by, visit_problems
from app.visits.feedback import (
    FEEDBACK_EDIT, NOTED_ABSENT, PoleFeedback, can_give_feedback, feedback_edit, feedback_of, noted_absent,
    save_feedback,
)
from app.visits.need_visits import (
    PoleVisitEntry, VisitForNeed, pole_visit_record, upcoming_visits_version, visits_for_need,
)
from app.visits.reading import VisitCounts, counts, is_over, registration_of, waitlist_position
from app.visits.registrations import MAIL_SUBJECTS, decline, register, registered_count
from app.visits.themes import cluster_threshold

__all__ = [
    "DAY_HOURS", "FEEDBACK_EDIT", "MAIL_SUBJECTS", "MAX_CAPACITY", "NOTED_ABSENT", "PoleFeedback", "PoleVisitEntry",
    "VisitCounts", "VisitError", "VisitForNeed",
    "can_give_feedback", "cluster_threshold", "counts", "create_visit", "decline", "feedback_edit", "feedback_of",
    "invite_poles", "is_over", "noted_absent", "pole_visit_record", "register", "registered_count", "registration_of",
    "save_feedback", "today", "upcoming_visits_version", "visit_made_by", "visit_problems", "visits_for_need",
    "waitlist_position",
]
