"""``entrepairs init-db`` tells the operator what it did to the schema: created, brought from one migration to
another, or left as it was."""

from __future__ import annotations

import pytest
from alembic import command

import config
from app.cli import main
from app.database import alembic_config, upgrade_database
from models.engine import make_engine


def _head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_init_db_says_it_created_the_schema_then_that_it_is_up_to_date(monkeypatch, tmp_path, capsys):
    # Before: « Base à jour » every time, on an empty base as on one already migrated.
    url = f"sqlite:///{tmp_path / 'site.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(config.Config, "DATABASE_URL", url)
    said = []
    for _ in range(2):
        with pytest.raises(SystemExit) as done:
            main(["init-db"])
        assert done.value.code == 0
        said.append(capsys.readouterr().out.strip())
    head = _head()
    assert said[0].startswith(f"Schéma créé jusqu'à la migration {head}. ")
    assert said[1].startswith(f"Schéma déjà à jour (migration {head}). ")
    assert said[1].endswith("\u00a0lignes de référence à jour (thèmes, régions, départements).")


def test_an_upgrade_names_the_migration_the_base_was_at(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'site.sqlite'}")
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0030_host_proposal_keys")
    assert upgrade_database(engine) == ("0030_host_proposal_keys", _head())
    assert upgrade_database(engine) == (_head(), _head())
    engine.dispose()
