"""Region and département names, and who may open a regional view."""

from __future__ import annotations

from functools import lru_cache

from app import refdata
from app.access.policy import may_see_region
from models import User


def can_see_region(user: User, region_code: str) -> bool:
    """National organisers and admins see every region; a CRA organiser only its own (``app.access.policy``)."""
    return may_see_region(user, region_code)


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    return {row.code: row.name for row in refdata.regions()}


@lru_cache(maxsize=1)
def departement_names() -> dict[str, str]:
    return {row.code: row.name for row in refdata.departements()}
