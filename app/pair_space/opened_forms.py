"""The pair's forms on the transfer page, each opened on what is stored; the one sent back unsaved (an edit
conflict, a refusal) as it was typed. The transfer page (``app.transfers.rendering``) asks for them."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.edit_stamps import EditConflict, StampedForm
from app.pair_space.forms import DayReportForm, MessageForm, ObjectivesForm, ObjectiveStatusForm
from app.pair_space.objectives import DAY_REPORT_EDIT, OBJECTIVE_STATUS_EDIT, OBJECTIVES_EDIT
from app.pair_space.page import PairSpace
from models import Pairing


@dataclass(frozen=True)
class SentBack:
    """A pair form that was not saved, because its thing changed meanwhile (``conflict``) or a rule refused what was
    typed (``refusal``): which one, as typed, and why. ``key`` is « objectives », « status-<objective id> »,
    « report-<day id> » or « message » (a conversation message, refused: never a conflict)."""

    key: str
    form: StampedForm | MessageForm
    conflict: EditConflict | None
    refusal: str | None = None
    #: The field the refusal concerns, as the service names it (« objective.1 », « done »), if one.
    field: str | None = None


@dataclass(frozen=True)
class GoneNotice:
    """A pair form sent for an objective or a day that is no longer there (``objectives.FormThingGone``): nothing
    was written; the page says so in that form's section (``section``: « objectifs » or « comptes-rendus »)."""

    section: str
    message: str


@dataclass(frozen=True)
class PairForms:
    objectives: ObjectivesForm | None = None
    statuses: dict[int, ObjectiveStatusForm] = field(default_factory=dict)
    reports: dict[int, DayReportForm] = field(default_factory=dict)
    sent_back: SentBack | None = None
    gone: GoneNotice | None = None

    def gone_in(self, section: str) -> str | None:
        """The message to show at the top of ``section`` when a form of it named something gone."""
        return self.gone.message if self.gone is not None and self.gone.section == section else None

    def conflict_for(self, key: str) -> EditConflict | None:
        """The notice to show beside the form ``key`` (none beside the others)."""
        return self.sent_back.conflict if self.sent_back is not None and self.sent_back.key == key else None

    def typed_message(self) -> str:
        """The conversation message sent back unsent, as typed (« » when none was)."""
        sent = self.sent_back
        return sent.form.body.data or "" if sent is not None and isinstance(sent.form, MessageForm) else ""

    def refused_field(self, key: str) -> str | None:
        """The field of the form ``key`` its refusal concerns (its error links there, it is marked invalid)."""
        return self.sent_back.field if self.sent_back is not None and self.sent_back.key == key else None

    def refusal_for(self, key: str) -> str | None:
        """Why the form ``key`` was not saved, when a rule refused what was typed (shown beside that form)."""
        return self.sent_back.refusal if self.sent_back is not None and self.sent_back.key == key else None


def pair_forms(pairing: Pairing, space: PairSpace, sent_back: SentBack | None = None,
               gone: GoneNotice | None = None) -> PairForms:
    """The pair's forms, each opened now on what is stored; the one ``sent_back`` as it was typed.

    The others are built with ``formdata=None``: the request being answered may be the POST of another form,
    whose values must not fill them."""
    if not space.is_pair:
        return PairForms(gone=gone)

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
    return PairForms(objectives=objectives, statuses=statuses, reports=reports, sent_back=sent_back, gone=gone)
