"""The pair's edit forms on the transfer page: the objectives, each objective's status, each day's report.

Both sides of the pair (the pole's facilitators, the resource person) save them: each carries what it was
opened on (``app/edit_stamps.py``). The rules of what they hold stay in ``objectives.py``; these forms only
carry the input (the site-wide CSRF protection checks their token).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wtforms import Field, StringField, TextAreaField

from app.edit_stamps import EditConflict, StampedForm
from app.form_fields import FrenchForm
from app.pair_space.objectives import DAY_REPORT_EDIT, OBJECTIVE_STATUS_EDIT, OBJECTIVES_EDIT
from app.pair_space.page import PairSpace
from models import Pairing


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


@dataclass(frozen=True)
class SentBack:
    """A pair form that was not saved because its thing changed meanwhile: which one, as typed, and why.
    ``key`` is « objectives », « status-<objective id> » or « report-<day id> »."""

    key: str
    form: StampedForm
    conflict: EditConflict


@dataclass(frozen=True)
class PairForms:
    objectives: ObjectivesForm | None = None
    statuses: dict[int, ObjectiveStatusForm] = field(default_factory=dict)
    reports: dict[int, DayReportForm] = field(default_factory=dict)
    sent_back: SentBack | None = None

    def conflict_for(self, key: str) -> EditConflict | None:
        """The notice to show beside the form ``key`` (none beside the others)."""
        return self.sent_back.conflict if self.sent_back is not None and self.sent_back.key == key else None


def pair_forms(pairing: Pairing, space: PairSpace, sent_back: SentBack | None = None) -> PairForms:
    """The pair's forms, each opened now on what is stored; the one ``sent_back`` as it was typed.

    The others are built with ``formdata=None``: the request being answered may be the POST of another form,
    whose values must not fill them."""
    if not space.is_pair:
        return PairForms()

    def opened(key: str, form: StampedForm, editable, thing) -> StampedForm:  # noqa: ANN001 - Editable, its thing
        if sent_back is not None and sent_back.key == key:
            return sent_back.form
        form.open_on(editable, thing)
        return form

    objectives = opened("objectives", ObjectivesForm(formdata=None, objective=[o.text for o in space.objectives]),
                        OBJECTIVES_EDIT, pairing) if space.can_set_objectives else None
    statuses = {o.id: opened(f"status-{o.id}", ObjectiveStatusForm(formdata=None, obj=o), OBJECTIVE_STATUS_EDIT, o)
                for o in space.objectives}
    reports = {d.id: opened(f"report-{d.id}", DayReportForm(formdata=None, done=d.report_done, next_step=d.report_next),
                            DAY_REPORT_EDIT, d) for d in space.reportable_days}
    return PairForms(objectives=objectives, statuses=statuses, reports=reports, sent_back=sent_back)
