"""The pair's edit forms on the transfer page: the objectives, each objective's status, each day's report.

Both sides of the pair (the pole's facilitators, the resource person) save them: each carries what it was
opened on (``app/edit_stamps.py``). The rules of what they hold stay in ``objectives.py``; these forms only
carry the input (the site-wide CSRF protection checks their token).
"""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import Field, StringField, TextAreaField

from app.edit_stamps import StampedForm
from app.form_fields import FrenchForm


class TextList(Field):
    """Several inputs of one name (the objectives' lines), their values in order; the template draws them."""

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        self.data = list(valuelist)


class ObjectivesForm(StampedForm, FrenchForm):
    objective = TextList()


class ObjectiveStatusForm(StampedForm, FrenchForm):
    status = StringField()


class DayReportForm(StampedForm, FrenchForm):
    done = TextAreaField()
    next_step = TextAreaField()


class MessageForm(FrenchForm):
    """A conversation message sent back unsent (a rule refused it): what was typed, shown again in the form."""

    body = TextAreaField()
