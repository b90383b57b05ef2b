"""Forms of the Juri-PTCE pages."""

from __future__ import annotations

from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from app.form_fields import FrenchForm, IdField, TextLength
from app.legal.bookings import REASON_MAX_CHARS

QUESTION_VALIDATORS = [
    InputRequired("Écrivez votre question juridique."),
    TextLength(4000, least=15, too_short="La question doit faire au moins 15 caractères."),
]


class QuestionForm(FrenchForm):
    question = TextAreaField("Votre question juridique", validators=QUESTION_VALIDATORS)


class BookingForm(FrenchForm):
    """Book a slot, or join its waitlist; ``idempotency_key`` makes a double click book once."""

    slot_id = IdField(widget=HiddenInput(), validators=[InputRequired("Créneau manquant.")])
    # The question typed in the text area, carried hidden: a text area's field (``FrenchForm`` lets its line
    # breaks and tabs through, one character per line break), not a one-line hidden field that refuses them.
    question = TextAreaField(widget=HiddenInput(), validators=QUESTION_VALIDATORS)
    idempotency_key = HiddenField(validators=[InputRequired("Formulaire incomplet : rechargez la page."),
                                              Length(min=16, max=64)])


class RescheduleForm(FrenchForm):
    slot_id = IdField(widget=HiddenInput(), validators=[InputRequired("Choisissez un créneau.")])


class CancelForm(FrenchForm):
    """Cancel a booking after confirming; the optional reason goes to the lawyer."""

    reason = TextAreaField("Motif, transmis à l'avocat·e (facultatif)",
                           validators=[Optional(), TextLength(REASON_MAX_CHARS)])


class CloseForm(FrenchForm):
    """Close a slot or an afternoon; the reason (required by the service when someone booked) goes to the pole."""

    reason = TextAreaField("Motif, transmis au pôle qui a réservé",
                           validators=[Optional(), TextLength(REASON_MAX_CHARS)])

    def require_reason(self, required: bool) -> None:
        """Mark the reason required (mark, ``aria-required``) exactly when the service will ask it
        (``closing.reason_required``); the service, not the form, refuses a closing without it."""
        self.reason.flags.required = required
