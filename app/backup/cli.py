"""``entrepairs export FILE`` and ``entrepairs import FILE [--replace]``."""

from __future__ import annotations

from pathlib import Path

import click

from app.extensions import db
from app.typography import count


@click.command("export", short_help="Sauvegarde toute la base dans un fichier.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path) -> None:
    """Sauvegarde toute la base dans FILE (JSON Lines ; .gz pour compresser)."""
    from app.backup.services import BackupError, export_database

    try:
        report = export_database(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # no such folder, no right to write there, disk full: the nightly job's log says so
        raise click.ClickException(f"Impossible d'écrire la sauvegarde {file} : {_why_not_written(error, file)}.") from None
    click.echo(f"Sauvegarde écrite dans {file} : {count(report.rows, 'ligne')}, {count(len(report.tables), 'table')}.")


def _why_not_written(error: OSError, file: Path) -> str:
    if isinstance(error, FileNotFoundError):
        return f"le dossier {file.parent} n'existe pas"
    if isinstance(error, PermissionError):
        return f"pas le droit d'écrire dans {file.parent}"
    return error.strerror or str(error)


@click.command("import", short_help="Restaure une sauvegarde (tout ou rien).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Remplacer le contenu d'une base qui n'est pas vide.")
def import_command(file: Path, replace: bool) -> None:
    """Restaure une sauvegarde (tout ou rien) ; refuse une base non vide sans --replace."""
    from alembic.util import CommandError

    from app.backup.services import BackupError, restore
    from app.database import refused_upgrade

    try:
        report, schema = restore(db.engine, file, replace=replace)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    except CommandError as error:  # a migration run on the restored rows refused (it says why)
        raise click.ClickException(refused_upgrade(error, db.engine)) from None
    click.echo(f"Sauvegarde importée : {count(report.rows, 'ligne')} dans {count(len(report.tables), 'table')}. "
               f"{schema}")
