"""Static files carry their version in their address and are kept a year under it; an address without the current
version is revalidated (``no-cache``), so a deployment or an edit in development is seen at the next page."""

from __future__ import annotations

import re

import pytest

from app.static_files import StaticVersions

YEAR = "public, max-age=31536000, immutable"


def _assets(client) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get("/compte/connexion").get_data(as_text=True))


def test_every_asset_of_a_page_has_its_version_and_is_kept_a_year(client):
    assets = _assets(client)
    assert any(a.startswith("/static/css/site.css?v=") for a in assets)
    for asset in assets:
        assert re.search(r"\?v=[0-9a-f]{12}$", asset), asset
        with client.get(asset) as response:
            assert response.status_code == 200 and response.headers["Cache-Control"] == YEAR, asset


def test_an_address_without_the_current_version_is_revalidated(client):
    for address in ("/static/css/site.css", "/static/css/site.css?v=0123456789ab"):
        with client.get(address) as response:
            assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache", address


def test_a_revalidated_versioned_file_keeps_its_year(client):
    asset = next(a for a in _assets(client) if "site.css" in a)
    with client.get(asset) as first:
        etag = first.headers["ETag"]
    with client.get(asset, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.headers["Cache-Control"] == YEAR


def test_a_file_is_the_same_for_everyone_whatever_the_cookie(client, make_user, login):
    # Before: « Vary: Cookie » on every file (Flask-Login reads the session after each request), so a shared cache
    # kept one copy per visitor.
    asset = next(a for a in _assets(client) if "site.css" in a)
    login(make_user(email="ops@example.org"))
    assert client.get_cookie("session", domain="entrepairs.test") is not None
    with client.get(asset) as first:
        etag = first.headers["ETag"]
    with client.get(asset, headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304
    with client.get("/static/css/site.css") as unversioned:
        assert unversioned.status_code == 200
    for response in (first, again, unversioned):
        assert "cookie" not in response.headers.get("Vary", "").lower()
        assert "Set-Cookie" not in response.headers
    with client.get("/static/nulle-part.css") as missing:  # a page, which says who is signed in
        assert missing.status_code == 404 and "Cookie" in missing.headers.get("Vary", "")


def test_an_edited_file_gets_a_new_version_without_a_restart(tmp_path):
    versions = StaticVersions(tmp_path)
    (tmp_path / "site.css").write_text("body { color: black; }")
    first = versions.of("site.css")
    (tmp_path / "site.css").write_text("body { color: darkgreen; }")  # another size: seen even within one tick
    assert versions.of("site.css") not in (None, first)


@pytest.mark.parametrize("name", ["missing.css", "../config.py", "", "css"])
def test_no_version_for_what_is_not_a_file_of_the_folder(app, name):
    assert StaticVersions(app.static_folder).of(name) is None
