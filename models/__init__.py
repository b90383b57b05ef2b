"""SQLAlchemy models of Entrepairs. Importing this package registers every table."""

from models.accompaniment import Accompaniment
from models.audit_event import AuditEvent
from models.base import DELETED_ACCOUNT, Base, utcnow
from models.batch_run import BatchRun, BatchRunPair
from models.booking import Booking
from models.calendar_feed import CalendarFeed
from models.collective_session import CollectiveRegistration, CollectiveSession
from models.conversation import TransferMessage
from models.edit_stamp import EditStamp
from models.embedding import EmbeddingVector
from models.enums import (
    AccompanimentKind, Audience, BatchRunStatus, BookingStatus, CharterVersion, ClaimState, CollectiveKind,
    FeedbackSide, HostProposalStatus, JobState, Maturity, Mobility, NeedKind, NeedStatus, OrganisationKind, PairingStatus,
    ParticipantRole, ReferralTarget, RegistrationStatus, Role, MeetingKind, MeetingStatus, ValidationStatus,
    VisitRegistrationStatus,
)
from models.forbidden_pair import ForbiddenPair
from models.job import Job, SchedulerHeartbeat
from models.lawyer import LawyerProfile
from models.legal_slot import LegalSlot
from models.login_attempt import LoginAttempt
from models.need import Need
from models.notification import Notification, NotificationPreferences
from models.organisation import Organisation
from models.outbox import OutboxMessage
from models.pairing import Pairing, PairingDay, PairingEvent
from models.pair_space import ExperienceSheet, TransferObjective
from models.pairing_feedback import PairingFeedback
from models.pole import Pole
from models.pole_claim import PoleClaim
from models.pole_eligibility import PoleEligibility
from models.pole_region_move import PoleRegionMove
from models.reference import Departement, Region, Theme
from models.resource_person import MAX_YEARLY_CAPACITY, DEFAULT_YEARLY_CAPACITY, Offer, ResourcePerson
from models.meeting import Meeting, MeetingParticipant
from models.user import User
import models.timestamps  # noqa: F401  (registers the updated_at listener)
from models.visit import LearningVisit
from models.visit_feedback import VisitFeedback
from models.visit_host_proposal import VisitHostProposal
from models.visit_registration import VisitRegistration

__all__ = [
    "Accompaniment",
    "AccompanimentKind",
    "AuditEvent",
    "Audience",
    "CharterVersion",
    "PoleEligibility",
    "PoleRegionMove",
    "ReferralTarget",
    "ValidationStatus",
    "Base",
    "BatchRun",
    "BatchRunPair",
    "BatchRunStatus",
    "Booking",
    "BookingStatus",
    "ClaimState",
    "CalendarFeed",
    "CollectiveKind",
    "CollectiveRegistration",
    "EditStamp",
    "CollectiveSession",
    "Departement",
    "EmbeddingVector",
    "ExperienceSheet",
    "FeedbackSide",
    "HostProposalStatus",
    "ForbiddenPair",
    "Job",
    "JobState",
    "LawyerProfile",
    "LearningVisit",
    "LegalSlot",
    "LoginAttempt",
    "Maturity",
    "Mobility",
    "Need",
    "NeedKind",
    "NeedStatus",
    "Notification",
    "NotificationPreferences",
    "Offer",
    "Organisation",
    "OrganisationKind",
    "OutboxMessage",
    "Pairing",
    "PairingDay",
    "PairingEvent",
    "PairingFeedback",
    "PairingStatus",
    "ParticipantRole",
    "Pole",
    "PoleClaim",
    "Region",
    "RegistrationStatus",
    "ResourcePerson",
    "Role",
    "Meeting",
    "SchedulerHeartbeat",
    "MeetingKind",
    "MeetingParticipant",
    "MeetingStatus",
    "Theme",
    "TransferMessage",
    "TransferObjective",
    "User",
    "VisitFeedback",
    "VisitHostProposal",
    "VisitRegistration",
    "VisitRegistrationStatus",
    "DELETED_ACCOUNT",
    "MAX_YEARLY_CAPACITY",
    "DEFAULT_YEARLY_CAPACITY",
    "utcnow",
]
