"""Where an agreed transfer stands, told to those who follow it: its next day (when, where), the days held,
and what to do when none is planned. « Mon espace » and the need page read it here, one call each.

Who may read a transfer is the access policy's (``app.access.scopes.pairing_of_party``, the list form of
``app.transfers.parties.can_see``): its pole's facilitators, its resource person, the organisers of its region.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access.scopes import pairing_of_party
from app.extensions import db
from app.templating import format_datetime, format_range
from app.transfers.parties import sides_of
from app.transfers.states import POLE, RESOURCE, S
from app.typography import of_pole
from models import Need, Pairing, PairingDay, User, utcnow

#: Agreed and not ended: the transfers whose days are planned and held.
ACTIVE = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS)
#: The step, in a sentence (« Transfert avec … — planifié »).
_STEP_WORDS = {S.ACCEPTED: "accepté", S.PLANNED: "planifié", S.IN_PROGRESS: "en cours", S.COMPLETED: "terminé"}


def days_held(pairing: Pairing, now: datetime | None = None) -> list[PairingDay]:
    """The days that took place (not cancelled, begun: ``Meeting.held_by``)."""
    now = now or utcnow()
    return [day for day in pairing.days if day.session.held_by(now)]


def next_day(pairing: Pairing, now: datetime | None = None) -> PairingDay | None:
    """The soonest day still to come (a cancelled one is not), if any."""
    now = now or utcnow()
    to_come = [day for day in pairing.days if day.session.to_come_after(now)]
    return min(to_come, key=lambda day: day.session.starts_at, default=None)


@dataclass(frozen=True)
class DayAhead:
    """An active transfer as its follower reads it: with whom, its step, its next day or what to do."""

    pairing: Pairing
    #: « Mireille Castagné » for the pole, « le pôle Collectif … » for the resource person.
    partner: str
    #: « planifié », « en cours »...
    step: str
    day: PairingDay | None
    #: « Première journée », « Prochaine journée (étape 2) ».
    which: str = ""
    #: « lundi 14 décembre 2026 à 9 h 30 », in the reader's zone.
    starts: str = ""
    #: « lundi 14 décembre 2026 de 9 h 30 à 16 h »: the whole day, start and end (``format_range``).
    when: str = ""
    #: The place, « en visioconférence », or both; empty when neither is known.
    where: str = ""
    #: No day to come: what to do next (« Planifiez la première journée… »).
    next_step: str = ""

    @property
    def summary(self) -> str:
        """« planifié, première journée le lundi 14 décembre 2026 à 9 h 30 (Ambert) », after « Transfert avec … — »."""
        if self.pairing.status is S.COMPLETED:
            return self.step
        if self.day is None:
            return f"{self.step}, aucune journée prévue"
        return f"{self.step}, {self.which.lower()} le {self.starts}" + (f" ({self.where})" if self.where else "")


def _where(day: PairingDay) -> str:
    place, online = (day.session.location or "").strip(), bool(day.session.video_url)
    if place and online:
        return f"{place}, ou en visioconférence"
    return place or ("en visioconférence" if online else "")


def _what_next(pairing: Pairing, held: int, viewer: User, partner: str) -> str:
    """What to do when no day is planned: the pair plans one on the transfer's page, or ends the transfer."""
    if not sides_of(pairing, viewer) & {POLE, RESOURCE}:  # an organiser follows, the pair plans
        return ("Le pôle et la personne ressource n'ont pas encore planifié de journée." if not held else
                "Le pôle et la personne ressource n'ont pas encore planifié la journée suivante.")
    if not held:
        return (f"Prochaine étape\u00a0: convenir d'une date avec {partner} et planifier la première journée "
                "sur la page du transfert.")
    return ("Prochaine étape\u00a0: planifier la journée suivante sur la page du transfert, ou marquer le transfert "
            "comme terminé si ses objectifs sont atteints.")


def day_ahead(pairing: Pairing, viewer: User, now: datetime | None = None) -> DayAhead:
    """``pairing`` as ``viewer`` follows it (their pole's partner is the person, the person's is the pole)."""
    now = now or utcnow()
    person = pairing.resource_person
    partner = (of_pole(pairing.need.pole.name, "le") if person is not None and person.user_id == viewer.id
               else pairing.resource_person_name)
    step = _STEP_WORDS.get(pairing.status, pairing.status.label.lower())
    if pairing.status is S.COMPLETED:  # what is left to decide is the need's, asked above (``need_state``)
        return DayAhead(pairing, partner, step, None)
    held = len(days_held(pairing, now))
    day = next_day(pairing, now)
    if day is None:
        return DayAhead(pairing, partner, step, None, next_step=_what_next(pairing, held, viewer, partner))
    which = "Première journée" if not held and day.stage == 1 else f"Prochaine journée (étape {day.stage})"
    return DayAhead(pairing, partner, step, day, which=which, starts=format_datetime(day.session.starts_at),
                    when=format_range(day.session.starts_at, day.session.ends_at), where=_where(day))


def days_ahead(pairings: Iterable[Pairing], user: User, now: datetime | None = None) -> list[DayAhead]:
    """« Mon espace »: each active one of ``user``'s open ``pairings`` (``my_transfers``) with its next day; the
    soonest day first, then those with no day planned."""
    ahead = [day_ahead(p, user, now) for p in pairings if p.status in ACTIVE]
    return sorted(ahead, key=lambda a: (a.day is None, a.day.session.starts_at if a.day else datetime.max,
                                        a.pairing.id))


def need_transfers(need: Need, viewer: User, now: datetime | None = None) -> list[DayAhead]:
    """The need page: the transfers serving ``need`` that ``viewer`` may see (the access policy), active or completed
    (walk of 6 December 2026: once its transfer was completed, the need read « En cours » and nothing else)."""
    pairings = db.session.scalars(
        select(Pairing).where(Pairing.need_id == need.id, Pairing.status.in_((*ACTIVE, S.COMPLETED)),
                              pairing_of_party(viewer))
        .options(selectinload(Pairing.days).joinedload(PairingDay.session)).order_by(Pairing.id))
    return [day_ahead(p, viewer, now) for p in pairings]
