"""What a transfer day's date and times must be: an end after the start, a date to come unless the pair records a
day already held, and not years away (« 2062 » typed for « 2026 »). One rule, asked by ``plan_day`` and, with the
fields' own checks, by the day form, so that every problem shows at once beside its field."""

from __future__ import annotations

from datetime import datetime

from app.refused import Problem
from app.scheduling.horizon import TOO_FAR, too_far

#: A transfer day whose end does not follow its start.
DAY_END_BEFORE_START = "La fin de la journée doit suivre son début."
#: A date already past, not said to be a day already held: most often a slip of the year or the month.
DAY_PAST = ("Cette date est passée : corrigez-la, ou cochez « Cette journée a déjà eu lieu » pour enregistrer une "
            "journée tenue.")
#: The box « already held » ticked for a day still to come.
DAY_NOT_YET_HELD = "Cette journée n'a pas encore eu lieu : décochez « Cette journée a déjà eu lieu »."
#: A day at the very times of a day of the transfer already recorded, told otherwise (the same form sent twice is
#: that day, recorded once: ``plan_day``).
DAY_ALREADY_RECORDED = ("Une journée de ce transfert est déjà enregistrée à ces date et heures (voir «\u00a0Journées "
                        "de transfert\u00a0») : pour une autre journée, choisissez d'autres heures.")


def day_overlaps(when: str) -> str:
    """A day of the transfer already holds part of these hours (« jeudi 21 janvier 2027 de 9 h à 17 h »)."""
    return (f"Une autre journée de ce transfert occupe déjà une partie de ces heures\u00a0: le {when}. "
            "Choisissez d'autres heures.")


def day_problems(starts_at: datetime, ends_at: datetime, now: datetime, *, already_held: bool) -> list[Problem]:
    """What is wrong with a transfer day's times (UTC naive), each naming its field of the day form."""
    problems = []
    if ends_at <= starts_at:
        problems.append(Problem(DAY_END_BEFORE_START, "end"))
    if already_held and starts_at > now:
        problems.append(Problem(DAY_NOT_YET_HELD, "already_held"))
    elif not already_held and starts_at <= now:
        problems.append(Problem(DAY_PAST, "day"))
    elif too_far(starts_at, now):
        problems.append(Problem(TOO_FAR, "day"))
    return problems
