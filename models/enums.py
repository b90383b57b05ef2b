"""Enumerations shared by models, services and forms (the bottom layer)."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    FACILITATOR = "facilitator"
    RESOURCE_PERSON = "resource_person"
    LAWYER = "lawyer"
    ORGANISER = "organiser"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.FACILITATOR: "Animateur·rice de PTCE",
    Role.RESOURCE_PERSON: "Personne ressource",
    Role.LAWYER: "Avocat·e Juri-PTCE",
    Role.ORGANISER: "Organisateur·rice (Avise, Coorace, CRA)",
    Role.ADMIN: "Administrateur·rice",
}


class Maturity(str, enum.Enum):
    EN_CREATION = "en_creation"
    EMERGENT = "emergent"
    CONSOLIDE = "consolide"

    @property
    def label(self) -> str:
        return MATURITY_LABELS[self]

    @property
    def rank(self) -> int:
        return list(Maturity).index(self)


MATURITY_LABELS = {
    Maturity.EN_CREATION: "En création",
    Maturity.EMERGENT: "Émergent",
    Maturity.CONSOLIDE: "Consolidé",
}


class NeedKind(str, enum.Enum):
    TRANSFER = "transfer"
    VISIT = "visit"
    LEGAL = "legal"
    ANY = "any"

    @property
    def label(self) -> str:
        return NEED_KIND_LABELS[self]


NEED_KIND_LABELS = {
    NeedKind.TRANSFER: "Transfert de savoir-faire",
    NeedKind.VISIT: "Visite apprenante",
    NeedKind.LEGAL: "Question juridique (Juri-PTCE)",
    NeedKind.ANY: "Toute forme d'appui",
}


class NeedStatus(str, enum.Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return NEED_STATUS_LABELS[self]


NEED_STATUS_LABELS = {
    NeedStatus.OPEN: "Ouvert",
    NeedStatus.IN_PROGRESS: "En cours",
    NeedStatus.CLOSED: "Clos",
}


class Mobility(str, enum.Enum):
    REMOTE = "remote"
    TRAVEL = "travel"
    BOTH = "both"

    @property
    def label(self) -> str:
        return MOBILITY_LABELS[self]


MOBILITY_LABELS = {
    Mobility.REMOTE: "À distance",
    Mobility.TRAVEL: "Sur place (déplacement possible)",
    Mobility.BOTH: "À distance ou sur place",
}


class SessionKind(str, enum.Enum):
    LEGAL_SLOT = "legal_slot"
    TRANSFER_DAY = "transfer_day"
    VISIT_DAY = "visit_day"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SESSION_KIND_LABELS[self]


SESSION_KIND_LABELS = {
    SessionKind.LEGAL_SLOT: "Créneau Juri-PTCE",
    SessionKind.TRANSFER_DAY: "Journée de transfert de savoir-faire",
    SessionKind.VISIT_DAY: "Journée de visite apprenante",
    SessionKind.OTHER: "Rencontre",
}


class SessionStatus(str, enum.Enum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"scheduled": "Prévue", "cancelled": "Annulée"}[self.value]


class ParticipantRole(str, enum.Enum):
    HOST = "host"
    PARTICIPANT = "participant"


class VisitRegistrationStatus(str, enum.Enum):
    """Where an invited pole stands for a learning visit."""

    INVITED = "invited"
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return VISIT_REGISTRATION_LABELS[self]


VISIT_REGISTRATION_LABELS = {
    VisitRegistrationStatus.INVITED: "Invité, sans réponse",
    VisitRegistrationStatus.REGISTERED: "Inscrit",
    VisitRegistrationStatus.WAITLISTED: "En liste d'attente",
    VisitRegistrationStatus.DECLINED: "A décliné",
}
