"""Accompaniments of poles by the regional cells (CRA) and the other organisers.

Who may accompany a pole is the access policy's region rule (``app.access.policy.may_see_region``),
asked through :func:`may_accompany`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.access import policy
from app.extensions import db
from app.idempotency import insert_once, made_for
from app.poles.region_lock import POLE_GONE_MEANWHILE, lock_regions
from app.refused import Problem, Refused
from app.templating import today_where_read, zone_of
from app.text_rules import bounded_text
from app.transactions import transactional
from models import Accompaniment, AccompanimentKind, Pole, ReferralTarget, User


#: Longest texts of an accompaniment (the form says them; a longer one is refused, never cut).
REFERRAL_OTHER_MAX, NOTES_MAX, NEXT_STEP_MAX = 200, 5000, 300


class AccompanimentRefused(Refused):
    """An accompaniment the rules refuse (wrong region, incomplete referral…)."""


def may_accompany(user: User, pole: Pole) -> bool:
    """Organisers record accompaniments and read the pole's history; a regional cell (organiser with a
    region) only in its region."""
    return policy.may_see_region(user, pole.region_code)


@dataclass(frozen=True)
class AccompanimentData:
    kind: AccompanimentKind
    happened_on: date
    referral_target: ReferralTarget | None = None
    referral_other: str = ""
    notes: str = ""
    next_step: str = ""
    next_step_on: date | None = None


def _recorded_with(key: str | None, pole: Pole, author: User) -> Accompaniment | None:
    """The accompaniment this form (its key) already recorded, if any: another person's form, or another pole's,
    is refused."""
    return made_for(Accompaniment, key, AccompanimentRefused, pole_id=pole.id, author_id=author.id)


def accompaniment_problems(data: AccompanimentData, *, author: User, today: date | None = None) -> list[Problem]:
    """Every rule ``data`` breaks, each naming its field of the form: the form shows them all at once, beside
    their fields, and :func:`record_accompaniment` refuses with them all. ``today`` is the author's day (at 0 h 30
    in Paris, not yesterday's UTC)."""
    today = today or today_where_read(zone_of(author))
    problems = []
    if data.happened_on > today:
        problems.append(Problem("La date de l'accompagnement ne peut pas être dans le futur.", "happened_on"))
    if data.kind is AccompanimentKind.REFERRAL:
        if data.referral_target is None:
            problems.append(Problem("Indiquez vers quel dispositif le pôle est réorienté.", "referral_target"))
        elif data.referral_target is ReferralTarget.OTHER and not (data.referral_other or "").strip():
            problems.append(Problem("Nommez l'autre dispositif vers lequel le pôle est réorienté.", "referral_other"))
    if data.next_step_on is not None and not (data.next_step or "").strip():
        problems.append(Problem("Décrivez la prochaine étape avant de la dater.", "next_step"))
    if data.next_step_on is not None and data.next_step_on < data.happened_on:
        problems.append(Problem("La prochaine étape ne peut pas précéder l'accompagnement.", "next_step_on"))
    return problems


@transactional
def record_accompaniment(*, pole: Pole, author: User, data: AccompanimentData, today: date | None = None,
                         idempotency_key: str | None = None) -> Accompaniment:
    """Record what ``author`` did with ``pole`` (one unit of work). The same ``idempotency_key`` sent again (a double
    click, Back then « Enregistrer ») gives the accompaniment it recorded: the CRA's figures count it once."""
    if (done := _recorded_with(idempotency_key, pole, author)) is not None:
        return done
    if not lock_regions([pole.id]):  # its region read under its lock (``app.poles.region_lock``): a move waits, or is read
        raise AccompanimentRefused(POLE_GONE_MEANWHILE)
    if not may_accompany(author, pole):
        raise AccompanimentRefused("Vous ne pouvez enregistrer d'accompagnement que pour les pôles de votre région.")
    if problems := accompaniment_problems(data, author=author, today=today):
        raise AccompanimentRefused.of(problems)
    referral_target = data.referral_target if data.kind is AccompanimentKind.REFERRAL else None
    referral_other = (bounded_text(data.referral_other, field_label="Autre dispositif", most=REFERRAL_OTHER_MAX,
                                   multiline=False, error=AccompanimentRefused)
                      if referral_target is ReferralTarget.OTHER else "")
    if referral_target is ReferralTarget.OTHER and not referral_other:  # only marks that read as nothing
        raise AccompanimentRefused.of([Problem("Nommez l'autre dispositif vers lequel le pôle est réorienté.",
                                               "referral_other")])
    notes = bounded_text(data.notes, field_label="Notes", most=NOTES_MAX, error=AccompanimentRefused)
    next_step = bounded_text(data.next_step, field_label="Prochaine étape", most=NEXT_STEP_MAX, multiline=False,
                             error=AccompanimentRefused)
    accompaniment = Accompaniment(
        pole_id=pole.id, author_id=author.id, kind=data.kind, referral_target=referral_target,
        referral_other=referral_other or None, happened_on=data.happened_on, notes=notes,
        next_step=next_step, next_step_on=data.next_step_on, idempotency_key=idempotency_key or None,
    )
    if insert_once(accompaniment) is not None:  # the same form, sent at the same time, won the race
        return _recorded_with(idempotency_key, pole, author)  # type: ignore[return-value]
    return accompaniment


def accompaniments_of(pole: Pole) -> list[Accompaniment]:
    """The pole's accompaniments, latest first (organisers only: they carry notes)."""
    return list(db.session.scalars(
        select(Accompaniment).where(Accompaniment.pole_id == pole.id)
        .options(joinedload(Accompaniment.author))
        .order_by(Accompaniment.happened_on.desc(), Accompaniment.id.desc())))
