"""A choice sent as spaces (a script, a hand-made request) is no choice, on every single-choice field of every form:
``Optional`` clears the « unknown choice » error of a blank value, so the spaces reached the view as the value
chosen (``CharterVersion("   ")`` in the eligibility form: a 500)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, SelectMultipleField

from models import Role
from tests.app.test_form_fields import FORMS, _build


@pytest.mark.parametrize("cls", FORMS, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_a_choice_of_spaces_is_no_choice(app, cls):
    with app.test_request_context():
        names = [f.name for f in _build(cls, MultiDict()) if isinstance(f, SelectField)
                 and not isinstance(f, SelectMultipleField)]
        form = _build(cls, MultiDict({name: "   " for name in names}))
        form.validate()
        for name in names:
            field = form[name]
            assert field.errors or field.data in ("", None) or field.data in [v for v, *_ in field.iter_choices()], \
                (cls.__name__, name, field.data)


def test_eligibility_sent_with_spaces_for_its_choices_records_no_signature(client, login, make_user, make_pole, db):
    from models import PoleEligibility
    from tests.conftest import extract_csrf

    pole = make_pole()
    login(make_user(Role.ADMIN))
    url = f"/poles/{pole.id}/eligibilite"
    page = client.get(url).get_data(as_text=True)
    opened = page.split('name="opened_on"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    response = client.post(url, data={"csrf_token": extract_csrf(page), "opened_on": opened,
                                      "charter_version": "   ", "ami_phase": "   "})
    assert response.status_code == 302
    record = db.query(PoleEligibility).one()
    assert record.charter_version is None and record.ami_phase is None


@pytest.mark.parametrize("render_kw", [None, {"class": "case"}])
def test_boxes_written_at_once_read_as_wtforms_writes_them(app, render_kw):
    """``MultiCheckboxField.boxes`` (the attendance sheet's 400 boxes without a WTForms field per box) gives each
    box's input and label exactly as ``{{ option() }} {{ option.label }}``: ticked or not, names escaped; with
    attributes of its own the field goes through WTForms."""
    from app.form_fields import FrenchForm, MultiCheckboxField

    class Sheet(FrenchForm):
        present = MultiCheckboxField("Présent·es", render_kw=render_kw)

    with app.test_request_context():
        form = Sheet(formdata=None, meta={"csrf": False})
        form.present.choices = [("1", "Anne <Dupré> & « Pôle »"), ("2", 'Jo "Lé"'), ("30", "")]
        form.present.data = ["2", "30"]
        boxes = form.present.boxes()
        assert [(b.value, b.checked, str(b.html)) for b in boxes] == [
            (str(o.data), o.checked, f"{o()} {o.label}") for o in form.present]
        assert [b.checked for b in boxes] == [False, True, True]
        assert str(boxes[0].html).startswith('<input id="present-0" name="present" type="checkbox" value="1"') \
            if render_kw is None else 'class="case"' in str(boxes[0].html)
