"""Alembic migrations build exactly the schema the models describe, and go back down."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.database import alembic_config, upgrade_database
from models import Base
from models.session import make_engine


def test_migrations_match_models(tmp_path):  # noqa: ANN001
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade_database(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migrations_downgrade_to_base(tmp_path):  # noqa: ANN001
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade_database(engine)
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    with engine.connect() as conn:
        tables = set(conn.dialect.get_table_names(conn)) - {"alembic_version"}
    assert tables == set()
