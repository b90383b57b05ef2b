"""Enumerations shared by models, services and forms (the bottom layer).

Each member carries its French label: ``Role.LAWYER.label == "Avocat·e Juri-PTCE"``.
"""

from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    """A string enum whose members are declared as ``NAME = ("value", "French label")``."""

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label  # type: ignore[attr-defined]
        return member

    @property
    def label(self) -> str:
        return self._label  # type: ignore[attr-defined]


class Role(LabelledEnum):
    """A person's role. The site shows it through ``app/auth/role_names.py`` (one person: a function, no gender
    mark; a group: the plural); ``label`` is the enum's own name."""

    FACILITATOR = ("facilitator", "Animateur·rice de PTCE")
    RESOURCE_PERSON = ("resource_person", "Personne ressource")
    LAWYER = ("lawyer", "Avocat·e Juri-PTCE")
    ORGANISER = ("organiser", "Organisateur·rice (Avise, Coorace, CRA)")
    ADMIN = ("admin", "Administrateur·rice")


class Maturity(LabelledEnum):
    EN_CREATION = ("en_creation", "En création")
    EMERGENT = ("emergent", "Émergent")
    CONSOLIDE = ("consolide", "Consolidé")

    @property
    def rank(self) -> int:
        return list(Maturity).index(self)


class NeedKind(LabelledEnum):
    TRANSFER = ("transfer", "Transfert de savoir-faire")
    VISIT = ("visit", "Visite apprenante")
    LEGAL = ("legal", "Question juridique (Juri-PTCE)")
    ANY = ("any", "Toute forme d'appui")


class NeedStatus(LabelledEnum):
    OPEN = ("open", "Ouvert")
    IN_PROGRESS = ("in_progress", "En cours")
    CLOSED = ("closed", "Clos")


class Mobility(LabelledEnum):
    REMOTE = ("remote", "À distance")
    TRAVEL = ("travel", "Sur place (déplacement possible)")
    BOTH = ("both", "À distance ou sur place")


class MeetingKind(LabelledEnum):
    LEGAL_SLOT = ("legal_slot", "Créneau Juri-PTCE")
    TRANSFER_DAY = ("transfer_day", "Journée de transfert de savoir-faire")
    VISIT_DAY = ("visit_day", "Journée de visite apprenante")
    COLLECTIVE = ("collective", "Session collective")
    OTHER = ("other", "Rencontre")


class MeetingStatus(LabelledEnum):
    SCHEDULED = ("scheduled", "Prévue")
    CANCELLED = ("cancelled", "Annulée")


class ParticipantRole(LabelledEnum):
    HOST = ("host", "Hôte")
    PARTICIPANT = ("participant", "Participant·e")


class VisitRegistrationStatus(LabelledEnum):
    """Where an invited pole stands for a learning visit."""

    INVITED = ("invited", "Invité, sans réponse")
    REGISTERED = ("registered", "Inscrit")
    WAITLISTED = ("waitlisted", "En liste d'attente")
    #: Said no to the invitation, never having asked for a place.
    DECLINED = ("declined", "A décliné l'invitation")
    #: Asked for a place (registered or on the waitlist), then withdrew: not the same answer as a decline.
    WITHDRAWN = ("withdrawn", "Désistement après inscription")

    @property
    def stays_away(self) -> bool:
        """The pole will not come: it declined the invitation or withdrew after registering."""
        return self in (VisitRegistrationStatus.DECLINED, VisitRegistrationStatus.WITHDRAWN)


class HostProposalStatus(LabelledEnum):
    """Where a pole's proposal to host a learning visit stands."""

    OPEN = ("open", "En attente de réponse")
    CONVERTED = ("converted", "Devenue une visite")
    DECLINED = ("declined", "Déclinée")


class PairingStatus(LabelledEnum):
    """Steps of a know-how transfer pairing (see app/transfers/services.py for who may do what)."""

    SUGGESTED = ("suggested", "Suggéré")
    REQUESTED = ("requested", "Demandé par le pôle")
    PROPOSED = ("proposed", "Proposé par l'équipe d'animation")
    VALIDATED = ("validated", "Validé par l'équipe d'animation")
    ACCEPTED = ("accepted", "Accepté par la personne ressource")
    DECLINED = ("declined", "Décliné")
    PLANNED = ("planned", "Planifié")
    IN_PROGRESS = ("in_progress", "En cours")
    COMPLETED = ("completed", "Terminé")
    CANCELLED = ("cancelled", "Annulé")
    EXPIRED = ("expired", "Expiré")

    @property
    def is_open(self) -> bool:
        """Still going somewhere (not declined, completed, cancelled or expired)."""
        return self not in _CLOSED_PAIRING_STATUSES


_CLOSED_PAIRING_STATUSES = frozenset(
    {PairingStatus.DECLINED, PairingStatus.COMPLETED, PairingStatus.CANCELLED, PairingStatus.EXPIRED}
)


class FeedbackSide(LabelledEnum):
    POLE = ("pole", "Pôle accompagné")
    RESOURCE = ("resource", "Personne ressource")


class BatchRunStatus(LabelledEnum):
    QUEUED = ("queued", "En attente")
    RUNNING = ("running", "En cours de calcul")
    DONE = ("done", "Calcul terminé")
    FAILED = ("failed", "Échec")
    APPROVED = ("approved", "Approuvé")


class BookingStatus(LabelledEnum):
    CONFIRMED = ("confirmed", "Confirmé")
    CANCELLED = ("cancelled", "Annulé")
    WAITLISTED = ("waitlisted", "Sur liste d'attente")
    #: The freed slot is offered to this waitlisted booking; it holds the slot until answered.
    OFFERED = ("offered", "Créneau proposé")


class OrganisationKind(LabelledEnum):
    """The organisations behind the people who run the network."""

    AVISE = ("avise", "Avise")
    COORACE = ("coorace", "Coorace")
    RTES = ("rtes", "RTES")
    LABO_ESS = ("labo_ess", "Labo de l'ESS")
    #: A regional cell (CRESS and Préfecture of one region): sees its region only.
    CRA = ("cra", "Cellule régionale d'animation (CRA)")
    LAW_FIRM = ("law_firm", "Cabinet d'avocat·es")
    OTHER = ("other", "Autre organisation")


class CollectiveKind(LabelledEnum):
    """The collective half of the bouquet de services (seed note: the CRA's events, Coorace's calendar)."""

    WEBINAR = ("webinar", "Webinaire thématique")
    EU_FUNDS = ("eu_funds", "Session fonds européens")
    REGIONAL_EVENT = ("regional_event", "Rencontre régionale inter-PTCE")
    NATIONAL_DAY = ("national_day", "Journée nationale des PTCE")
    LEARNING_VISIT = ("learning_visit", "Visite apprenante")


class Audience(LabelledEnum):
    """Who a collective session is open to."""

    ALL = ("all", "Tous les pôles")
    REGION = ("region", "Les pôles d'une région")
    MATURITY = ("maturity", "Les pôles d'un niveau de maturité")
    INVITED = ("invited", "Les pôles invités")


class RegistrationStatus(LabelledEnum):
    REGISTERED = ("registered", "Inscrit·e")
    WAITLISTED = ("waitlisted", "En liste d'attente")
    CANCELLED = ("cancelled", "Désinscrit·e")


class JobState(LabelledEnum):
    """Where a background job stands (app/jobs/): a failed job waits for its retry; a dead one does not."""

    QUEUED = ("queued", "En attente")
    RUNNING = ("running", "En cours")
    DONE = ("done", "Terminé")
    FAILED = ("failed", "En échec, nouvel essai prévu")
    DEAD = ("dead", "Abandonné")


class ClaimState(LabelledEnum):
    """Where a request to run a pole on Entrepairs stands."""

    PENDING = ("pending", "En attente de décision")
    ACCEPTED = ("accepted", "Acceptée")
    REFUSED = ("refused", "Refusée")


class CharterVersion(LabelledEnum):
    """The Charte des PTCE a pole signed: the first one (2014) or the one updated in 2021."""

    V2014 = ("2014", "Charte de 2014")
    V2021 = ("2021", "Charte actualisée en 2021")


class AccompanimentKind(LabelledEnum):
    """What a regional cell (CRA) did with a pole (the seed's « diagnostics, réorientations et suivi »)."""

    DIAGNOSTIC = ("diagnostic", "Diagnostic de besoins")
    FOLLOW_UP = ("suivi", "Suivi")
    REFERRAL = ("reorientation", "Réorientation vers un autre dispositif")


class ReferralTarget(LabelledEnum):
    """Where a pole was sent by a referral."""

    DLA = ("dla", "Dispositif local d'accompagnement (DLA)")
    FRANCE_ACTIVE = ("france_active", "France Active")
    CRESS = ("cress", "Un programme de la CRESS")
    OTHER = ("other", "Autre dispositif")


class ValidationStatus(LabelledEnum):
    """Whether an organiser let a resource person appear in the directory and the suggestions."""

    PENDING = ("pending", "En attente de validation")
    VALIDATED = ("validated", "Validée")
    REFUSED = ("refused", "Refusée")
