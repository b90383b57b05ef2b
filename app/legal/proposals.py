"""What the Juri-PTCE pages propose for a question: the routed lawyer first, their free slots.

When nothing in the question names a field of law of one of the lawyers, no lawyer is suggested: the page says so
(« Nous n'avons pas reconnu de domaine du droit », or which field it heard that no lawyer cites) and lists every
lawyer for the person to choose, in the router's order for the question (a lawyer it cannot route, without
specialties yet, last).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.legal.bookings import appointment_hours
from app.legal.slots import active_lawyers, free_slots, full_slots, offered_slots
from app.suggestions.services import LawyerSuggestion, rank_lawyers
from matching.routing import NOT_RECOGNISED
from models import LawyerProfile, LegalSlot, Need, NeedKind, User

__all__ = ["NOT_RECOGNISED", "BookingProposal", "LawyerChoice", "NeedLegalSuggestion", "propose",
           "suggestion_for_need"]


@dataclass
class LawyerChoice:
    lawyer: LawyerProfile
    score: float | None
    slots: list[LegalSlot]
    full: list[LegalSlot] = field(default_factory=list)


@dataclass
class BookingProposal:
    """What the booking page shows: the routed lawyer (with reasons) first, then the others."""

    suggestion: LawyerSuggestion | None
    choices: list[LawyerChoice]
    #: What the page says when ``suggestion`` is None.
    not_recognised: str = NOT_RECOGNISED


def propose(question: str, *, booker: User | None = None) -> BookingProposal:
    """Route ``question`` and list each lawyer's offered slots (``offered_slots``), the suggested lawyer first.

    The waitlist options never include a slot ``booker`` holds or already waits for, and no slot is offered
    at an hour ``booker`` already has an appointment (one appointment at a time).
    """
    busy = appointment_hours(booker) if booker is not None else []

    def free_for_booker(slots: list[LegalSlot]) -> list[LegalSlot]:
        return [slot for slot in slots if not any(slot.session.starts_at < ends and slot.session.ends_at > starts
                                                  for starts, ends in busy)]

    ranked = rank_lawyers(question)
    suggestion = ranked.suggestion if ranked is not None else None
    if suggestion is not None:
        order = [(law, score) for law, score in suggestion.ranking]
    else:
        routed = [law for law, _ in ranked.ranking] if ranked is not None else []
        order = [(law, None) for law in routed + [law for law in active_lawyers() if law not in routed]]
    choices = [LawyerChoice(lawyer=law, score=score, slots=free_for_booker(offered_slots(law)),
                            full=full_slots(law, for_booker=booker) if index == 0 and suggestion else [])
               for index, (law, score) in enumerate(order)]
    return BookingProposal(suggestion=suggestion, choices=choices,
                           not_recognised=ranked.not_recognised if ranked is not None else NOT_RECOGNISED)


@dataclass
class NeedLegalSuggestion:
    """The Juri-PTCE route of a legal need: the routed lawyer and their next free slot, or
    ``suggestion`` None when nothing in the need names a field of law."""

    suggestion: LawyerSuggestion | None
    slot: LegalSlot | None
    #: What the page says when ``suggestion`` is None (the router's own words, as on the booking page).
    not_recognised: str = NOT_RECOGNISED


def suggestion_for_need(need: Need) -> NeedLegalSuggestion | None:
    """For a need declared as a legal question: the routed lawyer and their next free slot."""
    if need.kind is not NeedKind.LEGAL:
        return None
    ranked = rank_lawyers(f"{need.title}. {need.text}")
    suggestion = ranked.suggestion if ranked is not None else None
    if suggestion is None:
        return NeedLegalSuggestion(suggestion=None, slot=None,
                                   not_recognised=ranked.not_recognised if ranked is not None else NOT_RECOGNISED)
    slots = free_slots(suggestion.lawyer, limit=1)
    return NeedLegalSuggestion(suggestion=suggestion, slot=slots[0] if slots else None)
