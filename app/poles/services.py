"""Pole and need operations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.access import policy
from app.access.scopes import pole_named_to
from app.edit_stamps import FIELD as OPENED_ON
from app.edit_stamps import Editable, check_and_stamp
from app.eligibility.services import charter_signatory_clause
from app.extensions import db
from app.idempotency import insert_once, made_for
from app.locks import lock_row
from app.text_rules import bounded_text, require_text
from app.text_search import has_words, query_words
from app.form_fields import themes_by_codes
from app.notifications.outbox import enqueue_template
from app.poles.need_status import set_by_pole
from app.poles.region_history import record_move
from app.poles.region_joined import tell_region_joined, withdraw_notices_left_behind
from app.poles.region_lock import POLE_GONE_MEANWHILE, lock_regions
from app.refused import Problem, Refused
from app.suggestions.profiles import pole_strength_profile
from app.suggestions.reembed import refresh_after_save
from app.transactions import savepoint, unit_of_work
from app.typography import alphabetical
from matching.text import profile_text
from models import (
    ClaimState, Departement, Maturity, Need, NeedKind, NeedStatus, Pole, PoleClaim, Role, Theme, User, utcnow,
)


class PoleError(Refused):
    """A refused pole or need operation; ``str()`` is a French message."""


class PoleGone(PoleError):
    """The pole was merged into another (or deleted) while its form was being saved: nothing was written."""


POLE_GONE = ("Ce pôle n'existe plus : il a été fondu dans un autre pôle (ou supprimé) pendant que vous "
             "l'éditiez ; vos modifications ne sont pas enregistrées.")


#: Longest texts of a pole and a need, in characters: the forms say them, the service refuses beyond.
POLE_NAME_MAX, CARRIER_MAX, POLE_TEXT_MAX = 200, 200, 5000
NEED_TITLE_MAX, NEED_TEXT_MAX = 200, 5000

#: What the pole form shows of a pole: a save checks none of it changed since the form was opened.
POLE_EDIT = Editable("pole", "Cette fiche a été modifiée", {
    "name": ("Nom du pôle", lambda pole: pole.name),
    "carrier_structure": ("Structure porteuse", lambda pole: pole.carrier_structure),
    "region_code": ("Région", lambda pole: pole.region.name if pole.region else pole.region_code),
    "departements": ("Départements couverts", lambda pole: [f"{d.name} ({d.code})" for d in pole.departements]),
    "maturity": ("Maturité", lambda pole: pole.maturity.label),
    "themes": ("Thèmes du pôle", lambda pole: [theme.label for theme in pole.themes]),
    "description": ("Présentation du pôle", lambda pole: pole.description),
    "strengths": ("Ce que le pôle peut montrer ou transmettre", lambda pole: pole.strengths),
    "website": ("Site web", lambda pole: pole.website),
    "public_listing": ("Présence sur la carte et l'annuaire publics", lambda pole: pole.public_listing),
})
#: What the need form shows of a need.
NEED_EDIT = Editable("need", "Ce besoin a été modifié", {
    "title": ("Titre du besoin", lambda need: need.title),
    "text": ("Description du besoin", lambda need: need.text),
    "kind": ("Forme d'appui souhaitée", lambda need: need.kind.label),
    "urgency": ("Échéance", lambda need: need.urgency_label),
    "themes": ("Thèmes", lambda need: [theme.label for theme in need.themes]),
})


@dataclass(frozen=True)
class PoleFilters:
    q: str = ""
    region: str = ""
    theme: str = ""
    maturity: str = ""
    #: Verified signatories of the Charte des PTCE only.
    charter_only: bool = False


def search_poles(filters: PoleFilters, *, viewer: Any = None) -> list[Pole]:
    """The poles ``viewer`` may see named (``app.access.scopes.pole_named_to``: listed ones, and their own or,
    for an organiser, the unlisted ones of its regions) that pass ``filters``; the words of ``filters.q`` each
    in the pole's name, carrier, presentation or strengths, or its territory (region, départements by name or number:
    « corse », « guadeloupe », « 63 » find a newcomer's pole), accents and case ignored."""
    query: Select[tuple[Pole]] = select(Pole).options(
        selectinload(Pole.themes), selectinload(Pole.region), selectinload(Pole.facilitators),
        selectinload(Pole.eligibility), selectinload(Pole.departements),
    )
    query = query.where(pole_named_to(viewer))
    if filters.region:
        query = query.where(Pole.region_code == filters.region)
    if filters.maturity:
        query = query.where(Pole.maturity == Maturity(filters.maturity))
    if filters.theme:
        query = query.where(Pole.themes.any(Theme.code == filters.theme))
    if filters.charter_only:
        query = query.where(charter_signatory_clause())
    words = query_words(filters.q)  # accents and case ignored (app.text_search)
    found = [pole for pole in db.session.scalars(query)
             if has_words(words, (pole.name, pole.description, pole.carrier_structure, pole.strengths,
                                  pole.region.name if pole.region else None,
                                  *(f"{d.name} {d.code}" for d in pole.departements)))]
    return sorted(found, key=lambda pole: alphabetical(pole.name))  # « Cergy » before « CIS »


def departement_problems(codes: list[str], region_code: str | None) -> list[Problem]:
    """What is wrong with a pole's départements (unknown, or outside its region, named), for the ``departements``
    field: the form shows it beside the list together with every other error."""
    if not codes:
        return []
    found = list(db.session.scalars(select(Departement).where(Departement.code.in_(codes))))
    if len(found) != len(set(codes)):
        return [Problem("Un des départements choisis n'existe pas.", "departements")]
    outside = sorted((d.name for d in found if d.region_code != region_code), key=alphabetical)
    if not outside:
        return []
    which = ("Ce département n'est pas" if len(outside) == 1 else "Ces départements ne sont pas")
    return [Problem(f"{which} dans la région choisie : {', '.join(outside)}.", "departements")]


def _departements(codes: list[str], region_code: str) -> list[Departement]:
    if problems := departement_problems(codes, region_code):
        raise PoleError.of(problems)
    return list(db.session.scalars(select(Departement).where(Departement.code.in_(codes)))) if codes else []


def _apply_pole_fields(pole: Pole, data: dict) -> None:
    pole.name = require_text(data["name"], field_label="Nom du pôle", most=POLE_NAME_MAX, error=PoleError)
    pole.carrier_structure = bounded_text(data.get("carrier_structure"), field_label="Structure porteuse",
                                          most=CARRIER_MAX, multiline=False, error=PoleError) or None
    pole.region_code = data["region_code"]
    pole.maturity = Maturity(data["maturity"])
    pole.description = bounded_text(data.get("description"), field_label="Présentation du pôle",
                                    most=POLE_TEXT_MAX, error=PoleError)
    pole.strengths = bounded_text(data.get("strengths"), field_label="Ce que le pôle peut montrer",
                                  most=POLE_TEXT_MAX, error=PoleError)
    pole.website = (data.get("website") or "").strip() or None
    pole.public_listing = bool(data.get("public_listing"))
    pole.departements = _departements(list(data.get("departements") or []), pole.region_code)
    pole.themes = themes_by_codes(list(data.get("themes") or []))


def _flush_pole(pole: Pole) -> None:
    """Write the pole now, inside the unit: a taken name becomes a refusal."""
    try:
        with savepoint():
            db.session.flush()
    except IntegrityError:
        raise PoleError(f"Un pôle porte déjà le nom « {pole.name} ».") from None


def _refresh_strengths(pole: Pole) -> None:
    strengths = pole_strength_profile(pole)
    if strengths is not None:
        refresh_after_save(db.session, [profile_text(strengths.title, strengths.text)])


def organisers_for(pole: Pole) -> list[User]:
    """Organisers who decide for a pole nobody runs or nobody confirmed yet: national ones and those of its region."""
    return organisers_of_region(pole.region_code)


def organisers_of_region(region_code: str | None) -> list[User]:
    """The active organisers (and administrators) who see ``region_code``: national ones and the region's own."""
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.ORGANISER, Role.ADMIN]), User.is_active.is_(True),
                           (User.region_code.is_(None)) | (User.region_code == region_code))
        .order_by(User.id)))


def create_pole(*, creator: User, data: dict) -> Pole:
    """Create a pole; its facilitator creator becomes its facilitator.

    A pole created by an organiser is confirmed at once; one created by a facilitator stays
    off the public map and directory until an organiser confirms it is a real PTCE: the organisers
    who may confirm it (national ones and its region's) are told by e-mail, as for a claim.
    """
    with unit_of_work():
        pole = Pole(source="web")
        _apply_pole_fields(pole, data)
        if creator.has_role(Role.ORGANISER):
            pole.confirmed_at, pole.confirmed_by = utcnow(), creator.display_name
        db.session.add(pole)
        if creator.role is Role.FACILITATOR:
            creator.pole = pole
            drop_pending_claim(creator)  # the pole they asked for is not theirs after all
        _flush_pole(pole)
        if pole.confirmed_at is None:
            for organiser in organisers_for(pole):
                enqueue_template(db.session, key=f"pole:{pole.id}:to-confirm:user:{organiser.id}", to=organiser,
                                 subject=f"Nouveau pôle à confirmer\u00a0: «\u00a0{pole.name}\u00a0»",
                                 template="poles/mail/pole_to_confirm.txt", pole=pole, creator=creator)
    _refresh_strengths(pole)
    return pole


def drop_pending_claim(user: User) -> str | None:
    """Take back ``user``'s request to run a pole, if one waits (inside the caller's transaction); the pole's name.

    A request nobody decided yet leaves no trace: its deciders no longer see it, and the person may ask for another
    pole (one pending request each) or create theirs.
    """
    claim = db.session.scalar(select(PoleClaim).where(PoleClaim.claimant_id == user.id,
                                                      PoleClaim.state == ClaimState.PENDING))
    if claim is None:
        return None
    name = claim.pole.name
    gone = db.session.execute(delete(PoleClaim).where(PoleClaim.id == claim.id, PoleClaim.state == ClaimState.PENDING))
    return name if gone.rowcount else None  # decided meanwhile (PostgreSQL reads the row again): nothing taken back


def update_pole(pole: Pole, *, data: dict, by: User) -> Pole:
    """Save the pole form; ``EditConflict`` when the pole changed since the form was opened (nothing written)."""
    with unit_of_work():
        # The pole's row first, read again: the region a move leaves is the one another move (the form elsewhere, the
        # CSV import) committed meanwhile, and a merge that removed the pole meanwhile is said, not a 500.
        if lock_row(db.session, Pole, pole.id, others_may_refer=True) is None:
            raise PoleGone(POLE_GONE)
        check_and_stamp(POLE_EDIT, pole, opened=data.get(OPENED_ON), by=by)
        left = pole.region_code
        with db.session.no_autoflush:
            _apply_pole_fields(pole, data)
        _flush_pole(pole)
        if (move := record_move(pole, from_region=left)) is not None:  # the review counts its past where it was
            db.session.flush()
            db.session.expire(pole, ["region"])  # loaded with the form: read the region joined, not the one left
            tell_region_joined(pole, move, by=by)  # what waits for the CRA it joins (``region_joined``)
            withdraw_notices_left_behind(pole, move)  # and nothing of it stays under the bells of the CRA it left
    _refresh_strengths(pole)
    return pole


def confirm_pole(pole: Pole, *, by: User) -> None:
    """An organiser confirms the pole is a real PTCE: it may now be listed publicly. Its region is read under its row
    lock (``app.poles.region_lock``): the CRA of a pole that moves meanwhile confirms it before the move, or is refused."""
    with unit_of_work():
        if not lock_regions([pole.id], writes=True):
            raise PoleGone(POLE_GONE_MEANWHILE)
        if not by.has_role(Role.ORGANISER) or not policy.may_see_region(by, pole.region_code):
            raise PoleError("Seule l'équipe d'animation de sa région peut confirmer un pôle.")
        if pole.confirmed_at is None:
            pole.confirmed_at, pole.confirmed_by = utcnow(), by.display_name


def unconfirmed_poles(viewer: Any) -> list[Pole]:
    """Poles created on the site that an organiser has not confirmed yet, oldest first: those ``viewer`` may
    see named (a CRA, its region's)."""
    return list(db.session.scalars(
        select(Pole).where(Pole.confirmed_at.is_(None), pole_named_to(viewer))
        .options(selectinload(Pole.region), selectinload(Pole.facilitators)).order_by(Pole.created_at, Pole.id)))


def _need_made_with(key: str | None, pole: Pole, author: User) -> Need | None:
    """The need this publishing form (its key) already made: another person's form is refused."""
    return made_for(Need, key, PoleError, pole_id=pole.id, author_id=author.id)


def save_need(need: Need | None, *, pole: Pole, author: User, data: dict, by: User | None = None) -> Need:
    """Create (``need`` is None) or update a need of ``pole`` (saved by ``by``, its author by default);
    ``EditConflict`` when the need changed since its form was opened (nothing written). A publishing form sent
    again (its ``idempotency_key``: a double click, Back then send) gives the need it published, once."""
    key = str(data.get("idempotency_key") or "") or None
    with unit_of_work():
        if need is None:
            if (made := _need_made_with(key, pole, author)) is not None:
                return made
            # By ids, not relationships: the need enters the session only through ``insert_once``.
            need = Need(pole_id=pole.id, author_id=author.id, status=NeedStatus.OPEN, idempotency_key=key)
        else:
            check_and_stamp(NEED_EDIT, need, opened=data.get(OPENED_ON), by=by or author)
        need.title = require_text(data["title"], field_label="Titre du besoin", most=NEED_TITLE_MAX, error=PoleError)
        need.text = require_text(data["text"], field_label="Description du besoin", multiline=True,
                                 most=NEED_TEXT_MAX, error=PoleError)
        need.kind = NeedKind(data["kind"])
        need.urgency = int(data["urgency"])
        need.themes = themes_by_codes(list(data.get("themes") or []))
        if need.id is None and insert_once(need) is not None:  # the same form, sent at once, won the race
            return _need_made_with(key, pole, author)  # type: ignore[return-value]
    refresh_after_save(db.session, [profile_text(need.title, need.text)])
    return need


def set_need_status(need: Need, status: NeedStatus) -> NeedStatus:
    """The pole closes or reopens its need (``need_status.set_by_pole``): the status it now has."""
    with unit_of_work():
        return set_by_pole(need, status)


def open_needs_of(pole: Pole) -> list[Need]:
    """The pole's needs not closed, oldest first, their themes read with them: the page tags each need, and one
    query per need made a busy pole's page send a hundred and more."""
    return list(db.session.scalars(select(Need).where(Need.pole_id == pole.id, Need.status != NeedStatus.CLOSED)
                                   .options(selectinload(Need.themes)).order_by(Need.id)))
