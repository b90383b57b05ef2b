"""What ``entrepairs --help`` shows an operator: Entrepairs' commands grouped by task, each on one whole French
line (the command's own ``short_help``), and no option or command of Flask's meant for its developers.

Before, the list was click's alphabetical one, each line cut at 59 characters (« Invite un·e
administrateur·rice (NAME : son nom) ;... », « nDCG@5, Recall@5, MRR, conflits et orientation... »), between
Flask's ``routes`` and ``shell`` and after its ``--app``, ``--debug`` and ``--version`` (of Flask). ``routes`` and
``shell`` still answer whoever types them; ``--app`` had nothing to choose (the factory is given), ``--debug`` is
``FLASK_DEBUG=1`` for a developer, and ``--version`` now says Entrepairs' version.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

#: The commands by task, in the order an operator meets them. Each one's line is its own ``short_help``, in French,
#: written beside it (one text per command, no second copy here to keep in step); it fits beside its name
#: (≤ ``LINE_MAX`` characters: click wraps a longer one).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mise en service", ("init-db", "create-admin", "import-poles", "demo")),
    ("Services", ("scheduler", "run", "jobs")),
    ("Sauvegarde", ("export", "import")),
    ("À la demande (le planificateur s'en charge seul)", (
        "deliver-outbox", "send-reminders", "generate-slots", "expire-requests", "purge-inactive", "embed")),
    ("Qualité des suggestions", ("eval", "eval-sts")),
)
LINE_MAX = 59
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
        listed = {name for _, names in SECTIONS for name in names}
        others = tuple(name for name in self.list_commands(ctx) if name not in listed)
        for title, names in (*SECTIONS, ("Autres", others)):
            shown = [(name, command.get_short_help_str(LINE_MAX))
                     for name in names if (command := self.get_command(ctx, name)) is not None and not command.hidden]
            if shown:
                with formatter.section(f"{title} "):  # click adds « : », French spaces it
                    formatter.write_dl(shown)


def for_operators(group: click.Group) -> None:
    """``group``'s help as an operator needs it: Flask's options dropped (ours: ``--version``), its developer
    commands hidden, the commands listed by task (``OperatorHelp``)."""
    group.params = [param for param in group.params if param.name not in FLASK_OPTIONS]
    group.params.append(click.Option(["--version"], is_flag=True, expose_value=False, is_eager=True,
                                     callback=_print_version, help="Affiche la version d'Entrepairs."))
    group.epilog = "« entrepairs COMMANDE --help » détaille une commande et ses options."
    group.subcommand_metavar = "COMMANDE [ARGUMENTS]..."  # click's « COMMAND [ARGS]... », beside « Utilisation : »
    for name in DEVELOPER_COMMANDS:
        if name in group.commands:
            group.commands[name].hidden = True
