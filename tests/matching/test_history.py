"""Past pairings vote for the offers they were paired with, only when a past need is really close."""
from __future__ import annotations

import numpy as np
import pytest

from matching.engine import HybridMatcher
from matching.evaluation import Dataset, past_pairings
from matching.history import MIN_SIMILARITY, NEIGHBOURS, PairingHistory, PastPairing
from matching.types import NeedProfile


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_close_past_need_votes_for_its_offer_by_its_excess_similarity() -> None:
    history = PairingHistory([PastPairing("p1", "o2", "…")], unit(1, 0, 0)[None, :])
    need = unit(1, 0.5, 0)  # cosine 0.894 with the past need
    votes = history.votes(["n1"], need[None, :], ["o1", "o2"])
    assert votes[0, 0] == 0.0
    assert votes[0, 1] == pytest.approx(float(need @ unit(1, 0, 0)) - MIN_SIMILARITY, abs=1e-5)


def test_distant_past_need_is_silent() -> None:
    history = PairingHistory([PastPairing("p1", "o1", "…")], unit(1, 0, 0)[None, :])
    votes = history.votes(["n1"], unit(1, 2, 0)[None, :], ["o1"])  # cosine 0.447 < MIN_SIMILARITY
    assert not votes.any()


def test_a_need_never_votes_for_itself() -> None:
    """A need already paired is ranked again without its own pairing (else it would echo it)."""
    history = PairingHistory([PastPairing("n1", "o1", "…")], unit(1, 0, 0)[None, :])
    assert not history.votes(["n1"], unit(1, 0, 0)[None, :], ["o1"]).any()
    assert history.votes(["n2"], unit(1, 0, 0)[None, :], ["o1"])[0, 0] > 0


def test_a_need_of_the_same_pole_casts_no_vote() -> None:
    """The card says « A déjà accompagné un pôle sur un besoin proche »: another pole, never the asking one."""
    history = PairingHistory([PastPairing("p1", "o1", "…", pole="7")], unit(1, 0, 0)[None, :])
    need = unit(1, 0, 0)[None, :]
    assert not history.votes(["n1"], need, ["o1"], ["7"]).any()
    assert history.votes(["n1"], need, ["o1"], ["8"])[0, 0] > 0
    assert history.votes(["n1"], need, ["o1"], [None])[0, 0] > 0  # pole unknown: it votes
    assert history.votes(["n1"], need, ["o1"])[0, 0] > 0


def test_only_the_nearest_needs_vote_and_unknown_offers_are_ignored() -> None:
    pairings = [PastPairing(f"p{i}", "o1", "…") for i in range(NEIGHBOURS)] + [PastPairing("far", "o2", "…"),
                                                                            PastPairing("gone", "withdrawn", "…")]
    vectors = np.vstack([unit(1, 0, 0)] * NEIGHBOURS + [unit(1, 0.3, 0), unit(1, 0, 0)])
    votes = PairingHistory(pairings, vectors).votes(["n"], unit(1, 0, 0)[None, :], ["o1", "o2"])
    # The five twins fill the neighbours: the close but farther « o2 » need does not vote.
    assert votes[0, 1] == 0.0
    assert votes[0, 0] == pytest.approx(NEIGHBOURS * (1 - MIN_SIMILARITY), abs=1e-4)


def test_empty_history_gives_no_votes() -> None:
    assert not PairingHistory([], np.zeros((0, 3))).votes(["n"], unit(1, 0, 0)[None, :], ["o1"]).any()


def _history_for(fake_embedder, text: str, offer_id: str) -> PairingHistory:
    return PairingHistory([PastPairing("past", offer_id, text)], fake_embedder.encode([text]))


def test_engine_ranks_an_offer_up_for_a_need_told_like_one_it_answered(fake_embedder, offers) -> None:
    story = "Chaque saison on recommence à recruter à zéro : les saisonniers partent entre l'hiver et l'été."
    need = NeedProfile("n9", story, title="Saisonniers", region="Bretagne")
    plain = HybridMatcher(embedder=fake_embedder).fit(offers)
    rank_without = [s.offer_id for s in plain.suggest(need, k=5)].index("o3")
    learnt = HybridMatcher(embedder=fake_embedder, history=_history_for(fake_embedder, story, "o3")).fit(offers)
    suggestions = learnt.suggest(need, k=5)
    assert rank_without > 0 and suggestions[0].offer_id == "o3"
    assert "A déjà accompagné un pôle sur un besoin proche de celui-ci" in suggestions[0].explanation.reasons
    assert all("proche de celui-ci" not in r for s in suggestions[1:] for r in s.explanation.reasons)


def test_engine_without_history_or_in_baseline_modes_is_unchanged(fake_embedder, offers, scic_need) -> None:
    history = _history_for(fake_embedder, scic_need.text, "o3")
    for mode in ("embedding", "tfidf"):
        plain = HybridMatcher(embedder=fake_embedder, mode=mode).fit(offers)
        learnt = HybridMatcher(embedder=fake_embedder, mode=mode, history=history).fit(offers)
        assert np.array_equal(plain.score_matrix([scic_need]), learnt.score_matrix([scic_need]))
    hybrid = HybridMatcher(embedder=fake_embedder, history=history).fit(offers)
    comps, _ = hybrid.components([scic_need])
    assert comps["history"][0, hybrid.offer_ids_.index("o3")] > 0


def test_past_pairings_of_labelled_sets_take_every_relevant_offer_and_prefix_the_set() -> None:
    needs = [NeedProfile("n1", "Un besoin assez long pour compter."), NeedProfile("n2", "Un autre besoin assez long.")]
    data = Dataset(name="c", offers=[], needs=needs, relevance={"n1": {"o1": 2, "o2": 1, "o3": 0}, "n2": {}},
                   lawyers=[], questions=[])
    assert [(p.need_id, p.offer_id) for p in past_pairings([data])] == [("c:n1", "o1"), ("c:n1", "o2")]


def test_vectors_must_match_the_pairings() -> None:
    with pytest.raises(ValueError, match="2 vecteurs pour 1 transferts passés"):
        PairingHistory([PastPairing("p", "o", "…")], np.zeros((2, 3)))
