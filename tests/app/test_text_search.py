"""Words found whatever their accents and case (app/text_search.py)."""

from __future__ import annotations

import pytest

from app.text_search import fold, has_words, query_words


@pytest.mark.parametrize(("text", "expected"), [
    ("Coopérative", "cooperative"), ("Île-de-France", "ile-de-france"), ("L’ŒUVRE", "l'oeuvre"), (None, ""),
    ("Ça déménage", "ca demenage"),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_every_word_must_be_found_somewhere():
    texts = ("Pôle Territoire Solidaire", "Société coopérative d’intérêt collectif")
    assert has_words(query_words("cooperative SOLIDAIRE"), texts)
    assert has_words(query_words("d'interet"), texts)
    assert not has_words(query_words("cooperative lauragais"), texts)
    assert has_words(query_words("   "), texts)  # no words: no condition
