"""A pole's history across the services, for organisers: one chronological list.

Each area is asked for what it knows of the pole (transfers, learning visits, Juri-PTCE
bookings, accompaniments); this module only puts the answers in one order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accompaniments.services import accompaniments_of
from app.extensions import db
from app.scheduling.wall_clock import day_of
from app.visits.services import pole_visit_record
from models import Booking, BookingStatus, LegalSlot, Need, Pairing, Pole, ResourcePerson


@dataclass(frozen=True)
class HistoryEntry:
    #: The day in Paris (the network's calendar), as the accompaniments' and visits' own dates are.
    on: date
    #: « Transfert », « Visite apprenante », « Juri-PTCE », « Accompagnement ».
    area: str
    title: str
    detail: str = ""
    #: (endpoint, arguments) of the page to open, if any.
    link: tuple[str, dict] | None = None
    #: Organisers' notes (accompaniments only).
    notes: str = ""


def _transfers(pole: Pole) -> list[HistoryEntry]:
    pairings = db.session.scalars(
        select(Pairing).join(Need, Need.id == Pairing.need_id).where(Need.pole_id == pole.id)
        .options(joinedload(Pairing.need), joinedload(Pairing.resource_person).joinedload(ResourcePerson.user)))
    return [HistoryEntry(on=day_of(p.created_at), area="Transfert", title=p.need.title,
                         detail=f"avec {p.resource_person_name} · {p.status.label}",
                         link=("transfers.show", {"pairing_id": p.id}))
            for p in pairings]


def _visits(pole: Pole) -> list[HistoryEntry]:
    return [HistoryEntry(on=e.visit.start_date, area="Visite apprenante", title=e.visit.title,
                         detail="pôle hôte" if e.as_host else f"chez {e.visit.host_pole.name} · "
                                                             f"{e.status.label if e.status else ''}".rstrip(" ·"),
                         link=("visits.show", {"visit_id": e.visit.id}))
            for e in pole_visit_record(pole)]


def _legal(pole: Pole) -> list[HistoryEntry]:
    bookings = db.session.scalars(
        select(Booking).where(Booking.pole_id == pole.id, Booking.status != BookingStatus.CANCELLED)
        .options(joinedload(Booking.slot).joinedload(LegalSlot.lawyer)))
    return [HistoryEntry(on=day_of(b.slot.starts_at), area="Juri-PTCE", title="Question juridique",
                         detail=b.status.label) for b in bookings]


def _accompaniments(pole: Pole) -> list[HistoryEntry]:
    entries = []
    for a in accompaniments_of(pole):
        detail = a.kind.label + (f" : {a.referral_label}" if a.referral_label else "")
        if a.author is not None:
            detail += f" · par {a.author.display_name}"
        if a.next_step:
            detail += f" · prochaine étape : {a.next_step}"
        entries.append(HistoryEntry(on=a.happened_on, area="Accompagnement", title=a.kind.label, detail=detail,
                                    notes=a.notes))
    return entries


def pole_history(pole: Pole) -> list[HistoryEntry]:
    """Everything that happened with ``pole`` across the services, latest first."""
    entries = [*_transfers(pole), *_visits(pole), *_legal(pole), *_accompaniments(pole)]
    return sorted(entries, key=lambda e: e.on, reverse=True)
