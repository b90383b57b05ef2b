"""What ``entrepairs --help`` shows an operator: Entrepairs' commands grouped by task, each on one whole French
line, and no option or command of Flask's meant for its developers.

Before, the list was click's alphabetical one, each line cut at 59 characters (« Invite un·e
administrateur·rice (NAME : son nom) ;... », « nDCG@5, Recall@5, MRR, conflits et orientation... »), between
Flask's ``routes`` and ``shell`` and after its ``--app``, ``--debug`` and ``--version`` (of Flask). ``routes`` and
``shell`` still answer whoever types them; ``--app`` had nothing to choose (the factory is given), ``--debug`` is
``FLASK_DEBUG=1`` for a developer, and ``--version`` now says Entrepairs' version.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

#: The commands by task, in the order an operator meets them; each line fits beside its name (≤ 59 characters).
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Mise en service", (
        ("init-db", "Crée ou met à jour le schéma et les données de référence."),
        ("create-admin", "Invite un·e administrateur·rice (lien par e-mail)."),
        ("import-poles", "Importe des pôles depuis un CSV (tout ou rien)."),
        ("demo", "Charge les données de démonstration."),
    )),
    ("Services", (
        ("scheduler", "Lance le planificateur (un par hôte)."),
        ("run", "Serveur de développement, avec son planificateur."),
        ("jobs", "Affiche l'état des tâches de fond."),
    )),
    ("Sauvegarde", (
        ("export", "Sauvegarde toute la base dans un fichier."),
        ("import", "Restaure une sauvegarde (tout ou rien)."),
    )),
    ("À la demande (le planificateur s'en charge seul)", (
        ("deliver-outbox", "Envoie les e-mails dus de la file d'envoi."),
        ("send-reminders", "Met en file les rappels des rencontres proches."),
        ("generate-slots", "Crée les créneaux Juri-PTCE manquants."),
        ("expire-requests", "Relance puis fait expirer les demandes sans réponse."),
        ("purge-inactive", "Prévient puis supprime les comptes inactifs."),
        ("embed", "Calcule les vecteurs manquants des profils."),
    )),
    ("Qualité des suggestions", (
        ("eval", "Mesure les suggestions sur un jeu annoté (nDCG@5…)."),
        ("eval-sts", "Mesure la similarité textuelle (jeu STS français)."),
    )),
)
#: Flask's own commands, for developers: they answer but are not listed.
DEVELOPER_COMMANDS = ("routes", "shell")
#: Flask's own options of the group: ``--app`` (nothing to choose), ``--debug`` (``FLASK_DEBUG=1``), ``--version``
#: (Flask's; ours replaces it), ``--env-file`` (read after config.py: it acted on the wrong base).
FLASK_OPTIONS = ("app", "debug", "version", "env_file")


def entrepairs_version() -> str:
    try:
        return version("entrepairs")
    except PackageNotFoundError:  # run from a checkout never installed
        return "inconnue"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"Entrepairs {entrepairs_version()}")
        ctx.exit()


class OperatorHelp(click.Group):
    """A group whose help lists its commands by ``SECTIONS``; one missing there still shows, under « Autres »."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands first, then the group's two options."""
        self.format_commands(ctx, formatter)
        click.Command.format_options(self, ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        listed: set[str] = set()
        for title, rows in SECTIONS:
            shown = [(name, words) for name, words in rows if self._visible(ctx, name)]
            listed.update(name for name, _ in rows)
            if shown:
                with formatter.section(f"{title} "):  # click adds « : », French spaces it
                    formatter.write_dl(shown)
        others = [(name, self.get_command(ctx, name).get_short_help_str(45))  # type: ignore[union-attr]
                  for name in self.list_commands(ctx) if name not in listed and self._visible(ctx, name)]
        if others:
            with formatter.section("Autres "):
                formatter.write_dl(others)

    def _visible(self, ctx: click.Context, name: str) -> bool:
        command = self.get_command(ctx, name)
        return command is not None and not command.hidden


def for_operators(group: click.Group) -> None:
    """``group``'s help as an operator needs it: Flask's options dropped (ours: ``--version``), its developer
    commands hidden, the commands listed by task (``OperatorHelp``)."""
    group.params = [param for param in group.params if param.name not in FLASK_OPTIONS]
    group.params.append(click.Option(["--version"], is_flag=True, expose_value=False, is_eager=True,
                                     callback=_print_version, help="Affiche la version d'Entrepairs."))
    group.epilog = "« entrepairs COMMANDE --help » détaille une commande et ses options."
    for name in DEVELOPER_COMMANDS:
        if name in group.commands:
            group.commands[name].hidden = True
