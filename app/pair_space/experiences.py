"""Handing back to the network: the experience sheet of a completed transfer.

Both sides agree to publish; the pole's facilitator writes it (situation, what was transferred,
what worked, what to avoid, contacts named with their consent). Published sheets are searchable
on ``/experiences`` and shown on the pages of needs they fit, closest first, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.edit_stamps import Editable, changed_since, check_and_stamp, last_save
from app.extensions import db
from app.notifications.inbox import notify
from app.refused import Refused
from app.text_rules import bounded_text
from app.suggestions.embeddings import embed_texts
from app.transactions import transactional
from app.typography import of_pole
from app.transfers.services import POLE, RESOURCE, facilitators_of, sides_of
from matching.text import profile_text
from models import ExperienceSheet, Need, Pairing, PairingStatus, User, utcnow

#: Cosine similarity from which a sheet is said to fit a need (the multilingual model's scale).
FIT_SIMILARITY = 0.45
CLOSE_SIMILARITY = 0.6
FIELDS = ("title", "situation", "transferred", "worked", "avoid", "contacts")
REQUIRED = {"title": "le titre", "situation": "la situation de départ", "transferred": "ce qui a été transmis"}


class SheetRefused(Refused):
    """A rule of the experience sheets said no."""


def _sheet_text(name: str):  # noqa: ANN202 - a reader of the edit stamps
    return lambda pairing: getattr(sheet_of(pairing), name, "")


#: What the sheet form shows, read from the transfer (the sheet may not exist yet: its first writing counts too).
SHEET_EDIT = Editable("experience_sheet", "Cette fiche a été modifiée", {
    name: (label, _sheet_text(name)) for name, label in (
        ("title", "Titre de la fiche"), ("situation", "La situation de départ"),
        ("transferred", "Ce qui a été transmis"), ("worked", "Ce qui a marché"),
        ("avoid", "Ce qu'il vaut mieux éviter"), ("contacts", "Contacts (avec leur accord)"))})


def sheet_of(pairing: Pairing) -> ExperienceSheet | None:
    return db.session.scalar(select(ExperienceSheet).where(ExperienceSheet.pairing_id == pairing.id))


def _draft(pairing: Pairing) -> ExperienceSheet:
    sheet = sheet_of(pairing)
    if sheet is None:
        sheet = ExperienceSheet(pairing_id=pairing.id, title="", situation="", transferred="")
        db.session.add(sheet)
    return sheet


def _check_completed(pairing: Pairing, user: User) -> set[str]:
    sides = sides_of(pairing, user) & {POLE, RESOURCE}
    if not sides:
        raise SheetRefused("Seul le binôme du transfert décide de sa fiche d'expérience.")
    if pairing.status is not PairingStatus.COMPLETED:
        raise SheetRefused("La fiche d'expérience s'écrit une fois le transfert terminé.")
    return sides


#: Said to the resource person (walk 6: she could open the form by its address and learnt it on sending).
WRITTEN_BY_POLE = ("La fiche d'expérience est écrite par l'animation du pôle accompagné. Vous la lirez sur la page "
                   "du transfert, puis direz si vous êtes d'accord pour la publier.")


#: Said to the pole that asks to agree before writing: there is nothing to agree to yet.
POLE_AGREES_BY_WRITING = ("La fiche n'est pas encore écrite : il n'y a rien à publier. Écrivez-la d'abord ; "
                          "l'enregistrer vaut l'accord du pôle pour la publier.")


def writer_refusal(pairing: Pairing, user: User) -> str | None:
    """Why ``user`` may not write this transfer's sheet, or None when they may: the form says it before anything
    is typed, and ``save_sheet`` refuses with the same words."""
    try:
        sides = _check_completed(pairing, user)
    except SheetRefused as refusal:
        return refusal.message
    return None if POLE in sides else WRITTEN_BY_POLE


def _publish_if_ready(pairing: Pairing, sheet: ExperienceSheet, actor: User) -> None:
    complete = all(getattr(sheet, name).strip() for name in REQUIRED)
    ready = complete and sheet.pole_agrees and sheet.resource_agrees
    if ready and sheet.published_at is None:
        sheet.published_at = utcnow()
        _tell_published(pairing, sheet, actor)
    elif not ready:
        sheet.published_at = None


def _tell_published(pairing: Pairing, sheet: ExperienceSheet, actor: User) -> None:
    """The other side learns that the sheet is published (walk of 6 December 2026: the pole, who wrote it, was not
    told when the resource person's agreement published it)."""
    person = pairing.resource_person.user if pairing.resource_person is not None else None  # None: account deleted
    # With whom each reads the transfer was: the pole's facilitators, with the person; she, with the pole.
    people = {u.id: (u, person.display_name if person else "la personne ressource")
              for u in facilitators_of(pairing.need.pole_id)}
    if person is not None:
        people.setdefault(person.id, (person, of_pole(pairing.need.pole.name, "le")))
    stamp = f"{sheet.published_at:%Y%m%d%H%M%S%f}"
    for user, with_whom in people.values():
        if user.id == actor.id or not user.is_active:
            continue
        notify(user=user, category="step", text=f"La fiche d'expérience «\u00a0{sheet.title}\u00a0» est publiée",
               url=f"/transferts/{pairing.id}#fiche", key=f"sheet:{pairing.id}:published:{stamp}:user:{user.id}",
               subject=f"Fiche d'expérience publiée\u00a0: «\u00a0{sheet.title}\u00a0»",
               template="pair_space/mail_sheet_published.txt", with_whom=with_whom, sheet=sheet, pairing=pairing)


#: Said to a side agreeing to a sheet the pole rewrote since the page was shown: the page shows the new text.
CHANGED_BEFORE_AGREEING = ("La fiche a été modifiée entre-temps : relisez-la ci-dessous avant de donner votre accord. "
                           "Rien n'a été enregistré.")


@transactional
def agree(*, pairing: Pairing, user: User, agrees: bool, opened: str | None = None) -> ExperienceSheet:
    """One side says whether it agrees to publish the sheet (either side may withdraw: it is unpublished).

    ``opened``: what the page showed of the sheet (``opened_token`` of ``SHEET_EDIT``); a sheet changed since is not
    agreed to (its text, rewritten between the page and the click, was published unread). Under the sheet's stamp
    lock, the one its saves take: a save under way is waited for, then read."""
    sides = _check_completed(pairing, user)
    last_save(SHEET_EDIT, pairing, lock=True)
    db.session.expire_all()  # the sheet as the last save committed it
    written = sheet_of(pairing)
    if agrees and written is not None and changed_since(SHEET_EDIT, pairing, opened):
        raise SheetRefused(CHANGED_BEFORE_AGREEING)
    if agrees and (written is None or not written.title.strip()):
        if POLE in sides:
            # Walk of 6 December 2026: the pole could agree to an empty sheet; writing it is the pole's agreement.
            raise SheetRefused(POLE_AGREES_BY_WRITING)
        # Walk 6: agreeing before the sheet was written published it, unread, the moment the pole saved it.
        raise SheetRefused("La fiche n'est pas encore écrite : vous donnerez votre accord après l'avoir lue "
                           "sur la page du transfert.")
    sheet = _draft(pairing)
    if POLE in sides:
        sheet.pole_agrees = agrees
    if RESOURCE in sides:
        sheet.resource_agrees = agrees
    _publish_if_ready(pairing, sheet, user)
    db.session.flush()
    return sheet


def _clean(name: str, value: str, limit: int, *, multiline: bool = True) -> str:
    """A field of the sheet, stripped; refused as every form refuses a text, naming the field (« « Titre de la
    fiche » : 200 caractères au plus (ce texte en compte 230). »)."""
    return bounded_text(value, field_label=SHEET_EDIT.fields[name][0], most=limit, multiline=multiline,
                        error=SheetRefused)


@transactional
def save_sheet(*, pairing: Pairing, author: User, values: dict[str, str], opened: str | None = None) -> ExperienceSheet:
    """The pole's facilitator writes the sheet; it is published once complete and agreed by both sides.
    ``EditConflict`` when the sheet changed since its form was opened (``opened``, nothing written)."""
    if (refusal := writer_refusal(pairing, author)) is not None:
        raise SheetRefused(refusal)
    cleaned = {name: _clean(name, values.get(name, ""), 200 if name == "title" else 5000, multiline=name != "title")
               for name in FIELDS}
    missing = [label for name, label in REQUIRED.items() if not re.search(r"\w", cleaned[name])]
    if missing:
        raise SheetRefused("Complétez " + ", ".join(missing) + ".")
    check_and_stamp(SHEET_EDIT, pairing, opened=opened, by=author)
    sheet = _draft(pairing)
    first_writing = not (sheet.title or "").strip()
    changed = any((getattr(sheet, name) or "") != value for name, value in cleaned.items())
    for name, value in cleaned.items():
        setattr(sheet, name, value)
    sheet.author_id = author.id
    sheet.pole_agrees = True
    if changed and sheet.resource_agrees:
        _ask_agreement_again(pairing, sheet, author)
    elif first_writing:
        _ask_agreement(pairing, sheet, author)
    _publish_if_ready(pairing, sheet, author)
    db.session.flush()
    return sheet


def _ask_agreement_again(pairing: Pairing, sheet: ExperienceSheet, author: User) -> None:
    """The resource person agreed to publish another text (walk 6: the pole could change a published sheet without
    her): her agreement waits for her to read this one, the sheet is unpublished meanwhile, and she is told."""
    was_published = sheet.published_at is not None
    sheet.resource_agrees = False
    person = pairing.resource_person.user
    stamp = f"{utcnow():%Y%m%d%H%M%S%f}"
    notify(user=person, category="step", text="La fiche d'expérience a été modifiée : relisez-la pour votre accord",
           url=f"/transferts/{pairing.id}#fiche", key=f"sheet:{pairing.id}:changed:{stamp}:user:{person.id}",
           subject=f"Fiche d'expérience modifiée\u00a0: «\u00a0{sheet.title}\u00a0»",
           template="pair_space/mail_sheet_changed.txt", author=author, pole=pairing.need.pole, sheet=sheet,
           pairing=pairing, was_published=was_published)


def _ask_agreement(pairing: Pairing, sheet: ExperienceSheet, author: User) -> None:
    """The sheet's first writing: the resource person reads it and agrees (or not) — nothing else told her it
    waited for her (walk of 6 December 2026, a resource person's year)."""
    person = pairing.resource_person.user
    notify(user=person, category="step", text="La fiche d'expérience est écrite : lisez-la pour donner votre accord",
           url=f"/transferts/{pairing.id}#fiche", key=f"sheet:{pairing.id}:written:user:{person.id}",
           subject=f"Fiche d'expérience à relire\u00a0: «\u00a0{sheet.title}\u00a0»",
           template="pair_space/mail_sheet_written.txt", author=author, pole=pairing.need.pole, sheet=sheet,
           pairing=pairing)


def published(*, query: str = "", limit: int = 100) -> list[ExperienceSheet]:
    statement = select(ExperienceSheet).where(ExperienceSheet.published_at.is_not(None))
    words = [w for w in re.findall(r"\w+", query.lower()) if len(w) > 2][:8]
    for word in words:  # a word may hold « _ » (``\w``): a character to find (autoescape), not a wildcard
        statement = statement.where(or_(*(column.icontains(word, autoescape=True) for column in (
            ExperienceSheet.title, ExperienceSheet.situation, ExperienceSheet.transferred, ExperienceSheet.worked))))
    statement = statement.options(selectinload(ExperienceSheet.pairing).selectinload(Pairing.need))
    return list(db.session.scalars(statement.order_by(ExperienceSheet.published_at.desc()).limit(limit)))


def published_version() -> tuple:
    """What ``sheets_for_need`` reads besides the need: a need page showing sheets is kept under it."""
    return tuple(db.session.execute(select(func.count(ExperienceSheet.id), func.max(ExperienceSheet.updated_at))
                                    .where(ExperienceSheet.published_at.is_not(None))).one())


def sheet_text(sheet: ExperienceSheet) -> str:
    return profile_text(sheet.title, f"{sheet.situation}\n{sheet.transferred}\n{sheet.worked}")


@dataclass(frozen=True)
class SheetForNeed:
    sheet: ExperienceSheet
    similarity: float
    shared_themes: list[str]

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.shared_themes:
            noun = "Thème commun" if len(self.shared_themes) == 1 else "Thèmes communs"
            reasons.append(f"{noun} avec votre besoin : {', '.join(self.shared_themes)}.")
        closeness = "très proche" if self.similarity >= CLOSE_SIMILARITY else "proche"
        reasons.append(f"Situation de départ {closeness} de celle que vous décrivez.")
        return reasons


def sheets_for_need(need: Need, *, k: int = 3) -> list[SheetForNeed]:
    """Published sheets of other poles whose situation is close to the need's, closest first."""
    sheets = [s for s in published(limit=500) if s.pairing.need.pole_id != need.pole_id]
    if not sheets:
        return []
    vectors, _ = embed_texts(db.session, [profile_text(need.title, need.text)] + [sheet_text(s) for s in sheets])
    vectors = vectors.astype(np.float64)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    similarity = vectors[1:] @ vectors[0]
    need_themes = {t.code: t.label for t in need.themes}
    found = []
    for sheet, sim in zip(sheets, similarity):
        shared = [label for code, label in need_themes.items() if code in {t.code for t in sheet.pairing.need.themes}]
        if sim >= FIT_SIMILARITY or (shared and sim >= FIT_SIMILARITY - 0.1):
            found.append(SheetForNeed(sheet=sheet, similarity=float(sim), shared_themes=shared))
    return sorted(found, key=lambda f: (-len(f.shared_themes), -f.similarity))[:k]
