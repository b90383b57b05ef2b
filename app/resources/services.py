"""Resource-person profiles and offers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import selectinload

from app.access.scopes import pole_named_to
from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.idempotency import insert_once, made_for
from app.refused import Problem, Refused
from app.resources.validation import listed, tell_pending
from app.text_rules import require_text, text_problem
from app.text_search import has_words, query_words
from app.transactions import transactional
from app.typed_lookup import Sayings
from app.form_fields import themes_by_codes
from app.suggestions.reembed import refresh_after_save
from matching.text import profile_text
from models import (
    MAX_YEARLY_CAPACITY, Departement, Mobility, Need, NeedKind, NeedStatus, Offer, Pole, ResourcePerson, Role, Theme,
    User, ValidationStatus,
)


class ProfileError(Refused):
    """A refused operation on a profile or an offer; ``str()`` is a French message."""


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    region: str = ""
    theme: str = ""


def search_resource_persons(filters: ResourceFilters) -> list[ResourcePerson]:
    query = select(ResourcePerson).join(ResourcePerson.user).where(User.is_active.is_(True), listed()).options(
        selectinload(ResourcePerson.offers).selectinload(Offer.themes),
        selectinload(ResourcePerson.user), selectinload(ResourcePerson.region),
    )
    if filters.region:
        query = query.where(ResourcePerson.region_code == filters.region)
    if filters.theme:
        query = query.where(
            ResourcePerson.offers.any(Offer.active.is_(True) & Offer.themes.any(Theme.code == filters.theme))
        )
    people = db.session.scalars(query.order_by(User.display_name))
    words = query_words(filters.q)  # each in the person's texts or their offers', accents and case ignored
    return [person for person in people if has_words(words, (
        person.user.display_name, person.headline, person.bio,
        *(text for offer in person.offers if offer.active for text in (offer.title, offer.text))))]


def profile_of(user: User) -> ResourcePerson | None:
    return db.session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))


def poles_to_pick(viewer: Any, *, keep: int | None = None) -> ColumnElement[bool]:
    """The poles a resource person may name as hers (typed: ``app.poles.pole_lookup``): those the access policy
    lets ``viewer`` see named (``pole_named_to``), and the one her profile already has (``keep``), whatever its
    state."""
    return pole_named_to(viewer) if keep is None else or_(pole_named_to(viewer), Pole.id == keep)


#: How the profile's pole, typed, says none or several (``app.typed_lookup``).
POLE_SAYINGS = Sayings(
    no_number="Aucun pôle ne porte le n°\u00a0{number} parmi ceux que vous voyez.",
    no_words="Aucun pôle ne correspond à « {typed} » : saisissez d'autres mots de son nom, ou de sa région, ou "
             "laissez le champ vide.",
    counted=("pôle correspond", "pôles correspondent"),
    several="{count} à « {typed} » : choisissez le vôtre sous le champ, ou saisissez davantage de mots.",
    many="{count} à « {typed} » : choisissez le vôtre parmi les {listed} premiers sous le champ, ou saisissez "
         "davantage de mots (de son nom, de sa région).",
)


#: Longest texts of a profile and an offer, in characters: the forms say them, the service refuses beyond.
HEADLINE_MAX, EMPLOYER_MAX, BIO_MAX, AVAILABILITY_MAX = 200, 200, 5000, 2000
OFFER_TITLE_MAX, OFFER_TEXT_MAX = 200, 5000
#: A profile's texts: (field, longest, required, multi-line).
PROFILE_TEXTS = (("headline", HEADLINE_MAX, True, False), ("employer", EMPLOYER_MAX, False, False),
                 ("bio", BIO_MAX, False, True), ("availability", AVAILABILITY_MAX, False, True))

#: The capacity rule, said the same way by the form and the service.
CAPACITY_MESSAGE = f"Indiquez un nombre de transferts de 0 à {MAX_YEARLY_CAPACITY} par an."


def profile_problems(data: Mapping[str, Any]) -> list[Problem]:
    """Every rule of a profile that ``data`` breaks (its texts, the département in the region, the pole, the
    capacity), each naming its field; a value ``None`` is not looked at (refused by the form already)."""
    problems = [Problem(problem, name) for name, most, required, multiline in PROFILE_TEXTS
                if data.get(name) is not None
                and (problem := text_problem(data[name], most=most, required=required, multiline=multiline))]
    region_code, departement_code = data.get("region_code"), data.get("departement_code")
    if region_code and departement_code:
        departement = db.session.get(Departement, departement_code)
        if departement is None or departement.region_code != region_code:
            problems.append(Problem("Ce département n'est pas dans la région choisie : choisissez-en un de la "
                                    "région, ou aucun.", "departement_code"))
    pole_id = data.get("pole_id")
    if pole_id and (not str(pole_id).isdigit() or db.session.get(Pole, int(pole_id)) is None):
        problems.append(Problem("Le pôle choisi n'existe pas.", "pole_id"))
    capacity = data.get("yearly_capacity")
    if capacity is not None and not (str(capacity).strip().lstrip("-").isdigit()
                                     and 0 <= int(capacity) <= MAX_YEARLY_CAPACITY):
        problems.append(Problem(CAPACITY_MESSAGE, "yearly_capacity"))
    return problems


#: What the profile form shows of a resource person: a save checks none of it changed since the form was opened.
PROFILE_EDIT = Editable("resource_person", "Votre profil a été modifié", {
    "headline": ("En une phrase, votre expérience", lambda person: person.headline),
    "employer": ("Employeur", lambda person: person.employer),
    "bio": ("Parcours", lambda person: person.bio),
    "region_code": ("Région", lambda person: person.region.name if person.region else person.region_code),
    "departement_code": ("Département", lambda person: person.departement.name if person.departement else None),
    "pole_id": ("Pôle où vous travaillez", lambda person: person.pole.name if person.pole else None),
    "yearly_capacity": ("Nombre de transferts possibles par an", lambda person: str(person.yearly_capacity)),
    "mobility": ("Modalités", lambda person: person.mobility.label),
    "availability": ("Disponibilités", lambda person: person.availability),
})
#: What the offer form shows of an offer.
OFFER_EDIT = Editable("offer", "Cette offre a été modifiée", {
    "title": ("Titre de l'offre", lambda offer: offer.title),
    "text": ("Description de l'offre", lambda offer: offer.text),
    "themes": ("Thèmes", lambda offer: [theme.label for theme in offer.themes]),
})


@transactional
def save_profile(user: User, *, data: dict) -> ResourcePerson:
    """Create or update the person's profile. A new profile waits for an organiser's validation;
    a refused one edited by the person goes back to them for a new look."""
    problems = profile_problems(data)
    if problems:
        raise ProfileError.of(problems)
    existing = profile_of(user)
    if existing is not None:
        check_and_stamp(PROFILE_EDIT, existing, opened=data.get(OPENED_ON), by=user)
    profile = existing or ResourcePerson(user=user, validation_status=ValidationStatus.PENDING)
    if profile.validation_status is ValidationStatus.REFUSED:
        profile.validation_status = ValidationStatus.PENDING
    profile.headline = require_text(data["headline"], field_label="Votre expérience", most=HEADLINE_MAX,
                                    error=ProfileError)
    profile.employer = (data.get("employer") or "").strip() or None
    profile.bio = (data.get("bio") or "").strip()
    profile.region_code = data["region_code"]
    profile.departement_code = data.get("departement_code") or None
    profile.pole_id = int(data["pole_id"]) if data.get("pole_id") else None
    profile.yearly_capacity = int(data["yearly_capacity"])
    profile.mobility = Mobility(data["mobility"])
    profile.availability = (data.get("availability") or "").strip()
    db.session.add(profile)
    db.session.flush()
    if existing is None:
        tell_pending(profile)
    return profile


def _offer_made_with(key: str | None, profile: ResourcePerson) -> Offer | None:
    """The offer this publishing form (its key) already made: another person's form is refused."""
    return made_for(Offer, key, ProfileError, resource_person_id=profile.id)


@transactional
def _write_offer(offer: Offer | None, *, profile: ResourcePerson, data: dict, by: User) -> Offer:
    key = str(data.get("idempotency_key") or "") or None
    if offer is None:
        if (made := _offer_made_with(key, profile)) is not None:
            return made  # the same form sent again (a double click, Back then send): published once
        # By id, not the relationship: the offer enters the session only through ``insert_once``.
        offer = Offer(resource_person_id=profile.id, idempotency_key=key)
    else:
        check_and_stamp(OFFER_EDIT, offer, opened=data.get(OPENED_ON), by=by)
    offer.title = require_text(data["title"], field_label="Titre de l'offre", most=OFFER_TITLE_MAX, error=ProfileError)
    offer.text = require_text(data["text"], field_label="Description de l'offre", multiline=True, most=OFFER_TEXT_MAX,
                              error=ProfileError)
    offer.themes = themes_by_codes(list(data.get("themes") or []))
    if offer.id is None and insert_once(offer) is not None:  # the same form, sent at once, won the race
        return _offer_made_with(key, profile)  # type: ignore[return-value]
    db.session.flush()
    return offer


def save_offer(offer: Offer | None, *, profile: ResourcePerson, data: dict, by: User | None = None) -> Offer:
    """Save the offer (one unit of work), then embed its text for the suggestions; ``EditConflict`` when the
    offer changed since its form was opened (nothing written). ``by``: who saves (the person by default)."""
    offer = _write_offer(offer, profile=profile, data=data, by=by or profile.user)
    refresh_after_save(db.session, [profile_text(offer.title, offer.text)])
    return offer


@transactional
def set_offer_active(offer: Offer, active: bool) -> None:
    offer.active = active


def needs_to_ask_from(profile: ResourcePerson, viewer: Any) -> list[Need] | None:
    """Where a facilitator reading another pole's validated person starts a transfer request: their pole's open
    needs that mentors may answer (as on the need page: open, not a legal question), maybe none, so that the page
    says to publish one. ``None`` for any other reader: nothing to ask from there."""
    if (not getattr(viewer, "is_authenticated", False) or viewer.role is not Role.FACILITATOR
            or viewer.pole is None or not profile.is_validated or profile.pole_id == viewer.pole_id):
        return None
    return [need for need in viewer.pole.needs if need.status is NeedStatus.OPEN and need.kind is not NeedKind.LEGAL]
