"""``entrepairs jobs``: what the background queue holds (counts by state, jobs not done, dead ones with their error)."""

from __future__ import annotations

import click
from sqlalchemy import func, select

from app.extensions import db
from models import Job, JobState


@click.command("jobs", short_help="Affiche l'état des tâches de fond.")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, help="Nombre de tâches listées.")
def jobs_command(limit: int) -> None:
    """Affiche l'état des tâches de fond : comptes par état, tâches en cours, en échec ou abandonnées."""
    counts = dict(db.session.execute(select(Job.state, func.count(Job.id)).group_by(Job.state)).all())
    click.echo(" ; ".join(f"{state.label} : {counts.get(state, 0)}" for state in JobState))
    pending = db.session.scalars(select(Job).where(Job.state != JobState.DONE).order_by(Job.id.desc()).limit(limit))
    for job in pending:
        where = f" par {job.claimed_by}" if job.state is JobState.RUNNING and job.claimed_by else ""
        click.echo(f"#{job.id} {job.kind} — {job.state.label}{where}, essai {job.attempts}/{job.max_attempts}, "
                   f"{job.stage} ({job.progress:.0%})")
        if job.last_error:
            click.echo(f"    dernière erreur : {job.last_error.splitlines()[-1][:300]}")
