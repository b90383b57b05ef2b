"""Dates computed from now, far from every edge (README, « Les dates des tests »): never a date written in full
that passes one day and fails the tests from then on."""

from __future__ import annotations

from datetime import date, timedelta

from models import utcnow


def next_january_tuesday() -> date:
    """A Tuesday of next January, the 5th to the 11th: always to come (at least five days ahead), in winter time
    (Paris UTC+1, Martinique UTC−4), never a « 1er », and its Wednesday in the same month."""
    fifth = date(utcnow().year + 1, 1, 5)
    return fifth + timedelta(days=(1 - fifth.weekday()) % 7)
