"""``entrepairs create-admin``: the first administrator of a new site (or a new one, or a new link)."""

from __future__ import annotations

import click
from flask import current_app

from app.auth.services import AccountError


@click.command("create-admin")
@click.argument("email")
@click.argument("name")
def create_admin_command(email: str, name: str) -> None:
    """Invite un·e administrateur·rice (NAME : son nom) ; l'e-mail lui donne le lien pour choisir son mot de passe.

    Relancée pour une invitation d'administration pas encore acceptée, elle envoie un nouveau lien."""
    from app.auth.invitations import AlreadyInvited, invite_admin, resend_invitation
    from models import Role, utcnow

    try:
        user = invite_admin(display_name=name, email=email)
        done = f"Compte d'administration créé pour {user.email}"
    except AlreadyInvited as pending:
        if pending.user.role is not Role.ADMIN:
            _refuse(f"{pending.pending} : renvoyez-la depuis /admin/comptes.")
        user = pending.user
        resend_invitation(sender=None, user=user, form_key=f"cli-{utcnow():%Y%m%d%H%M%S%f}")
        done = f"{pending.pending} : un nouveau lien part pour {user.email}"
    except AccountError as refused:
        _refuse(str(refused))
    click.echo(f"{done}. L'invitation part par la file d'envoi : le planificateur l'envoie dans la minute "
               f"(ou « entrepairs deliver-outbox --once »). Son lien commence par "
               f"{current_app.config['PUBLIC_BASE_URL']}.")


def _refuse(message: str) -> None:
    click.echo(f"Erreur : {message}", err=True)
    raise SystemExit(1)
