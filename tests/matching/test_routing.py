from __future__ import annotations

import pytest

from matching.routing import NOT_RECOGNISED, LawyerRouter, route_question, specialty_clauses
from matching.routing_fusion import FEATURES
from matching.types import LawyerProfile, LegalField

LAWYERS = [
    LawyerProfile("j1", "A", "Avocate en droit des associations : fonds de dotation, fiscalité des associations, bénévolat."),
    LawyerProfile("j2", "B", "Avocat en droit des coopératives : SCIC, SCOP, parts sociales. Droit du travail : licenciements."),
    LawyerProfile("j3", "C", "Avocate en droit public : marchés publics, marchés réservés, aides d'État, subventions."),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Un associé de notre SCIC peut-il récupérer ses parts sociales ?", "j2"),
        ("Peut-on répondre à un marché réservé de la commune ?", "j3"),
        ("Comment créer un fonds de dotation pour notre association ?", "j1"),
    ],
)
def test_route_question_picks_specialist(fake_embedder, question, expected) -> None:
    routing = route_question(question, LAWYERS, embedder=fake_embedder)
    assert routing.lawyer_id == expected
    assert [lid for lid, _ in routing.ranking][0] == expected
    assert sorted(lid for lid, _ in routing.ranking) == ["j1", "j2", "j3"]
    assert routing.explanation.reasons[0].startswith("Spécialité la plus proche : «\u00a0")


def test_route_explanation_names_matching_clause(fake_embedder) -> None:
    routing = LawyerRouter(embedder=fake_embedder).fit(LAWYERS).route("Peut-on répondre à un marché réservé ?")
    assert routing.explanation.offer_phrases == ["marchés réservés"]


@pytest.mark.parametrize("question", ["", "  ", "le ?"])
def test_route_empty_question_raises(fake_embedder, question) -> None:
    with pytest.raises(ValueError, match="question : texte vide ou trop court"):
        route_question(question, LAWYERS, embedder=fake_embedder)


def test_route_without_lawyers_raises(fake_embedder) -> None:
    with pytest.raises(ValueError, match="Aucun avocat"):
        route_question("Une question sur les SCIC ?", [], embedder=fake_embedder)


def test_specialty_clauses_split_lists() -> None:
    assert specialty_clauses("Droit public : marchés publics, aides d'État (SIEG).") == [
        "Droit public", "marchés publics", "aides d'État", "SIEG"
    ]


def test_route_without_legal_words_says_nothing_was_recognised(fake_embedder) -> None:
    routing = LawyerRouter(embedder=fake_embedder).fit(LAWYERS).route(
        "Comment rendre nos réunions de bureau plus conviviales et moins longues ?")
    assert not routing.recognised
    assert routing.explanation.reasons == [NOT_RECOGNISED]
    assert sorted(lid for lid, _ in routing.ranking) == ["j1", "j2", "j3"]


def test_gibberish_is_not_recognised_nor_called_close(fake_embedder) -> None:
    routing = LawyerRouter(embedder=fake_embedder).fit(LAWYERS).route("zorglub blafoutre quixotrum pastafarix")
    assert not routing.recognised
    assert not any("Proximité" in r for r in routing.explanation.reasons)


def test_explanation_shows_only_words_of_the_question_and_no_meaningless_gap(fake_embedder) -> None:
    routing = LawyerRouter(embedder=fake_embedder).fit(LAWYERS).route(
        "Un associé de notre SCIC peut-il récupérer ses parts sociales ?")
    assert routing.recognised
    assert routing.explanation.reasons[0] == "Spécialité la plus proche : «\u00a0parts sociales\u00a0»"
    recognised = routing.explanation.reasons[1]
    assert recognised.startswith("Mots de votre question reconnus : ")
    assert "«\u00a0parts\u00a0»" in recognised and "«\u00a0sociales\u00a0»" in recognised and "associé" not in recognised
    assert not any(r.startswith("Écart") for r in routing.explanation.reasons)


def test_field_vocabulary_named_in_the_question_gives_the_field(fake_embedder) -> None:
    fields = [LegalField("fiscalite", "Fiscalité des associations", "fiscalité des associations, TVA, impôts commerciaux")]
    routing = LawyerRouter(embedder=fake_embedder, fields=fields).fit(LAWYERS).route(
        "Nos factures de prestations sont-elles soumises à la TVA ?")
    assert routing.recognised
    assert routing.explanation.reasons[0] == "Domaine du droit couvert : Fiscalité des associations («\u00a0TVA\u00a0»)"


def test_no_reason_carries_a_gender_mark(fake_embedder) -> None:
    """The reasons are read under the suggested lawyer's name: « ses spécialités », never « de l'avocat·e »;
    a question that names nothing asks to choose « à qui la poser »."""
    router = LawyerRouter(embedder=fake_embedder).fit(LAWYERS)
    questions = ["Un associé de notre SCIC peut-il récupérer ses parts sociales ?",
                 "Peut-on répondre à un marché réservé de la commune ?",
                 "Comment créer un fonds de dotation pour notre association ?",
                 "Comment rendre nos réunions de bureau plus conviviales et moins longues ?"]
    reasons = [r for q in questions for r in router.route(q).explanation.reasons]
    assert not any("·" in r or "avocat" in r for r in reasons), reasons
    assert any(r.endswith("entre votre question et ses spécialités") for r in reasons)


def test_the_terms_a_question_names_are_counted_per_lawyer(fake_embedder) -> None:
    """« marché réservé » is in the public lawyer's own words, and in nobody else's."""
    from matching.legal_fields import load_legal_fields

    router = LawyerRouter(embedder=fake_embedder, fields=load_legal_fields()).fit(LAWYERS)
    features = router.features("Peut-on répondre à un marché réservé de la commune ?")
    own = features[:, FEATURES.index("own_terms_named")]
    public = [lw.id for lw in LAWYERS].index("j3")
    assert own[public] >= 1 and own.sum() == own[public]



def test_specialty_clauses_split_at_line_breaks_and_list_markers() -> None:
    assert specialty_clauses("Droit du travail – contrats\n• Bénévolat\n- Baux commerciaux\n* SCIC et SCOP") == [
        "Droit du travail", "contrats", "Bénévolat", "Baux commerciaux", "SCIC et SCOP"
    ]
    assert specialty_clauses("Sous-location et prêt de main-d'œuvre") == ["Sous-location et prêt de main-d'œuvre"]
