"""The kinds of job and their handlers: ``handler(payload, attempt=n)`` runs in an app context.

A handler may commit (the work it does is its own); it raises to fail the attempt (the runner
retries it, then buries it). It reports progress with ``app.jobs.queue.report_progress``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[..., None]
_handlers: dict[str, Handler] = {}


def job_kind(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under ``name`` (re-registering replaces it: tests use this)."""

    def register(handler: Handler) -> Handler:
        _handlers[name] = handler
        return handler

    return register


def handler_for(kind: str) -> Handler:
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"Type de tâche inconnu : {kind!r}") from None


@job_kind("batch-run")
def batch_run(payload: dict[str, Any], *, attempt: int) -> None:
    """Solve a batch pairing run (app/transfers/batch.py); a run left running by a dead process restarts."""
    from app.transfers import batch

    if attempt > 1:
        batch.requeue_interrupted_run(payload["run_id"])
    batch.execute_run(payload["run_id"])


@job_kind("visit-themes")
def visit_themes(payload: dict[str, Any], *, attempt: int) -> None:
    """Vectors of every open need's text, so the organiser's page clusters them at once (app/visits/themes.py)."""
    from app.visits.theme_jobs import embed_open_needs

    embed_open_needs()


@job_kind("reembed")
def reembed(payload: dict[str, Any], *, attempt: int) -> None:
    """Vectors for changed profile texts (unchanged texts are cached by content hash)."""
    from app.extensions import db
    from app.jobs.queue import report_progress
    from app.suggestions.embeddings import embed_texts
    from app.suggestions.reembed import profile_texts

    def progress(done: int, total: int) -> None:
        report_progress(f"Textes encodés : {done} sur {total}", done / total if total else 1.0)

    _, encoded = embed_texts(db.session, profile_texts(db.session), progress=progress)
    if encoded:
        log.info("Textes de profil ré-encodés : %d", encoded)
