"""Alembic migrations build exactly the schema the models describe, and go back down."""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.database import alembic_config, upgrade_database
from models import Base
from models.base import in_schema_of
from models.engine import make_engine

on_postgresql = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                   reason="PostgreSQL only (TEST_DATABASE_URL)")


def _schema_diff(engine) -> list:
    """What the models describe that the migrated database lacks, or the other way round; the objects a model
    makes only for another database (``ddl_if``) skipped, as migrations/env.py does."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": in_schema_of(conn.dialect.name)})
        return compare_metadata(context, Base.metadata)


#: The only expression index (models.organisation), PostgreSQL's only: alembic warns that SQLite cannot reflect it
#: before it reads that SQLite does not have it (``in_schema_of``); the PostgreSQL test compares it.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index "
                            "'uq_organisations_name_ci'")
def test_migrations_match_models(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade_database(engine)
    assert _schema_diff(engine) == []


@pytest.mark.postgres
@on_postgresql
def test_migrations_match_models_on_postgresql(migrated_engine):
    """The same on PostgreSQL, where the outbox's prefix index exists (migrations 0035, ``prefix_index``)."""
    assert _schema_diff(migrated_engine) == []


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
