"""Form fields and choice lists shared by several areas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, SelectChoice, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from app.extensions import db
from app.ids import parse_id
from models import Departement, Region, Theme

UNKNOWN_ID = "Ce numéro n'existe pas."


class FrenchForm(FlaskForm):
    """Base form: WTForms' own messages in French (its bundled translations)."""

    class Meta:
        locales = ["fr_FR", "fr"]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; unknown submitted values are a validation error, not a crash."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form: object) -> None:
        valid = {str(value) for value, *_ in self.iter_choices()} if self.choices else set()
        unknown = [value for value in (self.data or []) if str(value) not in valid]
        if unknown:
            raise ValidationError("Choix inconnu : " + ", ".join(str(v)[:40] for v in unknown[:3]))


class IdField(IntegerField):
    """An id (hidden or typed): a positive integer in the database's range, else a French error and ``None``.

    ``IdField(widget=HiddenInput())`` for hidden ids.
    """

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        self.data = parse_id(valuelist[0])
        if self.data is None:
            raise ValueError(UNKNOWN_ID)


def as_choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def theme_choices() -> list[SelectChoice]:
    themes = db.session.scalars(select(Theme).order_by(Theme.family, Theme.label))
    return as_choices((t.code, t.label) for t in themes)


def region_choices(blank: str | None = None) -> list[SelectChoice]:
    pairs = [(r.code, r.name) for r in db.session.scalars(select(Region).order_by(Region.name))]
    return as_choices(([("", blank)] + pairs) if blank is not None else pairs)


def departement_choices() -> list[SelectChoice]:
    departements = db.session.scalars(select(Departement).order_by(Departement.code))
    return as_choices((d.code, f"{d.name} ({d.code})") for d in departements)


def themes_by_codes(codes: list[str]) -> list[Theme]:
    if not codes:
        return []
    return list(db.session.scalars(select(Theme).where(Theme.code.in_(codes)).order_by(Theme.code)))
