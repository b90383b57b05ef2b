"""The privacy page gives the address to write to (walk 6: « écrivez à l'équipe d'animation du réseau », no address,
while a person cannot correct her own name or e-mail address on the site)."""

from __future__ import annotations

import html
import re

import pytest

pytestmark = pytest.mark.web


def test_the_privacy_page_links_the_address_to_write_to(app, client):
    app.config["PRIVACY_CONTACT_EMAIL"] = "donnees@reseau-ptce.example.org"
    page = html.unescape(client.get("/confidentialite").get_data(as_text=True)).replace("\u00a0", " ")
    assert ('écrivez à <a href="mailto:donnees@reseau-ptce.example.org">donnees@reseau-ptce.example.org</a>'
            in page)
    assert "Pour exercer un autre de vos droits" in page


def test_the_privacy_page_sends_to_my_account_to_correct_a_name_or_an_address(app, client):
    page = html.unescape(client.get("/confidentialite").get_data(as_text=True)).replace("\u00a0", " ")
    sentence = re.search(r'<p id="corriger">(.*?)</p>', page, re.S)
    assert sentence and "se corrigent dans" in sentence.group(1)
    assert '<a href="/compte/mon-compte">« Mon compte »</a>' in sentence.group(1)


def test_without_an_address_the_page_names_the_team(app, client):
    app.config["PRIVACY_CONTACT_EMAIL"] = ""
    page = html.unescape(client.get("/confidentialite").get_data(as_text=True))
    assert "mailto:" not in page and "l'équipe d'animation du réseau des PTCE" in page
