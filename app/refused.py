"""The refusal every service raises when a rule says no.

A refusal carries a French message written for the person who asked, shown as it is (flash
message, form error, JSON ``error``). Areas subclass it only where a caller needs to tell one
refusal from another (``SlotTaken`` offers the waitlist, for instance); everything else raises
``Refused`` or the area's one subclass.

A service whose rules look at several inputs at once (a profile, a session to publish) says every
``Problem`` in one refusal (``Refused.of``), each naming the input it concerns, so a form shows them
all, each beside its field, instead of one per submit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self


@dataclass(frozen=True)
class Problem:
    """One rule that said no: the French message, and the input it concerns (a name the caller's form
    knows, dotted for a sub-form: ``"slots.0.end"``), or ``None`` for the whole."""

    message: str
    field: str | None = None


class Refused(Exception):
    """A rule refused the operation; ``str(error)`` is the French message to show."""

    def __init__(self, message: str, *, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(message),)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> Self:
        """Every problem at once: the message says them all, each keeps its field."""
        return cls(" ".join(problem.message for problem in problems), problems=problems)
