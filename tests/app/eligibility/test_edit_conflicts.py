"""Two organisers record the same pole's eligibility at once: the second save does not silently overwrite the first."""

from __future__ import annotations

import html

import pytest

from models import CharterVersion, Pole, Role
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, open_form, renewed, signed_in

pytestmark = pytest.mark.web


def test_avise_and_the_cra_recording_the_same_pole_keep_the_first_save(app, client, login, make_user, make_pole,
                                                                      db):
    pole = make_pole("Pôle des Coteaux", region_code="76")
    login(make_user(Role.ORGANISER, name="Agnès Avise"))
    cra = signed_in(app, make_user(Role.ORGANISER, region_code="76", name="Claire Cra"))
    url = f"/poles/{pole.id}/eligibilite"
    mine, theirs = open_form(client, url), open_form(cra, url)  # no record yet: the first writing is checked too

    theirs["charter_version"], theirs["charter_signed_on"] = ["2021"], ["2023-06-15"]
    assert cra.post(url, data=theirs).status_code == 302

    mine["ami_phase"], mine["ami_year"] = ["1"], ["2022"]
    response = client.post(url, data=mine)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "L'éligibilité de ce pôle a été modifiée par Claire Cra le " in page
    assert NOT_SAVED in page
    assert "<dt>Charte des PTCE</dt>" in page and "<dd>Signataire — charte actualisée en 2021</dd>" in page
    assert "<dd>15\u00a0juin 2023</dd>" in page
    assert "<dt>AMI PTCE</dt>" not in page  # only what changed meanwhile is listed
    assert 'value="2022"' in page and '<input checked id="ami_phase-1"' in page  # what she chose is kept in the form
    assert duplicate_ids(page) == []
    db.expire_all()
    record = db.get(Pole, pole.id).eligibility
    assert record.charter_version is CharterVersion.V2021 and record.ami_phase is None and record.ami_year is None

    mine["opened_on"] = [renewed(page)]  # sending again after reading the current version saves hers
    assert client.post(url, data=mine).status_code == 302
    db.expire_all()
    assert db.get(Pole, pole.id).eligibility.ami_phase == 1


def test_an_import_meanwhile_is_not_overwritten_either(client, login, make_user, make_pole, db):
    from app.eligibility.services import signatory_from_official_list

    pole = make_pole("Pôle des Coteaux")
    login(make_user(Role.ORGANISER, name="Agnès Avise"))
    url = f"/poles/{pole.id}/eligibilite"
    mine = open_form(client, url)
    signatory_from_official_list(db.get(Pole, pole.id))  # the 2014 list imported while the form is open
    db.commit()
    mine["ami_phase"] = ["1"]
    page = html.unescape(client.post(url, data=mine).get_data(as_text=True))
    assert "L'éligibilité de ce pôle a été modifiée le " in page
    assert "<dd>Signataire — charte de 2014</dd>" in page
    db.expire_all()
    assert db.get(Pole, pole.id).eligibility.ami_phase is None

