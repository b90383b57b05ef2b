"""The private calendar feed URL shown to its owner is built from PUBLIC_BASE_URL."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.web


def test_new_feed_url_starts_with_public_base_url(app, client, csrf, login, make_user):
    app.config.update(PUBLIC_BASE_URL="https://entrepairs.example.org", SERVER_NAME=None)  # as in production
    login(make_user())
    page = client.post("/calendrier/nouveau", data={"csrf_token": csrf("/calendrier/")}).get_data(as_text=True)
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    assert re.fullmatch(r"https://entrepairs\.example\.org/calendrier/[\w-]+\.ics", url)
