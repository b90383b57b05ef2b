"""« Partir d'un autre thème »: the example and the length limit are two sentences (the walk read « … friche
industrielle » De 5 à 500 caractères.»)."""

from __future__ import annotations

import re

import pytest

from tests.app.html_parts import page_text

pytestmark = pytest.mark.web


def test_the_example_ends_before_the_length_limit(client, login, network):
    login(network.organiser)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page_text(client.get("/organisation/visites"))))
    assert "friche industrielle ». De 5 à 500 caractères." in text
