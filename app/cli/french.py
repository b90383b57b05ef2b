"""click's own words in French for the ``entrepairs`` command: usage errors, « Utilisation : », ``--help``.

click writes them through ``gettext`` (``from gettext import gettext as _`` in each of its modules) and ships no
French catalog; ``speak_french`` gives those modules a lookup in ``CLICK_FRENCH`` instead. A sentence missing
here (a later click) stays as click wrote it: the command still works, in English.
"""

from __future__ import annotations

import importlib

import click

#: click's English sentence → ours (same ``{fields}``; ``!r`` dropped where we quote with « »).
CLICK_FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    # Headings: click writes « {heading}: », French puts a space before the colon.
    "Options": "Options ",
    "Commands": "Commandes ",
    "Positional arguments": "Arguments ",
    "Show this message and exit.": "Affiche cette aide.",
    "Show the version and exit.": "Affiche la version.",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : {command} {option}",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Missing command.": "commande manquante.",
    "No such option {name!r}.": "option inconnue « {name} ».",
    "No such command {name!r}.": "commande inconnue « {name} ».",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de : {possibilities} ?)",
    "Got unexpected extra argument ({args})": "argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "arguments en trop ({args})",
    "Option {name!r} requires an argument.": "l'option « {name} » attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "l'option « {name} » attend {nargs} valeurs.",
    "Option {name!r} does not take a value.": "l'option « {name} » ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "valeur refusée pour {param_hint} : {message}",
    "Invalid value: {message}": "valeur refusée : {message}",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre.",
    "{value} is not in the range {range}.": "{value} n'est pas entre les bornes {range}.",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable.",
    "{name} {filename!r} is a file.": "{name} « {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » est un dossier.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Aborted!": "Abandon.",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable d'environnement : {var}",
}
#: Flask's own commands, in the help of ``entrepairs routes`` and ``entrepairs shell`` (not listed: app.cli.help).
FLASK_HELP: dict[str, str] = {
    "routes": "Liste les adresses du site et leurs vues.",
    "shell": "Ouvre une console Python dans le contexte du site.",
}
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def _gettext(message: str) -> str:
    return CLICK_FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def speak_french(group: click.Group) -> None:
    """click's words in French from now on in this process, and Flask's commands of ``group`` too."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
    for command in group.commands.values():
        if command.name in FLASK_HELP:
            command.help = command.short_help = FLASK_HELP[command.name]
