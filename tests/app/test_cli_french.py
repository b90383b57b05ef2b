"""click's own words for the ``entrepairs`` command, in French: a usage error (missing argument, unknown option or
command) and ``--help`` read « Utilisation : », « Erreur : … », like the command's own refusals."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def entrepairs(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite'}",
           "ENTREPAIRS_INSTANCE": str(tmp_path / "inst"), "ENTREPAIRS_ENV": "development"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", *args], env=env, cwd=ROOT, capture_output=True, text=True)

    return run


def test_a_missing_argument_is_told_in_french(entrepairs):
    out = entrepairs("create-admin")
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "Utilisation : entrepairs create-admin [OPTIONS] EMAIL NAME",
        "Aide : entrepairs create-admin --help",
        "",
        "Erreur : argument manquant 'EMAIL'.",
    ]


def test_an_unknown_option_or_command_is_told_in_french(entrepairs):
    assert entrepairs("export", "--gzip", "x.jsonl").stderr.splitlines()[-1] == "Erreur : option inconnue « --gzip »."
    assert entrepairs("creer-admin").stderr.splitlines()[-1] == "Erreur : commande inconnue « creer-admin »."
    assert entrepairs("import", "/pas/de/fichier.jsonl").stderr.splitlines()[-1] == (
        "Erreur : valeur refusée pour 'FILE' : Fichier « /pas/de/fichier.jsonl » introuvable.")


def test_help_is_in_french(entrepairs):
    out = entrepairs("--help")
    assert out.returncode == 0
    assert out.stdout.startswith("Utilisation : entrepairs [OPTIONS] COMMANDE [ARGUMENTS]...")
    # The commands by task (app/cli/help.py), each heading spaced before its colon like click's own.
    for line in ("Options :", "Mise en service :", "  --help     Affiche cette aide.", "Affiche la version d'Entrepairs"):
        assert line in out.stdout, line
    for english in ("Usage:", "Show this message", "Show the routes", "Load environment variables"):
        assert english not in out.stdout, english


def test_no_env_file_option_that_would_read_its_file_too_late(entrepairs, tmp_path):
    # Before: « -e, --env-file FILE » in the help; read after config.py, its DATABASE_URL was ignored (or, without
    # python-dotenv, « python-dotenv must be installed to load an env file. » in English).
    assert "--env-file" not in entrepairs("--help").stdout
    settings = tmp_path / "entrepairs.env"
    settings.write_text(f"DATABASE_URL=sqlite:///{tmp_path / 'production.sqlite'}\n")
    out = entrepairs("--env-file", str(settings), "jobs")
    assert out.returncode == 2 and out.stderr.splitlines()[-1] == "Erreur : option inconnue « --env-file »."
