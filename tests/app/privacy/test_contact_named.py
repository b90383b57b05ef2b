"""The privacy page gives the address to write to (walk 6: « écrivez à l'équipe d'animation du réseau », no address,
while a person cannot correct her own name or e-mail address on the site)."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.web


def test_the_privacy_page_links_the_address_to_write_to(app, client):
    app.config["PRIVACY_CONTACT_EMAIL"] = "donnees@reseau-ptce.example.org"
    page = html.unescape(client.get("/confidentialite").get_data(as_text=True)).replace("\u00a0", " ")
    assert ('écrivez à <a href="mailto:donnees@reseau-ptce.example.org">donnees@reseau-ptce.example.org</a>'
            in page)
    assert "Pour corriger votre nom ou votre adresse" in page


def test_without_an_address_the_page_names_the_team(app, client):
    app.config["PRIVACY_CONTACT_EMAIL"] = ""
    page = html.unescape(client.get("/confidentialite").get_data(as_text=True))
    assert "mailto:" not in page and "l'équipe d'animation du réseau des PTCE" in page
