"""Recognising the field of law behind a question told as a story."""
from __future__ import annotations

import numpy as np
import pytest

from matching.legal_fields import load_legal_fields
from matching.legal_situations import LegalSituationRecogniser, load_legal_situations, situation_votes
from matching.routing import LawyerRouter, RoutingWeights
from matching.types import LawyerProfile


@pytest.fixture(scope="module")
def recogniser() -> LegalSituationRecogniser:
    return LegalSituationRecogniser(load_legal_fields(), load_legal_situations())


def test_every_field_has_a_dozen_situations() -> None:
    situations = load_legal_situations()
    assert {f.code for f in load_legal_fields()} == set(situations)
    assert min(len(texts) for texts in situations.values()) >= 12


@pytest.mark.parametrize(("question", "field"), [
    ("Un bénévole s'est fait mal au dos en déchargeant le camion pendant la brocante.", "benevolat"),
    ("Nous vendons des paniers de légumes à des particuliers : faut-il facturer la TVA ?", "fiscalite"),
    ("Un salarié veut quitter la structure d'un commun accord avec une indemnité.", "travail"),
    ("La mairie veut nous laisser installer des ruches sur un terrain communal contre une redevance.", "collectivites"),
])
def test_recognises_the_field_behind_a_story(recogniser, question: str, field: str) -> None:
    probs = recogniser.probabilities(question)
    assert max(probs, key=probs.get) == field
    assert min(probs.values()) >= 0.0 and max(probs.values()) <= 1.0


def test_votes_only_when_a_field_is_likely(recogniser) -> None:
    fields = load_legal_fields()
    owned = [[f for f in fields if f.code in ("benevolat", "fiscalite")], [f for f in fields if f.code == "travail"]]
    votes = situation_votes(recogniser, "Un bénévole s'est blessé pendant la collecte de vêtements.", owned, 1.0, 60)
    assert isinstance(votes, np.ndarray) and votes[0] > votes[1]
    assert situation_votes(recogniser, "Bonjour à tous.", owned, 1.0, 60) == 0.0
    assert situation_votes(None, "Un bénévole s'est blessé.", owned, 1.0, 60) == 0.0


def test_router_counts_the_recognised_field(fake_embedder, recogniser) -> None:
    """The lawyer owning the recognised field gains ``RoutingWeights.situation`` votes in the rank fusion."""
    lawyers = [
        LawyerProfile(id="asso", name="A", text="Droit des associations, bénévolat et volontariat, fiscalité des associations."),
        LawyerProfile(id="pub", name="B", text="Droit public : marchés publics, collectivités territoriales, domaine public."),
    ]
    question = "Au marché public du samedi, nos bénévoles tiennent le stand ; l'un d'eux s'est blessé, est-il assuré ?"
    fields = load_legal_fields()

    def margin(router: LawyerRouter) -> float:
        scores = dict(router.fit(lawyers).route(question).ranking)
        return scores["asso"] - scores["pub"]

    plain = margin(LawyerRouter(embedder=fake_embedder, fields=fields))
    with_situations = margin(LawyerRouter(embedder=fake_embedder, fields=fields, situations=recogniser))
    assert with_situations - plain == pytest.approx(RoutingWeights().situation * (1 / 61 - 1 / 62), rel=1e-3)
