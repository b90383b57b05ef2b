"""Organisers validate resource persons before they are listed or suggested.

A new profile is pending (model default); an organiser validates it or refuses it with a reason,
and the person is told on their page and by e-mail (outbox). Every query that lists resource
persons or their offers for others (directory, suggestions, batch, manual proposals, peer pages)
keeps :func:`listed` only.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import joinedload

from app.access.scopes import resource_person_counted
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
    """A person not (yet) validated is seen by themself and organisers only."""
    if person.is_validated:
        return True
    return viewer is not None and viewer.is_authenticated and (
        viewer.id == person.user_id or viewer.has_role(Role.ORGANISER))


def offer_published_message(person: ResourcePerson) -> str:
    """What a person reads once they publish an offer: nobody sees it before their profile is validated."""
    if person.is_validated:
        return "Votre offre est publiée."
    return "Votre offre est enregistrée ; elle sera visible quand l'équipe aura validé votre profil."


def pending_people() -> list[ResourcePerson]:
    """Persons waiting for a decision, oldest first."""
    return list(db.session.scalars(
        select(ResourcePerson).join(ResourcePerson.user)
        .where(ResourcePerson.validation_status == ValidationStatus.PENDING, User.is_active.is_(True))
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
    then « pas retenu »; the second is told what the first decided."""
    if not organiser.has_role(Role.ORGANISER):
        raise Refused("Seule l'équipe d'animation valide les personnes ressources.")
    person = lock_row(db.session, ResourcePerson, person.id) or person
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
