"""Many-to-many link tables (themes and départements of poles, needs and offers)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Table

from models.base import Base

pole_themes = Table(
    "pole_themes",
    Base.metadata,
    Column("pole_id", ForeignKey("poles.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_code", ForeignKey("themes.code"), primary_key=True),
)

pole_departements = Table(
    "pole_departements",
    Base.metadata,
    Column("pole_id", ForeignKey("poles.id", ondelete="CASCADE"), primary_key=True),
    Column("departement_code", ForeignKey("departements.code"), primary_key=True),
)

need_themes = Table(
    "need_themes",
    Base.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_code", ForeignKey("themes.code"), primary_key=True),
)

offer_themes = Table(
    "offer_themes",
    Base.metadata,
    Column("offer_id", ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_code", ForeignKey("themes.code"), primary_key=True),
)
