"""SQLAlchemy models of Entrepairs. Importing this package registers every table."""

from models.base import Base, utcnow
from models.booking import Booking
from models.calendar_feed import CalendarFeed
from models.embedding import EmbeddingVector
from models.enums import (
    BookingStatus, Maturity, Mobility, NeedKind, NeedStatus, ParticipantRole, Role, SessionKind, SessionStatus,
)
from models.lawyer import LawyerProfile
from models.legal_slot import LegalSlot
from models.need import Need
from models.outbox import OutboxMessage
from models.pole import Pole
from models.reference import Departement, Region, Theme
from models.resource_person import Offer, ResourcePerson
from models.scheduled_session import ScheduledSession, SessionParticipant
from models.user import User

__all__ = [
    "Base",
    "Booking",
    "BookingStatus",
    "CalendarFeed",
    "Departement",
    "EmbeddingVector",
    "LawyerProfile",
    "LegalSlot",
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
    "utcnow",
]
