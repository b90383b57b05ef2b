"""SQLAlchemy models of Entrepairs. Importing this package registers every table."""

from models.accompaniment import Accompaniment
from models.base import Base, utcnow
from models.batch_run import BatchRun, BatchRunPair
from models.booking import Booking
from models.calendar_feed import CalendarFeed
from models.embedding import EmbeddingVector
from models.enums import (
    AccompanimentKind, BatchRunStatus, BookingStatus, CharterVersion, FeedbackSide, Maturity, Mobility, NeedKind,
    NeedStatus, PairingStatus, ParticipantRole, ReferralTarget, Role, SessionKind, SessionStatus, ValidationStatus,
    VisitRegistrationStatus,
)
from models.forbidden_pair import ForbiddenPair
from models.lawyer import LawyerProfile
from models.legal_slot import LegalSlot
from models.login_attempt import LoginAttempt
from models.need import Need
from models.outbox import OutboxMessage
from models.pairing import Pairing, PairingDay, PairingEvent
from models.pairing_feedback import PairingFeedback
from models.pole import Pole
from models.pole_eligibility import PoleEligibility
from models.reference import Departement, Region, Theme
from models.resource_person import Offer, ResourcePerson
from models.scheduled_session import ScheduledSession, SessionParticipant
from models.user import User
import models.timestamps  # noqa: F401  (registers the updated_at listener)
from models.visit import LearningVisit
from models.visit_feedback import VisitFeedback
from models.visit_registration import VisitRegistration

__all__ = [
    "Accompaniment",
    "AccompanimentKind",
    "CharterVersion",
    "PoleEligibility",
    "ReferralTarget",
    "ValidationStatus",
    "Base",
    "BatchRun",
    "BatchRunPair",
    "BatchRunStatus",
    "Booking",
    "BookingStatus",
    "CalendarFeed",
    "Departement",
    "EmbeddingVector",
    "FeedbackSide",
    "ForbiddenPair",
    "LawyerProfile",
    "LearningVisit",
    "LegalSlot",
    "LoginAttempt",
    "Maturity",
    "Mobility",
    "Need",
    "NeedKind",
    "NeedStatus",
    "Offer",
    "OutboxMessage",
    "Pairing",
    "PairingDay",
    "PairingEvent",
    "PairingFeedback",
    "PairingStatus",
    "ParticipantRole",
    "Pole",
    "Region",
    "ResourcePerson",
    "Role",
    "ScheduledSession",
    "SessionKind",
    "SessionParticipant",
    "SessionStatus",
    "Theme",
    "User",
    "VisitFeedback",
    "VisitRegistration",
    "VisitRegistrationStatus",
    "utcnow",
]
