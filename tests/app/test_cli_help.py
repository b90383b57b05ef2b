"""``entrepairs --help`` as an operator reads it (app/cli/help.py): Entrepairs' commands by task, each on one
whole French line, first; none of Flask's options (``--app``, ``--debug``, ``--version`` of Flask) nor its
developer commands (``routes``, ``shell``), which still answer whoever types them."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from app.cli import entrepairs_group
from app.cli.help import DEVELOPER_COMMANDS, LINE_MAX, SECTIONS


@pytest.fixture
def cli(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'site.sqlite'}")
    monkeypatch.setenv("ENTREPAIRS_INSTANCE", str(tmp_path / "inst"))

    def run(*args: str):
        return CliRunner().invoke(entrepairs_group(), list(args), prog_name="entrepairs")

    return run


@pytest.fixture
def commands(cli) -> dict[str, click.Command]:
    """Every command the ``entrepairs`` group answers to, the site's included (they come with the app)."""
    group = entrepairs_group()
    with group.make_context("entrepairs", [], resilient_parsing=True) as ctx:
        return {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}


LISTED = [name for _, names in SECTIONS for name in names]


def test_the_help_lists_entrepairs_commands_by_task_before_the_options(cli):
    out = cli("--help")
    assert out.exit_code == 0, out.output
    headings = [line for line in out.output.splitlines() if line and not line.startswith(" ")]
    assert headings[1:-1] == [f"{title} :" for title, _ in SECTIONS]
    assert headings[-1].rstrip(" :") == "Options"  # click's heading (« Options : » once app.cli.french speaks)


def test_each_command_reads_on_one_whole_line_its_own_short_help(cli, commands):
    """The line is the command's own ``short_help`` (one text per command, beside it), not a second copy kept in
    the help's sections, nor click's cut of its docstring."""
    out = cli("--help").output
    for name in LISTED:
        words = commands[name].short_help
        assert words and len(words) <= LINE_MAX, name
        assert re.search(rf"^  {re.escape(name)} +{re.escape(words)}$", out, re.M), name
    assert not [line for line in out.splitlines()[1:] if line.endswith("...")]  # click's cut, once « ;... »


def test_no_flask_option_or_developer_command_is_offered(cli):
    out = cli("--help").output
    for flask_word in ("--app", "--debug", "Flask", "routes", "shell", "--env-file"):
        assert flask_word not in out, flask_word
    assert cli("--debug", "run").exit_code == 2  # refused, not taken for FLASK_DEBUG


def test_every_command_is_under_exactly_one_task_or_hidden(commands):
    assert len(LISTED) == len(set(LISTED))  # none under two tasks
    assert set(LISTED) == {name for name, command in commands.items() if not command.hidden}  # a new one gets its task
    assert {name for name, command in commands.items() if command.hidden} == set(DEVELOPER_COMMANDS)


def test_version_is_entrepairs_and_developer_commands_still_answer(cli):
    assert re.fullmatch(r"Entrepairs \S+\n", cli("--version").output)
    assert cli("routes").exit_code == 0 and "/compte/connexion" in cli("routes").output
