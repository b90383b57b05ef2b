"""Refusals of the Juri-PTCE operations."""

from __future__ import annotations

from app.refused import Refused

SLOT_TAKEN_MESSAGE = ("Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre "
                      "créneau, ou inscrivez-vous sur sa liste d'attente.")


class BookingError(Refused):
    """A booking step refused, with a French message for the page."""


class SlotTaken(BookingError):
    """The slot is held by someone else (a lost race ends here); the page offers its waitlist."""

    def __init__(self, slot_id: int) -> None:
        super().__init__(SLOT_TAKEN_MESSAGE)
        self.slot_id = slot_id
