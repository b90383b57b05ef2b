"""Commands of the transfer programme (thin: they call services)."""

from __future__ import annotations

import click

from app.typography import count


@click.command("expire-requests", short_help="Relance puis fait expirer les demandes sans réponse.")
def expire_requests_command() -> None:
    """Relance les demandes de transfert sans réponse, puis fait expirer les plus anciennes."""
    from app.transfers.services import expire_stale_requests, remind_pending_requests

    reminded = remind_pending_requests()
    expired = expire_stale_requests()
    click.echo(f"{count(reminded, 'rappel')} mis en file, {count(expired, 'demande expirée', 'demandes expirées')}.")
