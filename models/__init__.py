"""SQLAlchemy models of Entrepairs. Importing this package registers every table."""

from models.base import Base, utcnow
from models.embedding import EmbeddingVector
from models.enums import Maturity, Mobility, NeedKind, NeedStatus, Role
from models.lawyer import LawyerProfile
from models.need import Need
from models.pole import Pole
from models.reference import Departement, Region, Theme
from models.resource_person import Offer, ResourcePerson
from models.user import User

__all__ = [
    "Base",
    "Departement",
    "EmbeddingVector",
    "LawyerProfile",
    "Maturity",
    "Mobility",
    "Need",
    "NeedKind",
    "NeedStatus",
    "Offer",
    "Pole",
    "Region",
    "ResourcePerson",
    "Role",
    "Theme",
    "User",
    "utcnow",
]
