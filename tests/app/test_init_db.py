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


def _init_db(monkeypatch, url: str, capsys) -> tuple[int, str]:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(config.Config, "DATABASE_URL", url)
    with pytest.raises(SystemExit) as done:
        main(["init-db"])
    said = capsys.readouterr()
    return done.value.code, said.out + said.err


def test_a_migration_that_refuses_says_why_in_one_french_line(monkeypatch, tmp_path, capsys):
    """0038 finds « Avise » and « avise »: one sentence, no 49-line English traceback, the base where it was."""
    engine = make_engine(f"sqlite:///{tmp_path / 'site.sqlite'}")
    upgrade_database(engine, to="0037_accompaniment_key")
    with engine.begin() as connection:
        for name in ("Avise", "avise"):
            connection.exec_driver_sql(f"INSERT INTO organisations (kind, name, created_at) "
                                       f"VALUES ('other', '{name}', CURRENT_TIMESTAMP)")
    code, said = _init_db(monkeypatch, str(engine.url), capsys)
    assert code == 1
    assert said.strip() == ("Erreur : Mise à jour du schéma arrêtée, la base reste à la migration "
                            "0037_accompaniment_key : des organisations portent le même nom à la casse près (avise) : "
                            "renommez ou fusionnez-les avant cette mise à jour (la migration 0038 rend ce nom unique, "
                            "majuscules ou non).")
    engine.dispose()


def test_a_base_migrated_by_a_newer_version_is_named(monkeypatch, tmp_path, capsys):
    """Older code deployed on a base a newer version migrated: alembic's English « Can't locate revision »."""
    engine = make_engine(f"sqlite:///{tmp_path / 'site.sqlite'}")
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099_futur'")
    code, said = _init_db(monkeypatch, str(engine.url), capsys)
    assert code == 1
    assert said.startswith("Erreur : La base est à la migration 0099_futur, que cette version d'Entrepairs ne "
                           "connaît pas (une version plus récente l'a migrée)")
    assert "Traceback" not in said and "Can't locate" not in said
    engine.dispose()
