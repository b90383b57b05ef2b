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


def test_a_cancelled_session_has_no_replay_to_share(client, db, login, organiser, publish):
    """Walk of 7 December 2026: a session cancelled still offered « Lien du replay ou des supports » to its team."""
    from app.agenda import cancellation, services

    session = publish()
    login(organiser)
    data_before = open_form(client, f"/agenda/{session.id}")
    cancellation.cancel(session=session, organiser=organiser)
    page = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))
    assert "Cette session est annulée" in page and 'id="materials_url"' not in page
    data_before["materials_url"] = ["https://replay.example.org/1"]
    response = client.post(f"/organisation/agenda/{session.id}/supports", data=data_before, follow_redirects=True)
    assert "elle n'a ni replay ni supports à partager" in html.unescape(response.get_data(as_text=True))
    db.expire_all()
    assert db.get(CollectiveSession, session.id).materials_url is None
    with pytest.raises(services.AgendaRefused, match="annulée"):
        services.set_materials(session=db.get(CollectiveSession, session.id), organiser=organiser,
                               url="https://replay.example.org/1")
