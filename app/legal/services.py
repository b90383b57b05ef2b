"""Juri-PTCE operations, gathered for the pages and jobs that use them.

Each concern lives in its own module: ``slots`` (generation, free and held slots),
``slot_changes`` (locking, participants, notices, offering a freed slot), ``bookings``
(book, cancel, accept an offer, reschedule), ``waitlist`` (join, expire offers),
``proposals`` (routing a question to a lawyer), ``privacy_hooks`` (account deletion, export).
"""

from __future__ import annotations

import app.legal.departure  # noqa: F401 - registers the lawyer's departure hook
from app.legal import privacy_hooks  # noqa: F401  (registers the personal data hooks)
from app.legal.bookings import (
    OPEN_BOOKINGS, BookingResult, accept_offer, book_slot, bookings_of, cancel_booking, new_idempotency_key,
    open_booking_for, question_key, reschedule_booking,
)
from app.legal.errors import SLOT_TAKEN_MESSAGE, BookingError, SlotTaken
from app.legal.privacy_hooks import export_bookings, release_on_departure
from app.legal.proposals import (
    NOT_RECOGNISED, BookingProposal, LawyerChoice, NeedLegalSuggestion, propose, suggestion_for_need,
)
from app.legal.slots import (
    HOLDING, active_lawyers, can_change, change_deadline, free_slots, full_slots, generate_slots, holder_of, last_freed_by,
    lawyer_profile_of, offered_slots, reschedule_choices, slot_rule_from_config, slots_of_lawyer,
)
from app.legal.waitlist import expire_offers, join_waitlist

__all__ = [
    "HOLDING", "NOT_RECOGNISED", "OPEN_BOOKINGS", "SLOT_TAKEN_MESSAGE", "BookingError", "BookingProposal", "BookingResult",
    "LawyerChoice", "NeedLegalSuggestion", "SlotTaken", "accept_offer", "active_lawyers", "book_slot", "bookings_of",
    "can_change", "cancel_booking", "change_deadline", "expire_offers", "export_bookings", "free_slots",
    "full_slots", "generate_slots", "holder_of", "last_freed_by", "join_waitlist", "lawyer_profile_of", "new_idempotency_key",
    "offered_slots", "open_booking_for", "propose", "question_key", "release_on_departure", "reschedule_booking",
    "reschedule_choices",
    "slot_rule_from_config", "slots_of_lawyer", "suggestion_for_need",
]
