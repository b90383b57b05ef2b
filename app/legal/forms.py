"""Forms of the Juri-PTCE pages."""

from __future__ import annotations

from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from app.form_fields import FrenchForm, IdField

QUESTION_VALIDATORS = [
    InputRequired("Écrivez votre question juridique."),
    Length(min=15, max=4000, message="La question doit faire entre 15 et 4 000 caractères."),
]


class QuestionForm(FrenchForm):
    question = TextAreaField("Votre question juridique", validators=QUESTION_VALIDATORS)


class BookingForm(FrenchForm):
    """Book a slot, or join its waitlist; ``idempotency_key`` makes a double click book once."""

    slot_id = IdField(widget=HiddenInput(), validators=[InputRequired("Créneau manquant.")])
    question = HiddenField(validators=QUESTION_VALIDATORS)
    idempotency_key = HiddenField(validators=[InputRequired("Formulaire incomplet : rechargez la page."),
                                              Length(min=16, max=64)])


class RescheduleForm(FrenchForm):
    slot_id = IdField(widget=HiddenInput(), validators=[InputRequired("Choisissez un créneau.")])


class CancelForm(FrenchForm):
    """Cancel a booking after confirming; the optional reason goes to the lawyer."""

    reason = TextAreaField("Motif, transmis à l'avocat·e (facultatif)",
                           validators=[Optional(), Length(max=1000, message="1 000 caractères au plus.")])
