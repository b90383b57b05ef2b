from __future__ import annotations

import pytest

from matching.routing import LawyerRouter, route_question, specialty_clauses
from matching.types import LawyerProfile

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
    assert routing.explanation.reasons[0].startswith("Spécialité la plus proche : « ")


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
