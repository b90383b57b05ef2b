"""The private calendar feed URL shown to its owner is built from PUBLIC_BASE_URL."""

from __future__ import annotations

import re

import pytest

from models import CalendarFeed

pytestmark = pytest.mark.web


def test_new_feed_url_starts_with_public_base_url(app, client, csrf, login, make_user):
    app.config.update(PUBLIC_BASE_URL="https://entrepairs.example.org", SERVER_NAME=None)  # as in production
    login(make_user())
    page = client.post("/calendrier/nouveau", data={"csrf_token": csrf("/calendrier/")},
                       follow_redirects=True).get_data(as_text=True)
    url = re.search(r'id="feed-url"[^>]*value="([^"]+)"', page).group(1)
    assert re.fullmatch(r"https://entrepairs\.example\.org/calendrier/[\w-]+\.ics", url)


def test_the_new_feed_link_is_shown_once_after_a_redirection_and_takes_the_focus(client, csrf, login, make_user, db):
    """The page showing the new link answered the POST: reloading it sent the form again, made another link and
    stopped the one just pasted in a calendar application, without a word (walk of 6 December 2026)."""
    login(make_user())
    response = client.post("/calendrier/nouveau", data={"csrf_token": csrf("/calendrier/")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/calendrier/")
    page = client.get("/calendrier/").get_data(as_text=True)
    box = re.search(r'<input id="feed-url"[^>]*>', page).group(0)
    assert "data-takes-focus" in box and 'aria-describedby="feed-url-aide"' in box
    token = re.search(r'value="[^"]*/calendrier/([\w-]+)\.ics"', box).group(1)
    again = client.get("/calendrier/").get_data(as_text=True)  # a reload: shown once, nothing made again
    assert 'id="feed-url"' not in again and "Un lien est actif depuis" in again
    assert db.query(CalendarFeed).filter(CalendarFeed.revoked_at.is_(None)).count() == 1
    assert client.get(f"/calendrier/{token}.ics").status_code == 200
