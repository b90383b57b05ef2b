"""Requests that only read: GET and HEAD pages run on the read-only engine and cannot write.

Reading a page is the bulk of the traffic. Marked read-only, its session needs no
transaction on PostgreSQL (``models.engine.read_only_engine``), and a write slipped into a
page view fails loudly (``ReadOnlySessionError``) instead of committing half of something.
A view that must write on GET (following an e-mailed link, for instance) says so with
``writes_on_get``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request

from app.extensions import db

F = TypeVar("F", bound=Callable[..., Any])

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES_ON_GET = "_entrepairs_writes_on_get"


def writes_on_get(view: F) -> F:
    """This view writes even when read with GET (its session stays transactional)."""
    setattr(view, _WRITES_ON_GET, True)
    return view


def _reads_only() -> bool:
    if request.method not in SAFE_METHODS or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return view is not None and not getattr(view, _WRITES_ON_GET, False)


def init_read_only_requests(app: Flask) -> None:
    """Register first, so that no other hook opens the session before the choice is made."""

    @app.before_request
    def _open_for_reading() -> None:
        if _reads_only():
            db.begin_reading_only()
        else:  # whatever an earlier request of this thread left behind
            db.end_reading_only()

    @app.teardown_request
    def _close_reading(_exc: BaseException | None) -> None:
        db.end_reading_only()
