"""Organisers validate resource persons before they are listed or suggested.

A new profile is pending (model default); an organiser validates it or refuses it with a reason,
and the person is told on their page and by e-mail (outbox). Every query that lists resource
persons or their offers for others (directory, suggestions, batch, manual proposals, peer pages)
keeps :func:`listed` only.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from app.access import policy
from app.access.scopes import resource_person_counted, unvalidated_person_in_scope
from app.extensions import db
from app.links import absolute_url
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.refused import Refused
from app.text_rules import bounded_text
from app.transactions import transactional
from models import ResourcePerson, Role, User, ValidationStatus, utcnow

#: Longest reason of a refusal (characters): the page says it, the service refuses beyond.
REFUSAL_REASON_MAX = 2000


def listed() -> ColumnElement[bool]:
    """SQL condition on ``ResourcePerson``: validated by an organiser (the rule the figures count by too,
    ``app.access.scopes.resource_person_counted``)."""
    return resource_person_counted()


def may_see(person: ResourcePerson, viewer: User | None) -> bool:
    """A person not (yet) validated, or refused, is seen by themself and the organisers of her region only
    (``policy.may_see_unvalidated_person``)."""
    return policy.may_see_resource_person(viewer, person_user_id=person.user_id, region_code=person.region_code,
                                          validated=person.is_validated)


def may_decide(person: ResourcePerson, organiser: User | None) -> bool:
    """Does ``organiser`` validate or refuse this profile: one of its region's (``policy.may_decide_person``)?"""
    return policy.may_decide_person(organiser, region_code=person.region_code)


def offer_published_message(person: ResourcePerson) -> str:
    """What a person reads once they publish an offer: nobody sees it before their profile is validated."""
    if person.is_validated:
        return "Votre offre est publiée."
    return "Votre offre est enregistrée ; elle sera visible quand l'équipe aura validé votre profil."


def pending_people(viewer: User) -> list[ResourcePerson]:
    """Persons waiting for a decision that ``viewer`` may take (a CRA: its region's), oldest first."""
    return list(db.session.scalars(
        select(ResourcePerson).join(ResourcePerson.user)
        .where(ResourcePerson.validation_status == ValidationStatus.PENDING, User.is_active.is_(True),
               unvalidated_person_in_scope(viewer))
        .options(joinedload(ResourcePerson.user), joinedload(ResourcePerson.region))
        .order_by(ResourcePerson.created_at, ResourcePerson.id)).unique())


def tell_pending(person: ResourcePerson) -> None:
    """Tell a person whose new profile waits for an organiser (in the caller's unit of work)."""
    enqueue_template(
        db.session, key=f"resource_person:{person.id}:pending", to=person.user, template="resources/mail_validation.txt",
        subject="Votre profil de personne ressource attend la validation de l'équipe d'animation",
        person=person, status=ValidationStatus.PENDING, reason="",
        link=absolute_url("resources.show", profile_id=person.id),
    )


#: What a decided profile is, said to an organiser deciding it again.
DECIDED = {ValidationStatus.VALIDATED: "validé", ValidationStatus.REFUSED: "refusé"}


def _decide(person: ResourcePerson, *, organiser: User, status: ValidationStatus, reason: str) -> None:
    """Decide a pending profile. Its row is locked and read afresh first: two organisers deciding at once (the
    national team and the region's CRA, a double click) decide once, and the person gets one mail, not « validé »
    then « pas retenu »; the second is told what the first decided. A CRA decides its own region's profiles only
    (``may_decide``, asked again of the fresh row: the person may have moved since the page was read)."""
    if not organiser.has_role(Role.ORGANISER):
        raise Refused("Seule l'équipe d'animation valide les personnes ressources.")
    person = lock_row(db.session, ResourcePerson, person.id) or person
    if not may_decide(person, organiser):
        raise Refused("Ce profil ne relève pas de votre région : la cellule régionale de sa région ou l'équipe "
                      "nationale le valide. Rien n'a été enregistré.")
    if person.validation_status is not ValidationStatus.PENDING:
        raise Refused(f"Ce profil a déjà été {DECIDED[person.validation_status]} par l'équipe d'animation : "
                      "rien n'a été enregistré.")
    person.validation_status = status
    person.refusal_reason = reason
    person.validated_at = utcnow()
    db.session.flush()
    enqueue_template(
        db.session, key=f"resource_person:{person.id}:{status.value}:{person.validated_at.isoformat()}",
        to=person.user, template="resources/mail_validation.txt",
        subject=("Votre profil de personne ressource est validé" if status is ValidationStatus.VALIDATED
                 else "Votre profil de personne ressource n'est pas retenu"),
        person=person, status=status, reason=reason, link=absolute_url("resources.show", profile_id=person.id),
    )


@transactional
def validate(person: ResourcePerson, *, organiser: User) -> None:
    """The person appears in the directory and the suggestions from now on."""
    _decide(person, organiser=organiser, status=ValidationStatus.VALIDATED, reason="")


@transactional
def refuse(person: ResourcePerson, *, organiser: User, reason: str) -> None:
    """The person stays out of the directory and the suggestions; ``reason`` is told to them."""
    reason = bounded_text(reason, field_label="Motif du refus", most=REFUSAL_REASON_MAX)
    if not reason:
        raise Refused("Indiquez le motif du refus : il est transmis à la personne.")
    _decide(person, organiser=organiser, status=ValidationStatus.REFUSED, reason=reason)
