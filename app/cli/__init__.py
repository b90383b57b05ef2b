"""The ``entrepairs`` command: Flask's CLI with the app factory and our commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from app import create_app


def main() -> None:
    FlaskGroup(create_app=lambda: create_app(), help="Entrepairs : administration du site.")(
        prog_name="entrepairs"
    )
