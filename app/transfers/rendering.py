"""The transfer's page rendered: its own views and the pair space's (after a form sent back unsaved) answer with it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from app.pair_space.opened_forms import GoneNotice, SentBack, pair_forms
from app.pair_space.page import pair_space_for
from app.transfers import pages
from app.transfers.blueprint import _me
from app.transfers.days import zone_label
from app.transfers.forms import DayForm, FeedbackForm, StepForm
from models import Pairing, utcnow


@dataclass(frozen=True)
class StepRefused:
    """A step of the transfer a rule refused, shown beside its button: which one (``to``, the status it asked), why,
    the note as typed, and whether the note is what was missing (then the error is tied to the note's field)."""

    to: str
    message: str
    note: str
    on_note: bool


def show_page(pairing: Pairing, sent_back: SentBack | None = None, gone: GoneNotice | None = None, *,
              day_form: DayForm | None = None, feedback_form: FeedbackForm | None = None,
              step_refused: StepRefused | None = None) -> str:
    """The transfer's page; after a pair form that was not saved (``sent_back``, an edit conflict), with that
    form as it was typed beside the notice; after one sent for an objective or day that is gone (``gone``), with
    the notice at the top of its section; after a day that could not be planned, ``day_form`` as typed with its
    errors; after feedback that could not be saved, ``feedback_form`` likewise; after a step refused, why
    beside that step's button (``step_refused``). Every other form starts from what is stored
    (``formdata=None``): the POST being answered is not theirs."""
    page = pages.transfer_page(pairing, _me())
    if feedback_form is None:
        feedback_form = FeedbackForm(formdata=None, obj=page.mine_feedback)
        if page.mine_feedback is not None:
            feedback_form.rating.data = str(page.mine_feedback.rating)
    space = pair_space_for(page.pairing, _me())
    return render_template("transfers/show.html", page=page, pairing=page.pairing, step_form=StepForm(formdata=None),
                           day_form=day_form or DayForm(formdata=None), feedback_form=feedback_form,
                           zone_label=zone_label, now=utcnow(), step_refused=step_refused,
                           pair_space=space, pair_forms=pair_forms(page.pairing, space, sent_back, gone))
