"""Words read as the person meant them: shorthand spelt out, slips of the keyboard corrected."""
from __future__ import annotations

from matching.lexical import content_words
from matching.reading import read_text
from matching.spelling import Vocabulary, meant_word, read_words, spell_out

VOCABULARY = Vocabulary({"financement": 12, "financements": 4, "gouvernance": 9, "économie": 7, "économique": 5,
                         "modèle": 6, "coordonner": 2, "coordonné": 3, "maison": 8, "démarrer": 3, "raison": 1,
                         "association": 20, "public": 4, "scolaire": 1})


def test_shorthand_of_notes_and_of_the_field_is_spelt_out() -> None:
    assert spell_out("les assos du dpt ont un pb de tréso") == (
        "les associations du département ont un problème de trésorerie")
    assert spell_out("Asso en difficulté, la compta est ds le rouge") == (
        "Association en difficulté, la comptabilité est dans le rouge")
    # After a plural determiner the plural; the stop of an abbreviation that ends the text ends its sentence.
    assert spell_out("Nos subv. baissent, on cherche des subv.") == (
        "Nos subventions baissent, on cherche des subventions.")
    assert spell_out("la comcom et la com com") == "la communauté de communes et la communauté de communes"


def test_acronyms_and_words_ending_a_sentence_are_left_as_written() -> None:
    assert spell_out("Le CA de la SCIC vote en AG.") == "Le CA de la SCIC vote en AG."
    assert spell_out("Il prépare son départ.") == "Il prépare son départ."


def test_a_word_written_without_its_accents_is_known_and_kept() -> None:
    # The word models fold accents already; putting them back cost routing (measured), so it is left as typed.
    assert read_words("Notre modele economique", VOCABULARY) == "Notre modele economique"
    assert meant_word("economei", VOCABULARY) == "economei"  # too short to be corrected
    assert meant_word("fiancemnets", VOCABULARY) == "fiancemnets"  # two slips: left as written


def test_a_slip_of_the_keyboard_is_corrected_to_the_known_word() -> None:
    assert meant_word("fiancement", VOCABULARY) == "financement"  # a letter dropped
    assert meant_word("gouvrenance", VOCABULARY) == "gouvernance"  # two letters swapped
    assert meant_word("Fiancements", VOCABULARY) == "Financements"
    assert read_words("des fiancements pbulic", VOCABULARY) == "des financements pbulic"  # « pbulic »: too short


def test_words_that_are_no_slip_are_left_as_written() -> None:
    assert meant_word("démarré", VOCABULARY) == "démarré"  # an inflection of « démarrer », not a typo
    assert meant_word("solaires", VOCABULARY) == "solaires"  # a letter replaced or added: too many real words
    assert meant_word("associations", VOCABULARY) == "associations"
    clean = "Notre pôle a démarré en 2022. La mairie veut récupérer la salle que nous partageons."
    assert read_words(clean) == clean


def test_every_signal_reads_a_note_typed_in_a_hurry_as_the_clean_text() -> None:
    typed = "le fiancement de l'asso et la gouvrenance du pôle, ds le dpt"
    clean = "le financement de l'association et la gouvernance du pôle, dans le département"
    assert read_text(typed) == clean
    assert content_words(read_text(typed)) == content_words(clean)


def test_a_word_of_the_language_is_never_read_as_a_slip_of_a_domain_word(monkeypatch) -> None:
    """« solaire » is « scolaire » with an inner letter dropped, and the domain's vocabulary knows only the second:
    a need about a solar power plant was read as one about schools. The language model's vocabulary knows it."""
    vocabulary = Vocabulary({"scolaire": 9, "financement": 12})
    assert meant_word("solaire", vocabulary) == "solaire"
    assert read_words("Une centrale solaire villageoise", vocabulary) == "Une centrale solaire villageoise"
    assert meant_word("fiancement", vocabulary) == "financement"  # a typo is no word of the language
    monkeypatch.setattr("matching.spelling.common_word", lambda word: False)
    monkeypatch.setattr("matching.spelling.french_word", lambda word: False)
    assert meant_word("solaire", vocabulary) == "scolaire"  # what the guards prevent


def test_a_form_of_a_french_verb_is_never_read_as_a_slip_of_another(monkeypatch) -> None:
    """« pourrit » is « pourrait » with an inner letter dropped, « prévient » is « prévoient »: the domain's vocabulary
    knows only the second and the language model's pieces hold neither whole, so « les comptes pourrissent » became
    « pourraient ». The French word list knows every form, accents aside; a typo is no form of it."""
    vocabulary = Vocabulary({"pourrait": 30, "prévoient": 4, "organismes": 6, "repartent": 3, "financement": 12})
    for word in ("pourrit", "prévient", "previent", "organisés", "réparent"):
        assert meant_word(word, vocabulary) == word
    assert read_words("La situation pourrit depuis que la mairie prévient trop tard", vocabulary) == (
        "La situation pourrit depuis que la mairie prévient trop tard")
    assert meant_word("fiancement", vocabulary) == "financement"
    monkeypatch.setattr("matching.spelling.french_word", lambda word: False)
    assert meant_word("pourrit", vocabulary) == "pourrait"  # what the guard prevents


def test_no_word_of_the_shipped_needs_and_questions_is_corrected_into_another() -> None:
    """The needs and questions of the shipped sets are written in correct French: the corrector changes none of
    their words (it changed nine, « pourrit », « organisés », « réparent », « prévient », before ``french_word``)."""
    import json
    from pathlib import Path

    from matching.spelling import _WORD, _meant_in_domain

    changed = set()
    for path in sorted((Path(__file__).resolve().parents[2] / "data" / "demo").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        items = [*raw.get("needs", ()), *raw.get("questions", ())] if isinstance(raw, dict) else []
        for item in items:
            for match in _WORD.finditer(spell_out(f"{item.get('title', '')} {item.get('text', '')}")):
                if _meant_in_domain(match.group()) != match.group():
                    changed.add((match.group(), _meant_in_domain(match.group())))
    assert not changed
