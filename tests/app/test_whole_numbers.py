"""A whole number typed as « 12,5 » or « douze » gets one French sentence that says what was typed and what is
asked (walk of 6 December 2026: « N'est pas un entier valide. » — WTForms' words, without a subject — then the
range's message under it)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from app.resources.forms import ResourceProfileForm
from app.visits.forms import HostProposalForm


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
