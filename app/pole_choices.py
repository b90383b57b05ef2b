"""The poles an organiser ticks among the whole network (those invited to a learning visit or a collective session):
checkboxes grouped by region, regions and poles in alphabetical order, so that a list of a few hundred stays readable
without JavaScript; templates/macros/pole_checkboxes.html writes them, static/js/pole_filter.js filters them."""

from __future__ import annotations

from itertools import groupby
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from app.access.scopes import pole_named_to
from app.extensions import db
from app.form_fields import Box, MultiCheckboxField
from app.typography import alphabetical
from models import Pole


class RegionBoxes(NamedTuple):
    """The boxes of one region's poles, under the region's name."""

    region: str
    boxes: list[Box]


def pole_choices(viewer: Any) -> list[SelectChoice]:
    """The poles ``viewer`` may name (``app.access.scopes.pole_named_to``: for an organiser, listed ones and the
    unlisted ones of the regions it sees), by region then name; each choice's group is its region."""
    poles = db.session.scalars(select(Pole).options(joinedload(Pole.region)).where(pole_named_to(viewer)))
    ordered = sorted(poles, key=lambda p: (alphabetical(p.region.name), alphabetical(p.name)))
    return [SelectChoice(str(p.id), p.name, optgroup=p.region.name) for p in ordered]


class PoleCheckboxField(MultiCheckboxField):
    """The poles to tick (choices from ``pole_choices``), written by region."""

    def region_groups(self) -> list[RegionBoxes]:
        """The boxes (``MultiCheckboxField.boxes``), one group per region, in the order of the choices."""
        regions = [choice.optgroup or "" for choice in self.choices or []]
        paired = zip(regions, self.boxes(), strict=True)
        return [RegionBoxes(region, [box for _, box in rows]) for region, rows in groupby(paired, key=lambda r: r[0])]
