"""How a text is read as typed: apostrophes, e-mail frames, greetings and signatures, lists, emoji, capitals."""
from __future__ import annotations

import pytest

from matching.lexical import content_words
from matching.pipeline import EmbeddingPipeline, InMemoryVectorStore, content_hash
from matching.reading import read_text
from matching.text import normalise_spaces, profile_text, strip_accents
from matching.theme_inference import stems

REQUEST = "Notre pôle a démarré en 2022. La mairie veut récupérer la salle que nous partageons."


def test_typographic_apostrophes_do_not_glue_the_elided_word() -> None:
    # « l’association » typed on a phone was read as one word « lassociation », never « association ».
    assert content_words("l’association qu’on anime") == content_words("l'association qu'on anime")
    assert content_words("l’association") == ["association"]
    assert stems("d’insertion") == ["insert"]


def test_signs_between_words_do_not_glue_them() -> None:
    assert strip_accents("emploi—insertion") == "emploi insertion"
    assert content_words("mécénat🙏merci") == ["mecenat", "merci"]
    assert strip_accents("Économie Cœur Élus") == "economie coeur elus"


def test_a_clean_text_reads_as_its_normalised_form() -> None:
    text = "  Notre pôle   a démarré. « Comment faire ? »  L'assemblée générale vote en juin. 3 000 €  "
    assert read_text(text) == normalise_spaces(text)
    assert content_hash(text) == content_hash(normalise_spaces(text))


def test_greeting_and_signature_are_not_read() -> None:
    typed = f"Bonjour à toutes et à tous,\n\n{REQUEST}\n\nMerci d'avance,\nBonne journée,\nMarie — chargée de mission"
    assert read_text(typed) == REQUEST
    assert read_text(f"Bonjour Marie, {REQUEST}") == REQUEST
    assert read_text(f"Madame, Monsieur, {REQUEST}") == REQUEST
    assert read_text(f"Bonsoir,\nje me permets de vous écrire au nom de notre pôle.\n\n{REQUEST}\n\nBien à vous,\nSophie L.") == (
        REQUEST)
    assert read_text("Je vous écris car la mairie reprend la salle.") == "Je vous écris car la mairie reprend la salle."


def test_a_thank_you_that_says_something_is_kept() -> None:
    typed = f"{REQUEST}\nMerci de vos conseils sur la fiscalité des dons.\nMarie"
    assert "fiscalité des dons" in read_text(typed)
    assert read_text("Bonjour nous avons un souci avec la salle") == "Bonjour nous avons un souci avec la salle"


def test_a_forwarded_email_is_read_as_what_it_quotes() -> None:
    typed = ("Je vous transfère la demande ci-dessous.\n\n"
             "Le 3 déc. 2026 à 10:12, Marie Dupont <marie@pole.fr> a écrit :\n"
             "> Bonjour,\n> Notre pôle a démarré en 2022. La mairie veut\n> récupérer la salle que nous partageons.\n"
             ">\n> --\n> Envoyé de mon iPhone")
    assert read_text(typed) == REQUEST


def test_lines_of_a_list_are_sentences() -> None:
    typed = "Notre situation :\n- la mairie veut récupérer la salle\n- trois associations sans plan B\n• la banque ne suit pas"
    assert read_text(typed) == ("Notre situation : la mairie veut récupérer la salle. trois associations sans plan B. "
                                "la banque ne suit pas.")
    # Short items are items, never taken for a signature.
    assert read_text("Nos besoins :\n- TVA\n- RH") == "Nos besoins : TVA. RH."


def test_emoji_and_shouting_are_not_read() -> None:
    assert read_text("Notre pôle a démarré en 2022 🙏. La mairie veut récupérer la salle que nous partageons. 😅") == (
        "Notre pôle a démarré en 2022 . La mairie veut récupérer la salle que nous partageons.")
    assert read_text(REQUEST.upper()) == REQUEST
    assert read_text("Une question sur la SCIC et l'ESS") == "Une question sur la SCIC et l'ESS"


@pytest.mark.parametrize("typed", [
    f"Bonjour,\n\n{REQUEST}\n\nCordialement,\nJulien\nTél. 06 12 34 56 78",
    f"Madame, Monsieur, Maître,\n{REQUEST.upper()} 🙂",
    "Objet : TR: salle\n-------- Message transféré --------\nDe : X\nÀ : Y\n> un\n> deux",
])
def test_reading_twice_changes_nothing(typed: str) -> None:
    once = read_text(typed)
    assert read_text(once) == once


def test_profiles_and_embeddings_read_the_request(fake_embedder) -> None:
    typed = f"Bonjour,\n{REQUEST.replace(chr(39), '’')}\nMerci d'avance !\nMarie"
    assert profile_text("Salle", typed) == profile_text("Salle", REQUEST)
    pipeline = EmbeddingPipeline(fake_embedder, InMemoryVectorStore())
    vectors, encoded = pipeline.embed([REQUEST, typed])
    assert encoded == 1 and (vectors[0] == vectors[1]).all()
