"""An operator's wrong or missing setting stops ``entrepairs …``, gunicorn and the scheduler with one French
sentence, never a traceback (app/startup_errors.py)."""

from __future__ import annotations

import pytest

import config
from app import gunicorn_conf
from app.cli import main

GOOD_KEY = "k" * 40


@pytest.fixture
def production(monkeypatch, tmp_path):
    """A production environment whose settings a test then breaks one by one."""
    monkeypatch.setenv("ENTREPAIRS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://entrepairs.example.org")
    monkeypatch.delenv("HEALTH_SCHEDULER_MAX_AGE_SECONDS", raising=False)
    return monkeypatch


def _database(monkeypatch, url: str) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(config.Config, "DATABASE_URL", url)  # the class read the environment at import


def _said(capsys, run) -> str:
    with pytest.raises(SystemExit) as stopped:
        run()
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_a_missing_secret_key_is_one_sentence(production, capsys, tmp_path):
    _database(production, f"sqlite:///{tmp_path / 'site.sqlite'}")
    production.delenv("SECRET_KEY")
    err = _said(capsys, lambda: main(["init-db"]))
    assert err.strip() == "Erreur : Configuration de production incomplète : variable(s) manquante(s) SECRET_KEY"


def test_a_database_url_of_another_kind_says_how_to_write_it(production, capsys):
    _database(production, "postgres://admin:secret@db.example.org/entrepairs")
    err = _said(capsys, lambda: main(["init-db"]))
    assert "DATABASE_URL ne désigne pas une base utilisable (postgres://admin:***@db.example.org/entrepairs)" in err
    assert "secret" not in err


def test_an_unreachable_database_is_named_without_its_password(production, capsys, tmp_path):
    _database(production, f"sqlite:///{tmp_path / 'absent' / 'site.sqlite'}")
    err = _said(capsys, lambda: main(["init-db"]))
    assert err.startswith("Erreur : Impossible de joindre la base de données sqlite:///")
    assert "unable to open database file" in err


def test_gunicorn_stops_before_forking_when_a_setting_is_missing(production, capsys, tmp_path):
    _database(production, f"sqlite:///{tmp_path / 'site.sqlite'}")
    production.delenv("PUBLIC_BASE_URL")
    err = _said(capsys, lambda: gunicorn_conf.on_starting(None))
    assert "variable(s) manquante(s) PUBLIC_BASE_URL (l'adresse publique du site" in err


def test_gunicorn_stops_on_an_empty_database(production, capsys, tmp_path):
    _database(production, f"sqlite:///{tmp_path / 'site.sqlite'}")
    err = _said(capsys, lambda: gunicorn_conf.on_starting(None))
    assert "est vide : lancez d'abord « entrepairs init-db »" in err


def test_the_scheduler_does_not_start_on_an_unreachable_database(production, capsys, tmp_path, monkeypatch):
    _database(production, f"sqlite:///{tmp_path / 'absent' / 'site.sqlite'}")
    monkeypatch.setattr("app.scheduling.scheduler.SchedulerProcess",
                        lambda app: pytest.fail("the scheduler started on a database it cannot reach"))
    err = _said(capsys, lambda: main(["scheduler"]))
    assert "Impossible de joindre la base de données" in err


def test_the_scheduler_says_what_it_does_in_its_log(production, tmp_path, monkeypatch, capsys):
    import logging

    from app.database import upgrade_database
    from models.engine import make_engine

    url = f"sqlite:///{tmp_path / 'site.sqlite'}"
    _database(production, url)
    upgrade_database(make_engine(url))

    class Process:
        worker = "hôte:1"

        def __init__(self, app) -> None:
            pass

        def run(self) -> None:  # as the real one does once elected
            logging.getLogger("app.scheduling.scheduler").info("Planificateur hôte:1 : élu")

    monkeypatch.setattr("app.scheduling.scheduler.SchedulerProcess", Process)
    app_logger = logging.getLogger("app")  # as in a fresh process: no level, no handler yet
    monkeypatch.setattr(app_logger, "level", logging.NOTSET)
    monkeypatch.setattr(app_logger, "handlers", [])
    with pytest.raises(SystemExit) as stopped:
        main(["scheduler"])
    assert stopped.value.code == 0
    assert "Planificateur hôte:1 : élu" in capsys.readouterr().err


def test_a_command_s_refusal_reads_erreur_not_error(production, capsys, tmp_path):
    from app.database import upgrade_database
    from models.engine import make_engine

    url = f"sqlite:///{tmp_path / 'site.sqlite'}"
    _database(production, url)
    upgrade_database(make_engine(url))
    err = _said(capsys, lambda: main(["export", str(tmp_path / "absent" / "nuit.jsonl.gz")]))
    assert err.startswith("Erreur : Impossible d'écrire la sauvegarde")
    assert "Error" not in err
