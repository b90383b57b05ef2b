"""``entrepairs create-admin``: the first administrator of a new site (or a new one, or a new link)."""

from __future__ import annotations

import click
from flask import current_app


@click.command("create-admin", short_help="Invite un·e administrateur·rice (lien par e-mail).")
@click.argument("email")
@click.argument("name")
def create_admin_command(email: str, name: str) -> None:
    """Invite un·e administrateur·rice (NAME : son nom) ; l'e-mail lui donne le lien pour choisir son mot de passe.

    Relancée pour une invitation d'administration pas encore acceptée, elle envoie un nouveau lien."""
    from app.admin.accounts import AdminRefused, invite_admin_from_command_line

    try:
        user, again = invite_admin_from_command_line(display_name=name, email=email)
    except AdminRefused as refused:
        click.echo(f"Erreur : {refused}", err=True)
        raise SystemExit(1) from None
    done = (f"Invitation pas encore acceptée : un nouveau lien part pour {user.email}" if again
            else f"Compte d'administration créé pour {user.email}")
    click.echo(f"{done}. L'invitation part par la file d'envoi : le planificateur l'envoie dans la minute "
               f"(ou « entrepairs deliver-outbox --once »). Son lien commence par "
               f"{current_app.config['PUBLIC_BASE_URL']}.")
