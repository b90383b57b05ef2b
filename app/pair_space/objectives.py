"""What the pair agrees on: two to five objectives at acceptance, and a short report after each day."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, select

from app.edit_stamps import Editable, check_and_stamp, opened_on_another
from app.extensions import db
from app.locks import lock_row, lock_rows
from app.pair_space.conversation import TALKING, is_erased
from app.refused import Problem, Refused
from app.text_rules import (
    CONTROL_MESSAGE, has_control_characters, length_message, one_line_break, without_direction_controls,
)
from app.transactions import transactional
from app.typography import after_colon
from app.transfers.services import POLE, RESOURCE, sides_of
from models import Pairing, PairingDay, PairingStatus, TransferObjective, User, utcnow
from models.pair_space import OBJECTIVE_STATUSES

MIN_OBJECTIVES, MAX_OBJECTIVES = 2, 5


class AgreementRefused(Refused):
    """A rule of the pair's objectives or day reports said no."""


class FormThingGone(AgreementRefused):
    """The objective or day a form was opened on is no longer the pair's: rewriting the objectives replaces
    their rows (new ids), so a status form opened before (another tab, the other side) names one that is gone.
    The caller shows the transfer page again with this message; nothing was written."""


#: An objective still « en cours » when the transfer ended, as it reads afterwards (walk 6: it stayed « En cours » on
#: a closed transfer). Said as it is, never turned into « Atteint »: the pair settles them before ending, if it will.
UNFINISHED_AT_END = "Non terminé à la fin du transfert"
ENDED = "Le transfert est terminé : ses objectifs ne changent plus."

OBJECTIVE_GONE = "Cet objectif a été modifié entre-temps : voici la liste à jour."
DAY_GONE = "Cette journée a été modifiée entre-temps : voici les journées à jour."


def _refused_at(field: str, message: str) -> AgreementRefused:
    """A refusal naming the field of the pair's form it concerns (« objective.1 », the second objective; « done »):
    the transfer page links its error there and marks that field invalid."""
    return AgreementRefused(message, problems=[Problem(message, field)])


def _check_pair(pairing: Pairing, user: User) -> None:
    if not sides_of(pairing, user) & {POLE, RESOURCE}:
        raise AgreementRefused("Seul le binôme (le pôle et la personne ressource) écrit ses objectifs et ses comptes rendus.")
    if pairing.status not in TALKING:
        raise AgreementRefused("Les objectifs s'écrivent une fois le transfert accepté.")
    if is_erased(pairing):
        raise AgreementRefused("Ce transfert est clos depuis plus longtemps que la durée de conservation : "
                               "ses objectifs et comptes rendus ne changent plus.")


def can_change(pairing: Pairing) -> bool:
    """Objectives are written and settled while the transfer runs; once it ended they are its record."""
    return pairing.status is not PairingStatus.COMPLETED


def status_label(objective: TransferObjective, *, ended: bool) -> str:
    """« En cours » while the transfer runs; « Non terminé à la fin du transfert » once it is closed (``ended``)."""
    return UNFINISHED_AT_END if ended and objective.status == "open" else objective.status_label


def unsettled(pairing: Pairing) -> list[TransferObjective]:
    """The objectives still « en cours » (the end of the transfer names them before it is taken)."""
    return [o for o in objectives_of(pairing) if o.status == "open"]


def _text(value: str, *, limit: int, multiline: bool = False) -> str:
    """The text trimmed (one line unless ``multiline``); refused with control characters, too long, or no word."""
    raw = one_line_break(without_direction_controls(value or "")).strip()
    if has_control_characters(raw, multiline=multiline):
        raise AgreementRefused(CONTROL_MESSAGE)
    text = raw if multiline else " ".join(raw.split())
    if len(text) > limit:
        raise AgreementRefused(length_message(limit, len(text)))
    if text and not re.search(r"\w", text):
        raise AgreementRefused("Écrivez des mots, pas seulement de la ponctuation.")
    return text


def objectives_of(pairing: Pairing) -> list[TransferObjective]:
    return list(db.session.scalars(select(TransferObjective).where(TransferObjective.pairing_id == pairing.id)
                                   .order_by(TransferObjective.position)))


def objective_in(pairing: Pairing, objective_id: int) -> TransferObjective:
    """The pair's objective ``objective_id``; ``FormThingGone`` when it is not (or no longer) in its list.
    One answer for an id that is gone and one of another transfer: nothing is told of other transfers."""
    objective = db.session.get(TransferObjective, objective_id)
    if objective is None or objective.pairing_id != pairing.id:
        raise FormThingGone(OBJECTIVE_GONE)
    return objective


def day_in(pairing: Pairing, day_id: int) -> PairingDay:
    """The transfer day ``day_id`` of this pairing; ``FormThingGone`` when it is not (or no longer) one of its days."""
    day = db.session.get(PairingDay, day_id)
    if day is None or day.pairing_id != pairing.id:
        raise FormThingGone(DAY_GONE)
    return day


def _objective_text(position: int):  # noqa: ANN202 - a reader of the edit stamps
    return lambda pairing: next((o.text for o in objectives_of(pairing) if o.position == position), "")


# Both sides of the pair write these forms: each save goes through the edit stamps (``app/edit_stamps.py``).
#: The objectives form, read from the transfer: one field per line, so that a conflict names the line that changed.
OBJECTIVES_EDIT = Editable("transfer_objectives", "Les objectifs du transfert ont été modifiés", {
    f"objective{n}": (f"Objectif {n}", _objective_text(n)) for n in range(1, MAX_OBJECTIVES + 1)})
#: The status list of one objective; its text tells which objective the form was opened on (``set_objective_status``).
OBJECTIVE_STATUS_EDIT = Editable("transfer_objective_status", "Le statut de cet objectif a été modifié", {
    "status": ("Statut de l'objectif", lambda objective: objective.status_label),
    "objective": ("Objectif", lambda objective: objective.text)})
#: The report of one transfer day.
DAY_REPORT_EDIT = Editable("pairing_day_report", "Ce compte rendu a été modifié", {
    "done": ("Ce qui a été fait", lambda day: day.report_done),
    "next_step": ("Prochaine étape", lambda day: day.report_next)})


def _field_text(field: str, value: str, *, limit: int) -> str:
    """``_text`` of a day report's field (several lines), its refusal naming that field, in words and as the
    form's field (« « Prochaine étape » : 1 000 caractères… »)."""
    try:
        return _text(value, limit=limit, multiline=True)
    except AgreementRefused as refusal:
        raise _refused_at(field, f"« {DAY_REPORT_EDIT.fields[field][0]} » : {after_colon(refusal.message)}") from None


def _objective_text(value: str, n: int) -> str:
    """``_text`` of objective ``n``, its refusal naming it (« Objectif 2 : ce texte contient… »)."""
    try:
        return _text(value, limit=300)
    except AgreementRefused as refusal:
        raise _refused_at(f"objective.{n - 1}", f"Objectif {n} : {after_colon(refusal.message)}") from None


@transactional
def set_objectives(*, pairing: Pairing, user: User, texts: Sequence[str],
                   opened: str | None = None) -> list[TransferObjective]:
    """Replace the objectives by ``texts`` (blank lines ignored): two to five; kept statuses follow their text.
    ``EditConflict`` when they changed since the form was opened (``opened``, its hidden field; nothing written)."""
    _check_pair(pairing, user)
    if not can_change(pairing):
        raise AgreementRefused(ENDED)
    written = [_objective_text(v, n) for n, v in enumerate(texts, start=1)]
    wanted = [t for t in written if t]
    # The form marks the first ones as required: they are, not just any two of the five.
    missing = [n for n in range(1, MIN_OBJECTIVES + 1) if n > len(written) or not written[n - 1]]
    if len(wanted) > MAX_OBJECTIVES:
        raise AgreementRefused(f"Écrivez de {MIN_OBJECTIVES} à {MAX_OBJECTIVES} objectifs.")
    if len(wanted) < MIN_OBJECTIVES:
        raise _refused_at(f"objective.{missing[0] - 1}", f"Écrivez de {MIN_OBJECTIVES} à {MAX_OBJECTIVES} objectifs.")
    if missing:
        raise _refused_at(f"objective.{missing[0] - 1}", f"L'objectif {missing[0]} est obligatoire." if len(missing) == 1
                          else f"Les objectifs {', '.join(map(str, missing[:-1]))} et {missing[-1]} sont obligatoires.")
    check_and_stamp(OBJECTIVES_EDIT, pairing, opened=opened, by=user)
    # Locked before reading their statuses: a status saved meanwhile is read, not overwritten by an older one.
    current = lock_rows(db.session, TransferObjective, [o.id for o in objectives_of(pairing)])
    previous = {o.text: o.status for o in current.values()}
    db.session.execute(delete(TransferObjective).where(TransferObjective.pairing_id == pairing.id))
    objectives = [TransferObjective(pairing_id=pairing.id, position=n, text=text, status=previous.get(text, "open"))
                  for n, text in enumerate(wanted, start=1)]
    db.session.add_all(objectives)
    db.session.flush()
    return objectives


@transactional
def set_objective_status(*, objective: TransferObjective, user: User, status: str,
                         opened: str | None = None) -> None:
    """``EditConflict`` when the other side changed this status since the list was opened, ``FormThingGone`` when
    the objectives were rewritten meanwhile and this one is no longer among them (nothing written)."""
    pairing_id = objective.pairing_id
    objective = lock_row(db.session, TransferObjective, objective.id)
    if objective is None or opened_on_another(OBJECTIVE_STATUS_EDIT, objective, opened, "objective"):
        raise FormThingGone(OBJECTIVE_GONE)
    pairing = db.session.get(Pairing, pairing_id)
    _check_pair(pairing, user)
    if not can_change(pairing):
        raise AgreementRefused(ENDED)
    if status not in OBJECTIVE_STATUSES:
        raise AgreementRefused("Statut d'objectif inconnu.")
    check_and_stamp(OBJECTIVE_STATUS_EDIT, objective, opened=opened, by=user)
    objective.status = status


@transactional
def report_day(*, day: PairingDay, user: User, done: str, next_step: str, opened: str | None = None) -> PairingDay:
    """The day's report: what was done (required), the next step; only once the day has begun.
    ``EditConflict`` when the report changed since its form was opened (``opened``; nothing written)."""
    _check_pair(day.pairing, user)
    if day.session.starts_at > utcnow():
        raise AgreementRefused("Le compte rendu s'écrit après la journée.")
    done_text = _field_text("done", done, limit=3000)
    if not done_text:
        raise _refused_at("done", "Dites en quelques mots ce qui a été fait pendant la journée.")
    next_text = _field_text("next_step", next_step, limit=1000)
    check_and_stamp(DAY_REPORT_EDIT, day, opened=opened, by=user)
    day.report_done, day.report_next, day.reported_at = done_text, next_text, utcnow()
    return day
