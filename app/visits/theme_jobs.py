"""The background job of the visit themes: embedding every open need's text (the slow part).

The organiser's page (``themes.theme_state``) enqueues it when many vectors are missing and
shows its progress; once it is done the vectors are cached in the database and any web worker
clusters them in a moment.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from app.extensions import db
from app.jobs.queue import enqueue, latest_job, report_progress
from app.suggestions.embeddings import embed_texts
from matching.text import profile_text
from models import Job, JobState, Need, NeedStatus


def embed_open_needs() -> None:
    """The ``visit-themes`` job: vectors of every open need's text, with progress on the job."""
    texts = [profile_text(n.title, n.text)
             for n in db.session.scalars(select(Need).where(Need.status == NeedStatus.OPEN).order_by(Need.id))]

    def report(done: int, total: int) -> None:
        report_progress(f"{done} / {total}", done / total if total else 1.0)

    embed_texts(db.session, texts, progress=report)


def job_key(key: tuple) -> str:
    """One job per state of the open needs (the themes cache key)."""
    return "visit-themes:" + hashlib.sha256(repr(key).encode()).hexdigest()[:32]


def _parse_progress(stage: str) -> tuple[int, int]:
    done, _, total = stage.partition(" / ")
    return (int(done), int(total)) if done.isdigit() and total.isdigit() else (0, 0)


def background_state(key: tuple):  # noqa: ANN201 - a themes.ThemesState, or None
    """While the job of ``key`` is queued or runs, the page's state; None once its vectors are cached."""
    from app.visits.themes import ThemesState

    job = latest_job(job_key(key))
    if job is not None and job.state is JobState.DONE:
        return None
    if job is not None and job.state is JobState.DEAD:
        return ThemesState(themes=None, error=f"Le calcul des thèmes a échoué : {job.last_error or 'erreur inconnue'}")
    if job is None:
        job = db.session.get(Job, enqueue("visit-themes", {}, key=job_key(key)).id, populate_existing=True)
        if job.state is JobState.DONE:
            return None
    done, total = _parse_progress(job.stage)
    return ThemesState(themes=None, computing=True, progress=(done, total))
