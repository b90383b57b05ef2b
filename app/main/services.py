"""Figures for the home page, and what « Mon espace » shows of a person's transfers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.access.scopes import pole_counted, resource_person_counted
from app.extensions import db
from app.legal import services as legal
from app.poles import claims
from app.poles.need_state import NeedState, need_states
from app.transfers import services as transfers
from app.transfers.following import DayAhead, days_ahead
from app.transfers.awaited import answer_deadline
from models import (
    Booking, BookingStatus, LegalSlot, Need, NeedStatus, Offer, Pairing, Pole, PoleClaim, ResourcePerson, Role, User,
)


@dataclass(frozen=True)
class NetworkFigures:
    poles: int
    open_needs: int
    resource_persons: int
    offers: int


def network_figures() -> NetworkFigures:
    """The public figures: poles and their open needs as the access policy counts them (``pole_counted``: the
    confirmed poles, listed or not; a pole awaiting confirmation is not yet part of the network), resource
    persons and active offers as the directory lists them (validated profiles)."""
    count = lambda query: db.session.scalar(query) or 0  # noqa: E731
    return NetworkFigures(
        poles=count(select(func.count(Pole.id)).where(pole_counted())),
        open_needs=count(select(func.count(Need.id)).join(Pole, Pole.id == Need.pole_id)
                         .where(Need.status == NeedStatus.OPEN, pole_counted())),
        # Resource persons as the directory shows them: validated by an organiser (a refused or pending
        # profile and its offers are seen by no one, so they are not counted either).
        resource_persons=count(select(func.count(ResourcePerson.id)).where(resource_person_counted())),
        offers=count(select(func.count(Offer.id)).join(ResourcePerson, ResourcePerson.id == Offer.resource_person_id)
                     .where(Offer.active.is_(True), resource_person_counted())),
    )


@dataclass(frozen=True)
class AnswerDue:
    """A transfer waiting for the reader's answer, and the day it expires unanswered (as its page says)."""

    pairing: Pairing
    deadline: str


@dataclass(frozen=True)
class SpaceTransfers:
    """The transfers « Mon espace » shows a facilitator or a resource person."""

    #: Waiting for the reader's answer (a proposal or a validated request to a resource person), said first.
    awaiting_answer: list[AnswerDue] = field(default_factory=list)
    #: The other open ones.
    in_progress: list[Pairing] = field(default_factory=list)
    #: For the pole's needs: what their waiting transfers say (« Transfert demandé à …, en attente … »).
    need_progress: dict[int, str] = field(default_factory=dict)
    #: Each agreed transfer (accepted, planned, in progress) with its next day, or what to do when none is planned.
    days_ahead: list[DayAhead] = field(default_factory=list)
    #: The pole's needs as their pole reads them: « Transfert terminé » rather than « En cours » with nothing going on.
    need_states: dict[int, NeedState] = field(default_factory=dict)


def space_transfers(user: User) -> SpaceTransfers:
    """The open transfers of ``user``'s pole (facilitator) or their own (resource person); nothing for others,
    whose transfers are on their organiser pages."""
    if user.role not in (Role.FACILITATOR, Role.RESOURCE_PERSON):
        return SpaceTransfers()
    mine = transfers.my_transfers(user, open_only=True)
    pairings = mine.awaiting_me + mine.others
    ahead = days_ahead(mine.others, user)
    # A pole answers the help a resource person offered, once validated (``answering_side``); its own requests wait
    # for others. A resource person answers proposals and the poles' requests.
    due = [AnswerDue(p, answer_deadline(p)) for p in mine.awaiting_me]
    if user.role is not Role.RESOURCE_PERSON:
        return SpaceTransfers(awaiting_answer=due, in_progress=mine.others,
                              need_progress=transfers.need_progress(pairings), days_ahead=ahead,
                              need_states=need_states(user.pole.needs) if user.pole is not None else {})
    return SpaceTransfers(awaiting_answer=due, in_progress=mine.others, need_progress=transfers.need_progress(pairings),
                          days_ahead=ahead)


@dataclass(frozen=True)
class PendingClaim:
    """A facilitator's request to run a pole, waiting for a decision: what « Mon espace » says of it."""

    claim: PoleClaim
    #: The pole's current facilitators decide (else the network's organisers).
    decided_by_facilitators: bool


def pending_claim_in_space(user: User) -> PendingClaim | None:
    """The request a facilitator with no pole yet is waiting on (None for everyone else)."""
    if user.role is not Role.FACILITATOR or user.pole_id is not None:
        return None
    claim = claims.pending_claim_of(user)
    if claim is None:
        return None
    return PendingClaim(claim=claim, decided_by_facilitators=bool(claims.facilitators_of(claim.pole)))


#: How many of a lawyer's next consultations « Mon espace » lists (the slots page has them all).
NEXT_CONSULTATIONS = 3


def next_consultations(user: User) -> list[tuple[LegalSlot, Booking]]:
    """A Juri-PTCE lawyer's next confirmed consultations, soonest first, each with its booking (who, which pole)."""
    lawyer = legal.lawyer_profile_of(user) if user.role is Role.LAWYER else None
    if lawyer is None:
        return []
    held = [(slot, legal.holder_of(slot)) for slot in legal.full_slots(lawyer, limit=4 * NEXT_CONSULTATIONS)]
    return [(slot, booking) for slot, booking in held
            if booking is not None and booking.status is BookingStatus.CONFIRMED][:NEXT_CONSULTATIONS]
