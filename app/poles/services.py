"""Pole and need operations."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.eligibility.services import charter_signatory_clause
from app.extensions import db
from app.form_fields import themes_by_codes
from app.suggestions.profiles import pole_strength_profile
from app.suggestions.reembed import refresh_after_save
from matching.text import profile_text
from models import Departement, Maturity, Need, NeedKind, NeedStatus, Pole, Role, Theme, User


class PoleError(Exception):
    """A refused operation; ``str()`` is a French message."""


@dataclass(frozen=True)
class PoleFilters:
    q: str = ""
    region: str = ""
    theme: str = ""
    maturity: str = ""
    #: Verified signatories of the Charte des PTCE only.
    charter_only: bool = False


def search_poles(filters: PoleFilters, *, include_private: bool = False) -> list[Pole]:
    query: Select[tuple[Pole]] = select(Pole).options(
        selectinload(Pole.themes), selectinload(Pole.region), selectinload(Pole.facilitators),
        selectinload(Pole.eligibility),
    )
    if not include_private:
        query = query.where(Pole.public_listing.is_(True))
    if filters.region:
        query = query.where(Pole.region_code == filters.region)
    if filters.maturity:
        query = query.where(Pole.maturity == Maturity(filters.maturity))
    if filters.theme:
        query = query.where(Pole.themes.any(Theme.code == filters.theme))
    if filters.charter_only:
        query = query.where(charter_signatory_clause())
    if filters.q:
        pattern = f"%{filters.q.strip()}%"
        query = query.where(
            or_(Pole.name.ilike(pattern), Pole.description.ilike(pattern),
                Pole.carrier_structure.ilike(pattern), Pole.strengths.ilike(pattern))
        )
    return list(db.session.scalars(query.order_by(Pole.name)))


def _departements(codes: list[str], region_code: str) -> list[Departement]:
    if not codes:
        return []
    found = list(db.session.scalars(select(Departement).where(Departement.code.in_(codes))))
    if len(found) != len(set(codes)):
        raise PoleError("Un des départements choisis n'existe pas.")
    outside = [d.name for d in found if d.region_code != region_code]
    if outside:
        raise PoleError(
            "Ces départements ne sont pas dans la région choisie : " + ", ".join(sorted(outside))
        )
    return found


def _apply_pole_fields(pole: Pole, data: dict) -> None:
    pole.name = data["name"].strip()
    pole.carrier_structure = (data.get("carrier_structure") or "").strip() or None
    pole.region_code = data["region_code"]
    pole.maturity = Maturity(data["maturity"])
    pole.description = (data.get("description") or "").strip()
    pole.strengths = (data.get("strengths") or "").strip()
    pole.website = (data.get("website") or "").strip() or None
    pole.public_listing = bool(data.get("public_listing"))
    pole.departements = _departements(list(data.get("departements") or []), pole.region_code)
    pole.themes = themes_by_codes(list(data.get("themes") or []))


def _commit_pole(pole: Pole) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise PoleError(f"Un pôle porte déjà le nom « {pole.name} ».") from None
    strengths = pole_strength_profile(pole)
    if strengths is not None:
        refresh_after_save(db.session, [profile_text(strengths.title, strengths.text)])


def create_pole(*, creator: User, data: dict) -> Pole:
    """Create a pole; its facilitator creator becomes its facilitator."""
    pole = Pole(source="web")
    try:
        _apply_pole_fields(pole, data)
    except PoleError:
        db.session.rollback()
        raise
    db.session.add(pole)
    if creator.role is Role.FACILITATOR:
        creator.pole = pole
    _commit_pole(pole)
    return pole


def update_pole(pole: Pole, *, data: dict) -> Pole:
    try:
        with db.session.no_autoflush:
            _apply_pole_fields(pole, data)
    except PoleError:
        db.session.rollback()
        raise
    _commit_pole(pole)
    return pole


def claim_pole(pole: Pole, *, user: User) -> None:
    """A facilitator without a pole takes an unclaimed one (e.g. imported from the charter list)."""
    if user.role is not Role.FACILITATOR:
        raise PoleError("Seul·e un·e animateur·rice de PTCE peut revendiquer un pôle.")
    if user.pole_id is not None:
        raise PoleError("Vous animez déjà un pôle.")
    if pole.is_claimed:
        raise PoleError(
            "Ce pôle a déjà un·e animateur·rice sur Entrepairs. Contactez l'équipe d'animation "
            "pour être ajouté·e."
        )
    user.pole = pole
    db.session.commit()


def save_need(need: Need | None, *, pole: Pole, author: User, data: dict) -> Need:
    """Create (``need`` is None) or update a need of ``pole``."""
    if need is None:
        need = Need(pole=pole, author=author, status=NeedStatus.OPEN)
        db.session.add(need)
    need.title = data["title"].strip()
    need.text = data["text"].strip()
    need.kind = NeedKind(data["kind"])
    need.urgency = int(data["urgency"])
    need.themes = themes_by_codes(list(data.get("themes") or []))
    db.session.commit()
    refresh_after_save(db.session, [profile_text(need.title, need.text)])
    return need


def set_need_status(need: Need, status: NeedStatus) -> None:
    need.status = status
    db.session.commit()


def open_needs_of(pole: Pole) -> list[Need]:
    return [n for n in pole.needs if n.status is not NeedStatus.CLOSED]
