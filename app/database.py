"""Schema migrations (Alembic) and reference data seeding."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app import refdata
from models import Departement, Region, Theme

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade_database(engine: Engine, to: str = "head") -> tuple[str | None, str | None]:
    """Bring the schema to the latest migration (or ``to``); the revisions before (None: an empty base) and after."""
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, to)
        return before, MigrationContext.configure(connection).get_current_revision()


def _migrations() -> ScriptDirectory:
    """The migrations of this version of the code (no database needed to list them)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def known_revisions() -> set[str]:
    """Every migration this version of the code has (a backup from a newer version names one it lacks)."""
    return {script.revision for script in _migrations().walk_revisions()}


def head_revision() -> str:
    return _migrations().get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def refused_upgrade(error: CommandError, engine: Engine) -> str:
    """The operator's sentence for a migration that stopped (a migration refuses with alembic's ``CommandError``,
    its French reason as message) or a base at a migration this code does not have (older code deployed)."""
    try:
        at = current_revision(engine)
    except Exception:  # noqa: BLE001 - the sentence is what matters
        at = None
    if at is not None and at not in known_revisions():
        return (f"La base est à la migration {at}, que cette version d'Entrepairs ne connaît pas (une version plus "
                "récente l'a migrée) : déployez cette version-là, ou défaites d'abord ses migrations avec elle "
                "(alembic downgrade, voir « Mise à jour » dans le README).")
    return f"Mise à jour du schéma arrêtée, la base reste à la migration {at or '(aucune)'} : {error}"


def schema_news(before: str | None, after: str | None) -> str:
    """What ``upgrade_database`` did, for the operator: « Schéma créé … », « … mis à jour … » or « déjà à jour »."""
    if before is None:
        return f"Schéma créé jusqu'à la migration {after}."
    if before != after:
        return f"Schéma mis à jour : migration {before} → {after}."
    return f"Schéma déjà à jour (migration {after})."


def _upsert(session: Session, model: type, rows: Iterable[Any], fields: tuple[str, ...]) -> int:
    """Insert or update one ``model`` row per reference row, matched by ``code``, copying ``fields``
    (named alike on both); returns how many rows were touched."""
    existing = {item.code: item for item in session.scalars(select(model))}
    touched = 0
    for row in rows:
        item = existing.get(row.code) or model(code=row.code)
        for name in fields:
            setattr(item, name, getattr(row, name))
        session.add(item)
        touched += 1
    return touched


def seed_reference_data(session: Session) -> int:
    """Insert or update themes, regions and départements; returns rows touched."""
    touched = _upsert(session, Theme, refdata.themes(), ("family", "label"))
    touched += _upsert(session, Region, refdata.regions(), ("name", "timezone"))
    session.flush()
    touched += _upsert(session, Departement, refdata.departements(),
                       ("name", "region_code", "latitude", "longitude"))
    session.commit()
    return touched
