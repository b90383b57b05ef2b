from __future__ import annotations

import pytest

from matching.lexical import LexicalModel, content_words
from matching.text import split_sentences, strip_accents


def test_strip_accents_lowercases_and_removes_diacritics() -> None:
    assert strip_accents("Économie Cœur Élus") == "economie coeur elus"


def test_content_words_drop_stop_words() -> None:
    assert content_words("Nous voulons créer une SCIC avec la commune") == ["voulons", "creer", "scic", "commune"]


def test_lexical_similarity_matches_inflections() -> None:
    model = LexicalModel().fit(["mutualisation des emplois", "fonds européens", "recyclerie solidaire"])
    sim = model.similarity(["mutualiser un emploi"], ["mutualisation des emplois", "fonds européens"])
    assert sim[0, 0] > 0.3 > sim[0, 1]


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
def test_lexical_rows_are_unit_norm(analyzer) -> None:
    model = LexicalModel(analyzer=analyzer).fit(["une coopérative", "des fonds européens"])
    sim = model.similarity(["une coopérative"], ["une coopérative"])
    assert sim[0, 0] == pytest.approx(1.0, abs=1e-5)


def test_split_sentences_glues_short_pieces() -> None:
    text = "Bonjour. Nous voulons créer une SCIC avec la commune. Merci ! Et une seconde phrase assez longue ici."
    assert split_sentences(text) == [
        "Bonjour. Nous voulons créer une SCIC avec la commune. Merci !",
        "Et une seconde phrase assez longue ici.",
    ]
