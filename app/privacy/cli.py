"""``entrepairs purge-inactive``: the retention job."""

from __future__ import annotations

import click
from flask import current_app

from app.extensions import db
from app.typography import count


@click.command("purge-inactive", short_help="Prévient puis supprime les comptes inactifs.")
def purge_inactive_command() -> None:
    """Prévient puis supprime les comptes inactifs depuis RETENTION_INACTIVE_DAYS jours."""
    from app.privacy.services import purge_inactive
    from app.ratelimit import LoginLimits, purge_expired_attempts

    report = purge_inactive(db.session, inactive_days=current_app.config["RETENTION_INACTIVE_DAYS"],
                            warning_days=current_app.config["RETENTION_WARNING_DAYS"])
    expired = purge_expired_attempts(db.session, limits=LoginLimits.from_config(current_app.config))
    db.session.commit()
    click.echo(f"{count(len(report.warned), 'compte prévenu', 'comptes prévenus')}, "
               f"{count(len(report.deleted), 'compte supprimé', 'comptes supprimés')}, "
               f"{count(expired, 'tentative de connexion expirée effacée', 'tentatives de connexion expirées effacées')}.")
