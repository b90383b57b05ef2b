"""A whole number typed as « 12,5 » or « douze » gets one French sentence that says what was typed and what is
asked (walk of 6 December 2026: « N'est pas un entier valide. » — WTForms' words, without a subject — then the
range's message under it)."""

from __future__ import annotations

import inspect
import re

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from app.form_fields import FrenchForm, IdField, range_hint
from app.number_fields import WholeNumberField
from app.resources.forms import ResourceProfileForm
from app.visits.forms import HostProposalForm
from models import Role


@pytest.mark.parametrize(("cls", "name", "asked"), [
    (HostProposalForm, "visitors", "Indiquez un nombre de personnes entre 1 et 200."),
    (ResourceProfileForm, "yearly_capacity", "Indiquez un nombre de transferts de 0 à"),
])
@pytest.mark.parametrize("typed", ["12,5", "douze"])
def test_a_number_that_is_not_whole_is_one_french_sentence(app, cls, name, asked, typed):
    with app.test_request_context():
        form = cls(MultiDict({name: typed}), meta={"csrf": False})
        for field in form:
            if getattr(field, "choices", ()) is None:
                field.choices = []
        form.validate()
        errors = form[name].errors
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"« {typed} » n'est pas un nombre entier. {asked}"), errors


def test_a_whole_number_out_of_range_keeps_its_message(app):
    with app.test_request_context():
        form = HostProposalForm(MultiDict({"visitors": "0"}), meta={"csrf": False})
        form.validate()
        assert form.visitors.errors == ["Indiquez un nombre de personnes entre 1 et 200."]


def test_an_optional_whole_number_left_empty_is_still_optional(app):
    """Nothing typed is not « «  » n'est pas un nombre entier »: the batch run's optional maximum stays optional."""
    from app.transfers.forms import RunForm

    with app.test_request_context():
        form = RunForm(MultiDict({"min_score": "0,5", "max_per_person_per_region": ""}), meta={"csrf": False})
        form.validate()
        assert form.max_per_person_per_region.errors == []
        required = HostProposalForm(MultiDict({"visitors": ""}), meta={"csrf": False})
        required.validate()
        assert required.visitors.errors == ["Indiquez combien de personnes le pôle peut accueillir."]


def test_every_whole_number_of_every_form_is_a_text_box_read_the_french_way():
    """No ``IntegerField`` left as ``<input type="number">`` (Chromium in French sent « 12,5 » as 125): every one
    is a ``WholeNumberField`` (or an id)."""
    from tests.app.test_form_fields import FORMS

    plain = [(cls.__name__, name) for cls in FORMS
             for name, unbound in inspect.getmembers(cls, lambda m: hasattr(m, "field_class"))
             if issubclass(unbound.field_class, IntegerField)
             and not issubclass(unbound.field_class, WholeNumberField | IdField)]
    assert plain == []


def _capacity_form(data: dict | None = None) -> FrenchForm:
    class Form(FrenchForm):
        places = WholeNumberField("Nombre de places", default=50, validators=[
            InputRequired("Indiquez le nombre de places."), NumberRange(min=1, max=5000, message="De 1 à 5 000 places.")])

    return Form(MultiDict(data) if data is not None else None, meta={"csrf": False})


def test_a_whole_number_is_typed_in_a_numeric_text_box_without_browser_limits(app):
    with app.test_request_context():
        box = str(_capacity_form().places())
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'value="50"' in box
    assert 'type="number"' not in box and "min=" not in box and "max=" not in box and "step=" not in box


@pytest.mark.parametrize("typed", ["1 000", "1\u00a0000", "1\u202f000", " 1000 ", "1 000 "])
def test_spaces_between_thousands_are_read(app, typed):
    with app.test_request_context():
        form = _capacity_form({"places": typed})
        assert form.validate(), form.errors
        assert form.places.data == 1000
        assert f'value="{typed}"' in str(form.places())  # shown back as typed


@pytest.mark.parametrize("typed", ["12 5", "1 0000", "12,5", "1.000"])
def test_other_spaces_and_separators_are_not_guessed(app, typed):
    """« 12 5 » is a typo, not 125; « 1.000 » is not a French thousand (nor « 1 »): each is said back."""
    with app.test_request_context():
        form = _capacity_form({"places": typed})
        assert not form.validate()
        assert form.places.errors == [f"« {typed} » n'est pas un nombre entier. De 1 à 5 000 places."]
        assert form.places.data is None


def test_the_range_is_said_under_the_box_and_read_with_it(app, client, login, make_user):
    """The browser no longer knows min and max: the hint under the field says them, tied by aria-describedby."""
    with app.test_request_context():
        assert range_hint(_capacity_form().places) == "Un nombre entier de 1 à 5\u202f000."
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/agenda/nouvelle").get_data(as_text=True)
    assert '<p class="hint" id="capacity-aide">Un nombre entier de 1 à 5\u202f000.</p>' in page
    box = re.search(r'<input[^>]*id="capacity"[^>]*>', page).group(0)
    assert 'aria-describedby="capacity-aide"' in box and 'inputmode="numeric"' in box


def test_a_year_and_a_range_already_in_the_hint_are_not_said_twice(app):
    from app.eligibility.forms import EligibilityForm

    with app.test_request_context():
        assert range_hint(ResourceProfileForm(meta={"csrf": False}).yearly_capacity) is None  # « De 0 à 12… »
        assert range_hint(EligibilityForm(meta={"csrf": False}).ami_year) is None  # not « de 2 013 à 2 100 »
        assert range_hint(HostProposalForm(meta={"csrf": False}).visitors) == "Un nombre entier de 1 à 200."
