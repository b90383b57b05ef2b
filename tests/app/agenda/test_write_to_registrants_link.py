"""« Écrire aux inscrit·es » on the session page leads to the message field of « Modifier la session » (walk 5: an
organiser who wanted to write to the people signed up found no such action; the field sits inside the edit form)."""

from __future__ import annotations

from app.agenda import services

LINK = "Écrire aux inscrit·es</a>"


def test_the_link_shows_once_someone_signed_up(client, login, publish, organiser, facilitator):
    session = publish()
    login(organiser)
    assert LINK not in client.get(f"/agenda/{session.id}").get_data(as_text=True)  # nobody to write to
    services.register(session_id=session.id, user=facilitator)
    page = client.get(f"/agenda/{session.id}").get_data(as_text=True)
    assert f'href="/organisation/agenda/{session.id}/modifier#message">{LINK}' in page
    edit = client.get(f"/organisation/agenda/{session.id}/modifier").get_data(as_text=True)
    assert 'id="message"' in edit
