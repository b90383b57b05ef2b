"""The pole page has one main action: « Publier un besoin » first and primary, « Modifier la fiche » secondary,
as in « Mon espace » (walk 3: both were primary)."""

from __future__ import annotations

import pytest

from models import Role

pytestmark = pytest.mark.web


def test_one_primary_action_on_the_pole_page(client, login, make_user, make_pole):
    pole = make_pole()
    login(make_user(Role.FACILITATOR, pole=pole))
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    publish = f'<a class="button" href="/poles/{pole.id}/besoins/nouveau">Publier un besoin</a>'
    edit = f'<a class="button button-secondary" href="/poles/{pole.id}/modifier">Modifier la fiche</a>'
    assert publish in page and edit in page and page.index(publish) < page.index(edit)
