"""« Mon espace » leads to the account's own pages, for every role (walk 5: e-mail preferences, the download of
one's data and the deletion of the account were reached only from the footer's privacy page)."""

from __future__ import annotations

import pytest

from models import Role

pytestmark = pytest.mark.web


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.RESOURCE_PERSON, Role.ORGANISER, Role.LAWYER])
def test_my_space_links_to_the_account_pages(client, login, make_user, role):
    login(make_user(role))
    page = client.get("/mon-espace").get_data(as_text=True)
    section = page[page.index('id="mon-compte"'):]
    for href in ('href="/mon-compte/notifications"', 'href="/compte/mes-donnees"', 'href="/compte/supprimer"'):
        assert href in section, href
