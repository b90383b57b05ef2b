"""Alembic migrations build exactly the schema the models describe, and go back down."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.database import alembic_config, upgrade_database
from models import Base
from models.engine import make_engine


def test_migrations_match_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade_database(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrations_downgrade_to_base(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade_database(engine)
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    with engine.connect() as conn:
        tables = set(conn.dialect.get_table_names(conn)) - {"alembic_version"}
    assert tables == set()


def test_migration_files_are_numbered_in_chain_order():
    """File names follow the chain (each file's down_revision is the previous file's revision), one head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    chain = list(reversed(list(script.walk_revisions())))  # base first
    files = [rev.path.rsplit("/", 1)[-1] for rev in chain]
    assert files == sorted(files)
    assert [name[:4] for name in files] == [f"{n:04d}" for n in range(1, len(files) + 1)]
