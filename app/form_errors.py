"""A form's error summary (macro ``errors_summary``, templates/macros/forms.html): one line per error, in the order
of the page, each naming its field and linked to what takes the focus."""

from __future__ import annotations

from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import Field, FieldList, FormField, widgets

from app.typography import NBSP, after_colon

EXPIRED_MESSAGE = "Le formulaire a expiré : rechargez la page et réessayez."


@dataclass(frozen=True)
class ErrorItem:
    """One line of a form's error summary: the field it links to (its id), what it names, the message."""

    target: str | None
    label: str | None
    message: str

    @property
    def text(self) -> str:
        """« Créneau 1 : la fin doit suivre le début. », « Titre : entre 5 et 200 caractères. » (no-break space
        before the colon)."""
        return f"{self.label}{NBSP}: {after_colon(self.message)}" if self.label else self.message


def error_items(form: FlaskForm) -> list[ErrorItem]:
    """Every error of ``form`` for its summary, in the order of the page: the whole form's, then each
    field's; a list of sub-forms gives one line per error of an entry (« Créneau 2 : … »), never a dict."""
    items = [ErrorItem(None, None, message) for message in getattr(form, "form_errors", ())]
    for field in form:
        items.extend(_field_items(field))
    return items


def _field_items(field: Field, label: str | None = None) -> list[ErrorItem]:
    """The summary's lines of ``field``, each linked to what takes the focus: the input, or the first choice of
    a group of radio buttons or checkboxes (the list holding them has no focus to take), or the choice its form
    named as the one at fault (``field.error_target``: a département of another region)."""
    if field.short_name == "csrf_token":
        return [ErrorItem(None, None, EXPIRED_MESSAGE)] if field.errors else []
    label = label or field.label.text.strip().rstrip(".")
    if isinstance(field, FormField):
        return [item for sub in field.form for item in _field_items(sub, label)]
    if isinstance(field, FieldList):
        own = [ErrorItem(_first_id(field), label, e) for e in field.errors if isinstance(e, str)]
        return own + [item for number, entry in enumerate(field.entries, 1)
                      for item in _field_items(entry, _entry_name(entry, number))]
    target = getattr(field, "error_target", None) or (
        f"{field.id}-0" if isinstance(field.widget, widgets.ListWidget) else field.id)
    return [ErrorItem(target, label, e) for e in field.errors if isinstance(e, str)]


def _entry_name(entry: Field, number: int) -> str:
    """What the summary calls an entry of a list: the name its page gave it, else its label and number."""
    return getattr(getattr(entry, "form", None), "entry_name", None) or f"{entry.label.text.strip()} {number}"


def _first_id(field: Field) -> str:
    """The id of the first input inside ``field`` (a list's first entry, a sub-form's first field)."""
    while isinstance(field, FieldList | FormField):
        inner = field.entries[:1] if isinstance(field, FieldList) else list(field.form)[:1]
        if not inner:
            break
        field = inner[0]
    return field.id
