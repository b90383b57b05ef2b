"""The sign-up page explains its asterisk: a screen reader read « marqués d'un astérisque () », the very asterisk
the sentence names being hidden from it (walk of a new facilitator, accessibility tree of the page)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.web


def test_the_sentence_about_the_asterisk_shows_it_to_everyone(client):
    page = client.get("/compte/inscription").get_data(as_text=True)
    sentence = re.search(r"<p>Les champs marqués d'un astérisque.*?</p>", page.replace("&#39;", "'"), re.S).group(0)
    assert "aria-hidden" not in sentence and "(*)" in sentence
