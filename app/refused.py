"""The refusal every service raises when a rule says no.

A refusal carries a French message written for the person who asked, shown as it is (flash
message, form error, JSON ``error``). Areas subclass it only where a caller needs to tell one
refusal from another (``SlotTaken`` offers the waitlist, for instance); everything else raises
``Refused`` or the area's one subclass.
"""

from __future__ import annotations


class Refused(Exception):
    """A rule refused the operation; ``str(error)`` is the French message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
