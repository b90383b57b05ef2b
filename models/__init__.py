"""SQLAlchemy models of Entrepairs. Importing this package registers every table."""

from models.base import Base, utcnow
from models.embedding import EmbeddingVector
from models.enums import (
    Maturity, Mobility, NeedKind, NeedStatus, ParticipantRole, Role, SessionKind, SessionStatus,
    VisitRegistrationStatus,
)
from models.lawyer import LawyerProfile
from models.need import Need
from models.outbox import OutboxMessage
from models.pole import Pole
from models.reference import Departement, Region, Theme
from models.resource_person import Offer, ResourcePerson
from models.scheduled_session import ScheduledSession, SessionParticipant
from models.user import User
from models.visit import LearningVisit
from models.visit_feedback import VisitFeedback
from models.visit_registration import VisitRegistration

__all__ = [
    "Base",
    "Departement",
    "EmbeddingVector",
    "LawyerProfile",
    "LearningVisit",
    "Maturity",
    "Mobility",
    "Need",
    "NeedKind",
    "NeedStatus",
    "Offer",
    "OutboxMessage",
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
