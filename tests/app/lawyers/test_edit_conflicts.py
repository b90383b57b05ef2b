"""A lawyer's profile saved from two windows: the second save does not overwrite the first."""

from __future__ import annotations

import html

import pytest

from models import LawyerProfile
from tests.app.edit_forms import duplicate_ids, open_form

pytestmark = pytest.mark.web


def test_a_lawyer_profile_saved_in_two_windows_keeps_the_first_save(client, login, db, make_lawyer):
    lawyer = make_lawyer("statuts")
    login(lawyer.user)
    url = "/avocat/profil"
    first, second = open_form(client, url), open_form(client, url)
    assert duplicate_ids(client.get(url).get_data(as_text=True)) == []
    first["specialties"] = ["Statuts de SCIC et de coopératives, gouvernance partagée, pactes d'associés."]
    assert client.post(url, data=first).status_code == 302
    second["firm"] = ["Cabinet Lacoste"]
    page = html.unescape(client.post(url, data=second).get_data(as_text=True))
    assert "Votre profil a été modifié par vous-même, dans une autre fenêtre, le " in page
    assert "<dt>Vos spécialités</dt>" in page and 'value="Cabinet Lacoste"' in page
    db.expire_all()
    stored = db.get(LawyerProfile, lawyer.id)
    assert stored.firm is None and stored.specialties.startswith("Statuts de SCIC")
