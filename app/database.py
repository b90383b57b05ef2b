"""Schema migrations (Alembic) and reference data seeding."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
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


def upgrade_database(engine: Engine) -> None:
    """Bring the schema to the latest migration."""
    cfg = alembic_config(str(engine.url))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def seed_reference_data(session: Session) -> int:
    """Insert or update themes, regions and départements; returns rows touched."""
    touched = 0
    existing_themes = {t.code: t for t in session.scalars(select(Theme))}
    for row in refdata.themes():
        theme = existing_themes.get(row.code) or Theme(code=row.code)
        theme.family, theme.label = row.family, row.label
        session.add(theme)
        touched += 1
    existing_regions = {r.code: r for r in session.scalars(select(Region))}
    for row in refdata.regions():
        region = existing_regions.get(row.code) or Region(code=row.code)
        region.name, region.timezone = row.name, row.timezone
        session.add(region)
        touched += 1
    session.flush()
    existing_deps = {d.code: d for d in session.scalars(select(Departement))}
    for row in refdata.departements():
        dep = existing_deps.get(row.code) or Departement(code=row.code)
        dep.name, dep.region_code = row.name, row.region_code
        dep.latitude, dep.longitude = row.latitude, row.longitude
        session.add(dep)
        touched += 1
    session.commit()
    return touched
