"""Cached page fragments (app/fragments.py): rendered once per version, CSRF token per viewer."""

from __future__ import annotations

import re

import pytest

from app.fragments import CSRF_SLOT, render_cached
from models import Role
from tests.app.suggestions.test_views import scene  # noqa: F401  (fixture)

pytestmark = pytest.mark.web


def test_rendered_once_per_version(app):  # noqa: ANN001
    calls = []

    def context() -> dict:
        calls.append(1)
        return {"need": None, "mentor_suggestions": []}

    with app.test_request_context():
        first = render_cached(("test", 1), "suggestions/_mentors.html", context)
        again = render_cached(("test", 1), "suggestions/_mentors.html", context)
        render_cached(("test", 2), "suggestions/_mentors.html", context)
    assert first == again and len(calls) == 2
    assert "Aucune personne ressource disponible" in first


def test_each_viewer_gets_their_own_csrf_token_and_can_request(client, app, login, make_user, db, scene):  # noqa: ANN001, F811
    url = f"/besoins/{scene['need'].id}"
    tokens = []
    for facilitator in (scene["facilitator"], make_user(Role.FACILITATOR, pole=scene["pole"])):
        login(facilitator)
        page = client.get(url).get_data(as_text=True)
        assert CSRF_SLOT not in page
        form = page.split('action="/transferts/demander"', 1)[1].split("</form>", 1)[0]
        tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', form).group(1))
        fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form))
        response = client.post("/transferts/demander", data=fields)  # a wrong token would be a 400
        assert response.status_code == 200 and 'name="confirm"' in response.get_data(as_text=True)
        client.post("/compte/deconnexion", data={"csrf_token": tokens[-1]})
    assert tokens[0] != tokens[1]
