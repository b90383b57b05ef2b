"""The ``entrepairs`` command: Flask's CLI with the app factory and our commands."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import FlaskGroup, routes_command, shell_command

from app import create_app
from app.cli.french import speak_french
from app.cli.help import OperatorHelp, for_operators


class EntrepairsGroup(OperatorHelp, FlaskGroup):
    """Flask's group (the app factory, its ``run``), with the help an operator reads (``app.cli.help``)."""


def entrepairs_group() -> FlaskGroup:
    """The ``entrepairs`` command: the app factory, our commands (``register_commands``) and Flask's ``shell`` and
    ``routes`` for developers, not listed."""
    # No default commands: our own `run` (app.scheduling.cli) also starts the development scheduler.
    group = EntrepairsGroup(create_app=lambda: create_app(), help="Entrepairs : administration du site.",
                            add_default_commands=False)
    group.add_command(shell_command)
    group.add_command(routes_command)
    # Flask's --env-file was read after config.py had read the environment (at `import app`): its DATABASE_URL was
    # ignored, and a command meant for production acted on the development SQLite base. The README says how to
    # give every process the same environment instead. --app and --debug go too (app.cli.help).
    for_operators(group)
    return group


def main(args: list[str] | None = None) -> None:
    group = entrepairs_group()
    speak_french(group)
    try:
        # Not click's standalone mode, whose refusals read « Error: » in English before our French sentence.
        code = group.main(args=args, prog_name="entrepairs", standalone_mode=False)
    except click.UsageError as error:
        error.show()  # usage line and click's own words, in French (app.cli.french)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        click.echo(f"Erreur : {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("Abandon.", err=True)
        sys.exit(1)
    except Exception as error:
        from app.startup_errors import operator_message

        message = operator_message(error, os.environ.get("DATABASE_URL"))
        if message is None:
            raise
        click.echo(f"Erreur : {message}", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
