"""Fields of law widen the lexical reading of lawyers' specialties (matching/legal_fields.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.legal_fields import assign_fields, expanded_text, load_legal_fields, named_term_count, text_word_keys
from matching.routing import LawyerRouter
from matching.types import LawyerProfile, LegalField
from tests.matching.test_routing import LAWYERS

FIELDS = (
    LegalField("fiscalite", "Fiscalité des associations", "TVA, impôt sur les sociétés, impôts commerciaux, rescrit"),
    LegalField("commande_publique", "Commande publique", "acheteur public, appel d'offres, mise en concurrence"),
    LegalField("spatial", "Droit spatial", "orbite géostationnaire, débris"),
)
#: Shares no word with any specialty of LAWYERS: only a field's vocabulary can place it.
VAT_QUESTION = "Nos factures nous rendent-elles redevables de la TVA et de l'impôt sur les sociétés ?"


def test_shipped_reference_list_loads() -> None:
    fields = load_legal_fields()
    assert len(fields) >= 10 and len({f.code for f in fields}) == len(fields)
    assert all(len(f.vocabulary.split(",")) >= 5 for f in fields)


def test_bad_reference_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "fields.csv"
    path.write_text("code,libelle,vocabulaire\nfiscalite,Fiscalité,TVA\ntravail,,licenciement\n", encoding="utf-8")
    with pytest.raises(ValueError, match="ligne 3"):
        load_legal_fields(path)


def test_each_field_goes_to_the_closest_lawyer_and_unrelated_fields_to_nobody() -> None:
    owned = assign_fields(LAWYERS, FIELDS)
    assert [[f.code for f in fields] for fields in owned] == [["fiscalite"], [], ["commande_publique"]]
    assert expanded_text(LAWYERS[0], owned[0]).endswith("Fiscalité des associations : TVA, impôt sur les sociétés, "
                                                         "impôts commerciaux, rescrit.")


def test_a_question_in_the_fields_words_reaches_its_lawyer_with_the_field_named() -> None:
    routing = LawyerRouter(embedder=None, mode="tfidf", fields=FIELDS).fit(LAWYERS).route(VAT_QUESTION)
    assert routing.lawyer_id == "j1"
    assert routing.explanation.reasons[0].startswith("Domaine du droit couvert : Fiscalité des associations («\u00a0")


def test_without_fields_the_same_question_has_nothing_to_go_on() -> None:
    plain = LawyerRouter(embedder=None, mode="tfidf").fit(LAWYERS)
    scores = dict(plain.route(VAT_QUESTION).ranking)
    with_fields = dict(LawyerRouter(embedder=None, mode="tfidf", fields=FIELDS).fit(LAWYERS).route(VAT_QUESTION).ranking)
    assert with_fields["j1"] - max(with_fields["j2"], with_fields["j3"]) > scores["j1"] - max(scores["j2"], scores["j3"])


def test_hybrid_explanation_names_the_field(fake_embedder) -> None:
    routing = LawyerRouter(embedder=fake_embedder, fields=FIELDS).fit(LAWYERS).route(VAT_QUESTION)
    assert routing.lawyer_id == "j1"
    assert routing.explanation.reasons[0] == (
        f"Domaine du droit couvert : Fiscalité des associations («\u00a0{routing.explanation.offer_phrases[0]}\u00a0»)")


#: The shipped fields with lawyers who name their fields in two words: far too short to be close to a
#: vocabulary of thirty terms character by character.
TERSE_LAWYERS = [
    LawyerProfile("j1", "A", "Droit des associations et des fondations. Fiscalité associative et mécénat. Bénévolat."),
    LawyerProfile("j2", "B", "Droit coopératif (SCIC, SCOP) et droit des sociétés. Droit social."),
    LawyerProfile("j3", "C", "Droit public des affaires : marchés publics, subventions, collectivités locales."),
]


def test_a_lawyer_who_names_a_field_in_a_few_words_owns_it() -> None:
    owned = {lawyer.id: {f.code for f in fields}
             for lawyer, fields in zip(TERSE_LAWYERS, assign_fields(TERSE_LAWYERS, load_legal_fields()))}
    assert "travail" in owned["j2"]  # « Droit social » is labour law
    assert {"associations", "fondations", "fiscalite"} <= owned["j1"]
    assert "commande_publique" in owned["j3"]


def test_a_one_word_term_gives_no_field_away() -> None:
    # « clauses sociales » names « clause », a term of contract law: one word says too little.
    contracts = LegalField("contrats", "Contrats et responsabilité", "contrat, clause, résiliation, garantie")
    lawyer = LawyerProfile("j3", "C", "Avocate en droit public : marchés publics, clauses sociales et environnementales.")
    assert named_term_count(contracts, text_word_keys(lawyer.text)) == 0
    assert assign_fields([lawyer], [contracts]) == [[]]
    assert named_term_count(contracts, text_word_keys("Elle rédige vos contrats et gère la résiliation de vos garanties")) == 0
    named = LegalField("contrats", "Contrats et responsabilité", "responsabilité civile, contrat")
    assert named_term_count(named, text_word_keys("Elle traite la responsabilité civile des associations")) == 1


def test_a_word_inside_a_compound_is_shown_as_the_compound_written():
    """« Mots de votre question reconnus : « non » » read as nonsense: the reader wrote « non-lucrativité »."""
    written = text_word_keys("Risque-t-on de perdre notre non-lucrativité en facturant ?")
    assert written["non"] == written["lucrativite"] == "non-lucrativité"
    assert written["facturant"] == "facturant"
