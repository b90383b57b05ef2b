"""Thin click commands that call services."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from app.extensions import db
from app.typography import count, number


@click.command("init-db", short_help="Crée ou met à jour le schéma et les données de référence.")
def init_db_command() -> None:
    """Crée ou met à jour le schéma et les données de référence."""
    from alembic.util import CommandError

    from app.database import refused_upgrade, schema_news, seed_reference_data, upgrade_database

    try:
        news = schema_news(*upgrade_database(db.engine))  # which migration the base was at, and is at now
    except CommandError as error:  # a migration that refuses (it says why), a base migrated by a newer version
        raise click.ClickException(refused_upgrade(error, db.engine)) from None
    rows = seed_reference_data(db.session)
    click.echo(f"{news} {count(rows, 'ligne')} de référence à jour (thèmes, régions, départements).")


@click.command("import-poles", short_help="Importe des pôles depuis un CSV (tout ou rien).")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signataires", is_flag=True, help="Marquer tous les pôles comme signataires de la Charte.")
def import_poles_command(csv_file: Path, signataires: bool) -> None:
    """Importe des pôles depuis un CSV (tout ou rien)."""
    from app.poles.importer import ImportFailed, import_poles

    try:
        report = import_poles(csv_file, db.session, charter_signatories=signataires)
    except ImportFailed as failure:
        for error in failure.report.errors:
            click.echo(f"Erreur {error}" if error.line else f"Erreur : {error}", err=True)
        raise click.ClickException(str(failure)) from None
    click.echo(f"{count(report.created, 'pôle créé', 'pôles créés')}, {number(report.updated)} mis à jour.")


@click.command("demo", short_help="Charge les données de démonstration.")
def demo_command() -> None:
    """Charge les données de démonstration et affiche les identifiants."""
    from app.database import seed_reference_data, upgrade_database
    from app.demo import DEMO_PASSWORD, load_demo

    upgrade_database(db.engine)
    seed_reference_data(db.session)
    logins = load_demo(db.session)
    click.echo("Données de démonstration chargées. Identifiants (mot de passe commun : "
               f"{DEMO_PASSWORD}) :")
    for login in logins:
        click.echo(f"  - {login.role:<20} {login.email}  ({login.description})")


def register_commands(app: Flask) -> None:
    from app.admin.cli import create_admin_command
    from app.backup.cli import export_command, import_command
    from app.jobs.cli import jobs_command
    from app.privacy.cli import purge_inactive_command
    from app.scheduling.cli import (
        deliver_outbox_command, generate_slots_command, run_command, scheduler_command, send_reminders_command,
    )
    from app.suggestions.cli import embed_command, eval_command, eval_sts_command
    from app.transfers.cli import expire_requests_command

    for command in (init_db_command, import_poles_command, demo_command, eval_command, eval_sts_command,
                    embed_command, export_command, import_command, purge_inactive_command,
                    expire_requests_command, run_command, scheduler_command, generate_slots_command,
                    send_reminders_command, deliver_outbox_command, jobs_command, create_admin_command):
        app.cli.add_command(command)
