"""Eligibility to the national support scheme of the PTCE, as organisers verified it.

The seed note (« Le dispositif de soutien des PTCE ») opens the national offer to the laureates
of the AMI PTCE phase 1, and makes the Charte des PTCE a criterion of phase 1; it also notes that
some signatories never applied because they are not « émergents », and the network counts both
as PTCE. The rule is therefore written once, here: **a pole is eligible when it is a laureate of
the AMI PTCE (phase 1, or phase 2, which only phase-1 laureates can reach) or a signatory of the
charter (2014 or 2021)**. Only organisers record these facts; a pole never ticks them itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from flask import current_app
from sqlalchemy import ColumnElement, or_, select

from app.access import policy
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.refused import Refused
from app.templating import format_date, today_where_read, zone_of
from app.transactions import transactional
from app.typography import of_pole
from models import CharterVersion, Organisation, OrganisationKind, Pole, PoleEligibility, Role, User, utcnow

#: The Labo de l'ESS, which runs the charter (address given by the seed note).
CHARTER_URL = "https://www.lelabo-ess.org/les-poles-territoriaux-de-cooperation-economique"


class EligibilityRefused(Refused):
    """A request refused because the pole is not eligible (``ELIGIBILITY_RULE=block``)."""


def _charter(pole: Pole) -> str:
    record = pole.eligibility
    version = record.charter_version if record else None
    return f"Signataire — {version.label.lower()}" if version else "Non signataire"


def _ami(pole: Pole) -> str:
    phase = pole.eligibility.ami_phase if pole.eligibility else None
    return {1: "Lauréat de la phase 1", 2: "Lauréat de la phase 2"}.get(phase or 0, "Non lauréat")


#: What the eligibility form shows of a pole: two organisers (Avise, Coorace, the region's CRA) may record it at
#: once, and an import may set it meanwhile; its stamp is the pole's (``eligibility:<pole id>``), the record
#: itself may not exist yet.
ELIGIBILITY_EDIT = Editable("eligibility", "L'éligibilité de ce pôle a été modifiée", {
    "charter_version": ("Charte des PTCE", _charter),
    "charter_signed_on": ("Date de signature de la charte",
                          lambda pole: format_date(pole.eligibility.charter_signed_on) if pole.eligibility else None),
    "ami_phase": ("AMI PTCE", _ami),
    "ami_year": ("Année de l'AMI", lambda pole: pole.eligibility.ami_year if pole.eligibility else None),
})


def is_eligible(record: PoleEligibility | None) -> bool:
    """THE rule: AMI PTCE laureate (phase 1 or 2) or signatory of the charter."""
    return record is not None and (record.ami_phase is not None or record.charter_version is not None)


def pole_is_eligible(pole: Pole) -> bool:
    return is_eligible(pole.eligibility)


def charter_signatory_clause() -> ColumnElement[bool]:
    """SQL condition on ``Pole``: a verified signatory of the charter (map, directory, statistics)."""
    return Pole.id.in_(select(PoleEligibility.pole_id).where(PoleEligibility.charter_version.is_not(None)))


def rule() -> str:
    """``warn`` (default) or ``block``, from ``ELIGIBILITY_RULE``."""
    return current_app.config.get("ELIGIBILITY_RULE", "warn")


def warning_for(pole: Pole) -> str | None:
    """What an organiser reads next to a request from ``pole``; None when the pole is eligible."""
    if pole_is_eligible(pole):
        return None
    return (f"« {pole.name} » n'est ni lauréat de l'AMI PTCE (phase 1) ni signataire de la Charte des PTCE "
            "d'après ce que l'équipe d'animation a vérifié : il n'est pas éligible au dispositif national.")


#: Who the national scheme is for, as the requester reads it.
RESERVED_TO = "réservé aux lauréats de l'AMI PTCE, phase 1, et aux signataires de la Charte des PTCE"


def notice_for_requester(pole: Pole, *, action: str) -> str | None:
    """What the pole's facilitator reads before asking (``action``: « demander un transfert »): the refusal under
    ``block``; under ``warn``, that the team will see the pole is not (or not yet known to be) eligible. None
    when the pole is eligible: the request goes as any other."""
    if pole_is_eligible(pole):
        return None
    refusal = refusal_for(pole, action=action)
    if refusal:
        return refusal
    if pole.eligibility is None:
        return (f"L'équipe d'animation n'a pas encore vérifié l'éligibilité de votre pôle au dispositif national "
                f"({RESERVED_TO}) : elle le fera en examinant votre demande.")
    return (f"D'après l'équipe d'animation, votre pôle n'est pas éligible au dispositif national ({RESERVED_TO}) : "
            "votre demande lui est transmise avec cette mention, et elle décide en le sachant.")


def refusal_for(pole: Pole, *, action: str) -> str | None:
    """The French reason to refuse ``action`` for ``pole`` under ``ELIGIBILITY_RULE=block``; else None.

    Under ``warn`` nothing is refused: organisers see :func:`warning_for` where they decide.
    """
    if rule() != "block" or pole_is_eligible(pole):
        return None
    return (f"Votre pôle ne peut pas {action} : le dispositif national est réservé aux lauréats de l'AMI PTCE "
            "(phase 1) et aux signataires de la Charte des PTCE. Signez la charte ou faites vérifier votre "
            "situation : la fiche de votre pôle dit à qui écrire.")


@dataclass(frozen=True)
class EligibilityContact:
    """Whom a pole's facilitator writes to about its eligibility (``policy.eligibility_checker``)."""

    name: str
    #: The organisation's active organisers (organisations have no address of their own).
    addresses: tuple[str, ...]
    #: The regional cell of the pole's region (else Avise, the region having none to write to).
    regional: bool
    subject: str

    @property
    def mailto(self) -> str:
        return f"mailto:{','.join(self.addresses)}?subject={quote(self.subject)}"


def contact_for(pole: Pole, viewer: User) -> EligibilityContact | None:
    """Whom ``viewer`` writes to so that the pole's eligibility is checked: None when the pole is eligible, when
    the viewer is not one of its facilitators, or when nobody can be written to."""
    if pole_is_eligible(pole) or not policy.may_see_eligibility_contact(viewer, pole.id):
        return None
    rows = db.session.execute(
        select(Organisation, User.email).join(User, User.organisation_id == Organisation.id)
        .where(User.role == Role.ORGANISER, User.is_active.is_(True),
               or_(Organisation.kind == OrganisationKind.AVISE,
                   (Organisation.kind == OrganisationKind.CRA) & (Organisation.region_code == pole.region_code)))
        .order_by(Organisation.id, User.id)).all()
    addresses: dict[Organisation, list[str]] = {}
    for organisation, email in rows:
        addresses.setdefault(organisation, []).append(email)
    checker = policy.eligibility_checker(pole.region_code, addresses)
    if checker is None:
        return None
    return EligibilityContact(name=checker.name, addresses=tuple(addresses[checker]), regional=checker.is_regional,
                              subject=f"Éligibilité {of_pole(pole.name)} au dispositif national")


@dataclass(frozen=True)
class EligibilityStatus:
    """What the pole page says about eligibility (to the pole's facilitators and organisers)."""

    eligible: bool
    charter_version: CharterVersion | None
    charter_signed_on: date | None
    ami_phase: int | None
    ami_year: int | None
    #: The network team recorded what it verified (or the pole came from the signatories' list): until then
    #: « non signataire » would state what nobody checked.
    verified: bool = False
    charter_url: str = CHARTER_URL
    #: Whom the viewer writes to to have it checked (the pole's facilitators, while it is not eligible).
    contact: EligibilityContact | None = None


def status_of(pole: Pole, viewer: User | None = None) -> EligibilityStatus:
    record = pole.eligibility
    return EligibilityStatus(
        eligible=is_eligible(record),
        charter_version=record.charter_version if record else None,
        charter_signed_on=record.charter_signed_on if record else None,
        ami_phase=record.ami_phase if record else None,
        ami_year=record.ami_year if record else None,
        verified=record is not None,
        contact=contact_for(pole, viewer) if viewer is not None else None,
    )


def may_record(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ORGANISER)


@transactional
def record_eligibility(pole: Pole, *, organiser: User, charter_version: CharterVersion | None,
                       charter_signed_on: date | None, ami_phase: int | None, ami_year: int | None,
                       opened: str | None = None) -> PoleEligibility:
    """An organiser records what they verified; every field replaces the previous value. ``EditConflict`` when
    the pole's eligibility changed since the form was opened (``opened``, its hidden field; nothing written)."""
    if not may_record(organiser):
        raise Refused("Seule l'équipe d'animation enregistre l'éligibilité d'un pôle.")
    if charter_signed_on is not None and charter_version is None:
        raise Refused("Indiquez la version de la charte signée, ou retirez la date de signature.")
    if charter_signed_on is not None and charter_signed_on > today_where_read(zone_of(organiser)):
        raise Refused("La date de signature de la charte ne peut pas être dans le futur.")
    if ami_year is not None and ami_phase is None:
        raise Refused("Indiquez la phase de l'AMI PTCE obtenue, ou retirez l'année.")
    if ami_phase is not None and ami_phase not in (1, 2):
        raise Refused("La phase de l'AMI PTCE est 1 ou 2.")
    check_and_stamp(ELIGIBILITY_EDIT, pole, opened=opened, by=organiser)
    record = pole.eligibility or PoleEligibility(pole_id=pole.id)
    record.charter_version = charter_version
    record.charter_signed_on = charter_signed_on
    record.ami_phase = ami_phase
    record.ami_year = ami_year
    record.verified_by_id = organiser.id
    record.verified_at = utcnow()
    pole.eligibility = record
    db.session.flush()
    return record


def signatory_from_official_list(pole: Pole) -> None:
    """An import of the 2014 list of signatories records the pole as a 2014 signatory (kept if known)."""
    record = pole.eligibility or PoleEligibility()
    if record.charter_version is None:
        record.charter_version = CharterVersion.V2014
    pole.eligibility = record


def laureate_from_import(pole: Pole) -> None:
    """An imported laureate (phase unknown: phase 1) unless a phase is already recorded."""
    record = pole.eligibility or PoleEligibility()
    if record.ami_phase is None:
        record.ami_phase = 1
    pole.eligibility = record
