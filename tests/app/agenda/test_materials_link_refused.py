"""A materials link that is not a web address comes back beside its field, as typed (walk of the organisers: the
page redirected with a banner at its top, and the field, further down, was empty)."""

from __future__ import annotations

import html

import pytest

from models import CollectiveSession
from tests.app.edit_forms import open_form

pytestmark = pytest.mark.web


def test_a_materials_link_that_is_not_an_address_keeps_what_was_typed(client, db, login, organiser, publish):
    session = publish()
    login(organiser)
    url = f"/agenda/{session.id}"
    data = open_form(client, url)
    data["materials_url"] = ["replay sur le drive"]
    response = client.post(f"/organisation/agenda/{session.id}/supports", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Le formulaire contient une erreur" in page and "Indiquez une adresse web complète" in page
    assert 'value="replay sur le drive"' in page[page.index('id="materials_url"') - 200:]
    db.expire_all()
    assert db.get(CollectiveSession, session.id).materials_url is None
