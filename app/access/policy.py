"""Who may see what, decided once (pure decisions on a user; no Flask, no query).

The people who run the network see named data according to their organisation:

- administrators and national organisers (Avise, Coorace, RTES, Labo de l'ESS: an organiser
  with no region) see every region;
- a regional cell (CRA: an organiser with a region, that of its organisation) sees the named
  needs, pairings, transfers, feedback, exports and batch rows of its own region only, and the
  national figures as aggregates (statistics, map counts);
- everyone else sees organiser pages not at all (their own pairings and poles are decided elsewhere).

``app.access.scopes`` turns the same decisions into SQL conditions, applied inside the queries.
"""

from __future__ import annotations

from typing import Any

from models import Role


def is_signed_in(user: Any) -> bool:
    """Authenticated and active (a deactivated account sees nothing, even in a session still open)."""
    return user is not None and bool(getattr(user, "is_authenticated", False)) and bool(
        getattr(user, "is_active", True))


def is_organiser(user: Any) -> bool:
    """An organiser of any kind, or an administrator."""
    return is_signed_in(user) and user.has_role(Role.ORGANISER)


def organiser_region(user: Any) -> str | None:
    """The one region whose named data a regional organiser (CRA) sees; None for everyone else."""
    if not is_organiser(user) or user.role is Role.ADMIN:
        return None
    return user.region_code or None


def is_national(user: Any) -> bool:
    """Sees every region's named data: administrators and organisers without a region."""
    return is_organiser(user) and organiser_region(user) is None


def may_see_region(user: Any, region_code: str | None) -> bool:
    """May ``user`` see the named data (needs, pairings, feedback, batch rows) of ``region_code``?"""
    if not is_organiser(user):
        return False
    region = organiser_region(user)
    return region is None or region == region_code


def region_shown(user: Any, requested: str | None) -> str | None:
    """The region an organiser page filtered by ``requested`` shows: a CRA's own (it may ask no other:
    check ``may_see_region`` first to refuse), the one a national organiser asks, or every region (None)."""
    return organiser_region(user) or requested or None


def may_run_batch(user: Any) -> bool:
    """Batch runs pair needs of every region at once: only national organisers launch, edit or approve them."""
    return is_national(user)
