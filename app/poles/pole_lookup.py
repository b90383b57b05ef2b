"""A pole named by typing (words of its name or region, or its number) among those a form may name: the visit's
host (``app.visits.host_lookup``), a resource person's own pole (``app.resources.forms``). Read by
``app.typed_lookup``; each form says it in its own words (``Sayings``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from app.extensions import db
from app.typed_lookup import Found, Row, Sayings, find_one
from app.typography import alphabetical
from models import Pole, Region


def find_pole(typed: str, *, among: ColumnElement[bool], say: Sayings, chosen: str | None = None) -> Found:
    """The pole ``typed`` names among those ``among`` (an SQL condition on ``Pole``) keeps, by name order."""

    def known(pole_id: int) -> bool:
        return db.session.scalar(select(Pole.id).where(Pole.id == pole_id, among)) is not None

    def rows() -> list[Row]:
        found = db.session.execute(select(Pole.id, Pole.name, Region.name.label("region")).join(Pole.region)
                                   .where(among))
        return sorted((Row(id=r.id, label=f"{r.name} ({r.region})", first=(r.name,), also=(r.region,))
                       for r in found), key=lambda row: alphabetical(row.first[0]))

    return find_one(typed, known=known, rows=rows, say=say, chosen=chosen)
