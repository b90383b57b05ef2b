"""Registries of "data export hooks" and "account deletion hooks".

An export hook returns, for one user, a JSON-ready section of "Télécharger mes données"
(``datetime``, ``date`` and enums are accepted: the export serialises them). A deletion hook
removes or anonymises what its area holds about a user who leaves; it runs in the
deletion's transaction (it must not commit) before the ``users`` row is deleted. Hooks run
by increasing ``order`` (default 100; the core hooks use 10 to 90, so area hooks that read
offers or profiles before they go should use an order below 50).

Register with one line from the area's ``services.py`` (imported whenever the app starts)::

    register_data_export("reservations", export_bookings)
    register_account_deletion("reservations", forget_bookings, order=40)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from models import User

ExportHook = Callable[[Session, User], Any]
DeletionHook = Callable[[Session, User, datetime], None]


@dataclass(frozen=True)
class _Registered:
    name: str
    order: int
    hook: Callable[..., Any]


_exports: dict[str, _Registered] = {}
_deletions: dict[str, _Registered] = {}


def register_data_export(name: str, hook: ExportHook, *, order: int = 100) -> ExportHook:
    """Add a section ``name`` to every user's data export (re-registering replaces it)."""
    _exports[name] = _Registered(name, order, hook)
    return hook


def register_account_deletion(name: str, hook: DeletionHook, *, order: int = 100) -> DeletionHook:
    """Run ``hook(session, user, now)`` when an account is deleted (re-registering replaces it)."""
    _deletions[name] = _Registered(name, order, hook)
    return hook


def data_exports() -> list[tuple[str, ExportHook]]:
    return [(r.name, r.hook) for r in sorted(_exports.values(), key=lambda r: (r.order, r.name))]


def account_deletions() -> list[tuple[str, DeletionHook]]:
    return [(r.name, r.hook) for r in sorted(_deletions.values(), key=lambda r: (r.order, r.name))]
