"""Form fields and choice lists shared by several areas."""

from __future__ import annotations

from sqlalchemy import select
from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from app.extensions import db
from models import Departement, Region, Theme


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


def complete_web_address(value: str | None) -> str | None:
    """A web address typed without its scheme is completed, not refused: « coteaux.org » → « https://coteaux.org ».

    A WTForms filter: runs before the validators, which still refuse what is not an address.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.startswith("//"):
        return "https:" + text
    if "://" not in text:
        return "https://" + text
    scheme, rest = text.split("://", 1)
    return f"{scheme.lower()}://{rest}"


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
