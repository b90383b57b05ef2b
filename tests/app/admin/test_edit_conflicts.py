"""Two administrators change the same account at once: the second save does not silently overwrite the first."""

from __future__ import annotations

import html

import pytest

from models import Role, User
from tests.app.edit_forms import NOT_SAVED, duplicate_ids, open_form, renewed, signed_in

pytestmark = pytest.mark.web


def test_two_admins_changing_the_same_account_keep_the_first_save(app, as_admin, db, make_user, cra_bretagne,
                                                                  avise):
    person = make_user(Role.ORGANISER, name="Paul Personne")
    other = signed_in(app, make_user(Role.ADMIN, name="Bérénice Admin"))
    url = f"/admin/comptes/{person.id}"
    mine, theirs = open_form(as_admin, url), open_form(other, url)

    theirs["organisation"] = [str(cra_bretagne.id)]
    assert other.post(url, data=theirs).status_code == 302

    mine["organisation"] = [str(avise.id)]
    response = as_admin.post(url, data=mine)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Ce compte a été modifié par Bérénice Admin le " in page
    assert NOT_SAVED in page
    assert "<dt>Organisation</dt>\n          <dd>CRA Bretagne</dd>" in page and "<dd>Bretagne</dd>" in page
    assert "<dt>Rôle</dt>\n          <dd>" not in page  # only what changed meanwhile is listed
    assert f'<option selected value="{avise.id}">Avise</option>' in page  # what she chose is kept in the form
    assert "opened_on" not in duplicate_ids(page)  # (the page has two csrf_token ids before this change)
    db.expire_all()
    stored = db.get(User, person.id)
    assert stored.organisation_id == cra_bretagne.id and stored.region_code == "53"

    mine["opened_on"] = [renewed(page)]  # sending again after reading the current version saves hers
    assert as_admin.post(url, data=mine).status_code == 302
    db.expire_all()
    assert db.get(User, person.id).organisation_id == avise.id


def test_the_same_admin_in_two_windows_is_told_so(as_admin, db, make_user, avise):
    person = make_user(Role.ORGANISER, name="Paul Personne")
    url = f"/admin/comptes/{person.id}"
    first, second = open_form(as_admin, url), open_form(as_admin, url)
    first["role"] = ["lawyer"]
    assert as_admin.post(url, data=first).status_code == 302
    second["organisation"] = [str(avise.id)]
    page = html.unescape(as_admin.post(url, data=second).get_data(as_text=True))
    assert "Ce compte a été modifié par vous-même, dans une autre fenêtre, le " in page
    db.expire_all()
    assert db.get(User, person.id).organisation_id is None

