"""The Content-Security-Policy allows nothing the site does not use: every script, style and image comes from its
own files (no inline code, no ``data:`` image), no plugin, no framing, no form sent elsewhere."""

from __future__ import annotations


def _directives(client) -> dict[str, str]:
    policy = client.get("/").headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_scripts_styles_and_images_come_from_the_site_s_own_files_only(client):
    directives = _directives(client)
    assert {name: directives[name] for name in ("default-src", "script-src", "style-src", "img-src")} == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self'"}


def test_no_plugin_no_framing_no_form_or_base_elsewhere(client):
    directives = _directives(client)
    assert (directives["object-src"], directives["frame-ancestors"]) == ("'none'", "'none'")
    assert (directives["form-action"], directives["base-uri"]) == ("'self'", "'self'")
