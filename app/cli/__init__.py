"""The ``entrepairs`` command: Flask's CLI with the app factory and our commands."""

from __future__ import annotations

from flask.cli import FlaskGroup, routes_command, shell_command

from app import create_app


def main() -> None:
    # No default commands: our own `run` (app.scheduling.cli) also starts the development scheduler.
    group = FlaskGroup(create_app=lambda: create_app(), help="Entrepairs : administration du site.",
                       add_default_commands=False)
    group.add_command(shell_command)
    group.add_command(routes_command)
    group(prog_name="entrepairs")
