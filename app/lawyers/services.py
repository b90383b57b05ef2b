"""A Juri-PTCE lawyer's own profile: firm and specialties, which route legal questions to them.

An invited lawyer starts with empty specialties and is never routed a question until they write
some. The router (``app.suggestions.services.route_legal_question``) is fitted per process on a
fingerprint that holds every active lawyer's specialties, so a saved change refits it on the
next question (after at most ``SUGGESTION_INDEX_CHECK_SECONDS`` in another worker).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.legal.slot_changes import write_place_on_slots
from app.refused import Refused
from app.suggestions.reembed import refresh_after_save
from app.transactions import transactional
from models import LawyerProfile, Role, User

#: Below this many characters, specialties are not used for routing (as in the router's index).
MIN_SPECIALTIES_LENGTH = 15
SPECIALTIES_TOO_SHORT = (f"Décrivez vos spécialités en {MIN_SPECIALTIES_LENGTH} caractères au moins : "
                         "c'est d'après elles que les questions juridiques vous sont adressées.")


def profile_of(user: User) -> LawyerProfile | None:
    return db.session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))


def is_routable(profile: LawyerProfile | None) -> bool:
    return profile is not None and len(profile.specialties.strip()) >= MIN_SPECIALTIES_LENGTH


def profile_gaps(user: User) -> list[str]:
    """What a lawyer's profile still lacks, said on « Mon espace » with its consequence (walk 5: a new lawyer
    with a booking never learnt that the pole read « Modalités : pas encore indiquées »)."""
    profile = profile_of(user) if user.role is Role.LAWYER else None
    if profile is None:
        return []
    gaps = []
    if not is_routable(profile):
        gaps.append("Vos spécialités ne sont pas encore écrites : aucune question juridique ne vous est adressée.")
    if not (profile.meeting_details or "").strip():
        gaps.append("Vos modalités de rendez-vous (lien de visioconférence, téléphone ou adresse) ne sont pas "
                    "indiquées : les pôles qui réservent lisent « pas encore indiquées ».")
    return gaps


#: What the profile form shows of a lawyer's profile: a save checks none of it changed since the form was opened.
LAWYER_EDIT = Editable("lawyer", "Votre profil a été modifié", {
    "firm": ("Cabinet", lambda profile: profile.firm),
    "specialties": ("Vos spécialités", lambda profile: profile.specialties),
    "meeting_details": ("Modalités de vos rendez-vous", lambda profile: profile.meeting_details),
})


@transactional
def _write_profile(user: User, *, firm: str, specialties: str, meeting_details: str | None,
                   opened: str | None) -> LawyerProfile:
    if user.role is not Role.LAWYER:
        raise Refused("Seul·e un·e avocat·e Juri-PTCE a un profil d'avocat·e.")
    specialties = specialties.strip()
    if len(specialties) < MIN_SPECIALTIES_LENGTH:
        raise Refused(SPECIALTIES_TOO_SHORT)
    existing = profile_of(user)
    if existing is not None:
        check_and_stamp(LAWYER_EDIT, existing, opened=opened, by=user)
    profile = existing or LawyerProfile(user=user)
    profile.firm = firm.strip() or None
    profile.specialties = specialties
    if meeting_details is not None:
        profile.meeting_details = meeting_details.strip() or None
    db.session.add(profile)
    db.session.flush()
    write_place_on_slots(profile)
    return profile


def save_profile(user: User, *, firm: str, specialties: str, meeting_details: str | None = None,
                 opened: str | None = None) -> LawyerProfile:
    """Save the lawyer's firm, specialties and how their appointments take place (``None``: unchanged), the
    latter written onto their coming slots, whose bookers are told when it changed (``write_place_on_slots``);
    then embed the specialties (the router refits on its own).
    ``EditConflict`` when the profile changed since its form was opened (``opened``, nothing written)."""
    profile = _write_profile(user, firm=firm, specialties=specialties, meeting_details=meeting_details,
                             opened=opened)
    refresh_after_save(db.session, [profile.specialties])
    return profile


@dataclass(frozen=True)
class LawyerRow:
    user: User
    firm: str | None
    has_specialties: bool
    #: Their lawyer profile (None until they write one): the key of their slots' page.
    profile_id: int | None = None


def lawyers_overview() -> list[LawyerRow]:
    """Every active lawyer account, those without specialties (never routed a question) first."""
    rows = db.session.execute(
        select(User, LawyerProfile).outerjoin(LawyerProfile, LawyerProfile.user_id == User.id)
        .where(User.role == Role.LAWYER, User.is_active.is_(True))
        .order_by(User.display_name)).all()
    result = [LawyerRow(user=user, firm=profile.firm if profile else None, has_specialties=is_routable(profile),
                        profile_id=profile.id if profile else None)
              for user, profile in rows]
    return sorted(result, key=lambda r: r.has_specialties)

