from __future__ import annotations

import numpy as np
import pytest

from matching.engine import BlendWeights, HybridMatcher, zscore_rows
from matching.themes import load_theme_labels
from matching.types import NeedProfile, OfferProfile


@pytest.fixture
def matcher(fake_embedder, offers) -> HybridMatcher:
    return HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers)


def test_init_does_no_work(fake_embedder) -> None:
    HybridMatcher(embedder=fake_embedder)
    assert fake_embedder.calls == []


def test_fit_with_vectors_does_not_encode(fake_embedder, offers) -> None:
    vectors = np.eye(len(offers), 8, dtype=np.float32)
    HybridMatcher(embedder=fake_embedder).fit(offers, vectors)
    assert fake_embedder.calls == []


@pytest.mark.parametrize("mode", ["hybrid", "embedding", "tfidf"])
def test_suggest_same_pole_never_suggested(fake_embedder, offers, scic_need, mode) -> None:
    matcher = HybridMatcher(embedder=fake_embedder, mode=mode).fit(offers)
    ids = [s.offer_id for s in matcher.suggest(scic_need, k=10)]
    assert "o2" not in ids  # o2 is the best text match but belongs to the need's pole


@pytest.mark.parametrize("mode", ["hybrid", "embedding", "tfidf"])
def test_suggest_capacity_zero_never_suggested(fake_embedder, offers, scic_need, mode) -> None:
    matcher = HybridMatcher(embedder=fake_embedder, mode=mode).fit(offers)
    ids = [s.offer_id for s in matcher.suggest(scic_need, k=10)]
    assert "o4" not in ids
    assert len(ids) == 3


def test_score_matrix_forbidden_pairs_are_minus_inf(matcher, scic_need) -> None:
    other = NeedProfile("n2", "Nous cherchons des fonds européens FEDER pour un entrepôt.", pole="Pôle A")
    scores = matcher.score_matrix([scic_need, other])
    assert scores.shape == (2, 5)
    assert np.isneginf(scores[0, 1]) and np.isneginf(scores[0, 3])
    assert np.isneginf(scores[1, 0]) and np.isneginf(scores[1, 3])
    assert np.isfinite(scores[0, [0, 2, 4]]).all()


def test_suggest_ranks_best_match_first(matcher) -> None:
    need = NeedProfile("n3", "Nous voulons ouvrir une recyclerie avec un chantier d'insertion.", pole="Pôle Z")
    suggestions = matcher.suggest(need, k=3)
    assert [s.rank for s in suggestions] == [1, 2, 3]
    assert suggestions[0].offer_id == "o3"
    assert suggestions[0].score >= suggestions[1].score >= suggestions[2].score


def test_suggest_explanation_has_themes_region_phrases(fake_embedder, offers) -> None:
    need = NeedProfile("n4", "Notre association veut devenir SCIC avec la mairie au capital et des usagers.",
                       title="Devenir SCIC", themes=("statuts_cooperatifs",), pole="Pôle Z", region="Occitanie",
                       maturity="emergent")
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers)
    top = matcher.suggest(need, k=1)[0]
    assert top.offer_id == "o2"
    exp = top.explanation
    assert exp.shared_themes == ["SCIC, SCOP et statuts coopératifs"]
    assert "Thème en commun : SCIC, SCOP et statuts coopératifs" in exp.reasons
    assert "Même région (Occitanie)" in exp.reasons
    assert any("SCIC" in p for p in exp.need_phrases) and any("SCIC" in p for p in exp.offer_phrases)
    assert {"embedding", "lexical", "themes", "region", "total"} <= set(exp.components)
    assert exp.components["total"] == pytest.approx(top.score)
    assert exp.reasons[-1].startswith("Classée 1re sur 4\u00a0offres possibles")


def test_suggest_need_without_themes_still_explained(matcher) -> None:
    need = NeedProfile("n5", "Des fonds européens FSE+ nous font peur : contrôles et remboursements.", pole="Pôle Z")
    top = matcher.suggest(need, k=1)[0]
    assert top.offer_id == "o1"
    assert top.explanation.shared_themes == []
    assert top.explanation.reasons


@pytest.mark.parametrize("text", ["", "   ", "Aide", "le la les"])
def test_suggest_short_text_raises_french_error(matcher, text) -> None:
    with pytest.raises(ValueError, match="besoin n9 : texte vide ou trop court"):
        matcher.suggest(NeedProfile("n9", text))


def test_suggest_unknown_theme_raises(matcher) -> None:
    need = NeedProfile("n9", "Nous cherchons de l'aide pour une SCIC.", themes=("astrologie",))
    with pytest.raises(ValueError, match="besoin n9 : thème inconnu « astrologie »"):
        matcher.suggest(need)


def test_fit_duplicate_offer_ids_raise(fake_embedder, offers) -> None:
    with pytest.raises(ValueError, match="offre o1 : identifiant en double"):
        HybridMatcher(embedder=fake_embedder).fit([offers[0], offers[0]])


def test_suggest_before_fit_raises(fake_embedder, scic_need) -> None:
    with pytest.raises(RuntimeError, match="non entraîné"):
        HybridMatcher(embedder=fake_embedder).suggest(scic_need)


def test_suggest_given_need_vector_does_not_encode(fake_embedder, offers, scic_need) -> None:
    matcher = HybridMatcher(embedder=fake_embedder).fit(offers)
    before = fake_embedder.n_encoded
    matcher.suggest(scic_need, need_vector=fake_embedder.encode([scic_need.text])[0])
    assert fake_embedder.n_encoded == before + 1  # only the explicit call above


def test_suggest_all_forbidden_returns_empty(fake_embedder) -> None:
    offers = [OfferProfile("o1", "Une offre sur les SCIC et les coopératives.", pole="P", capacity_left=1),
              OfferProfile("o2", "Une offre sur les fonds européens FEDER.", capacity_left=0)]
    matcher = HybridMatcher(embedder=fake_embedder).fit(offers)
    assert matcher.suggest(NeedProfile("n1", "Besoin sur les SCIC coopératives.", pole="P")) == []


def test_maturity_prefers_more_mature_offer(fake_embedder) -> None:
    text = "J'accompagne la création de coopératives SCIC avec les communes."
    offers = [OfferProfile("young", text, maturity="en_creation"), OfferProfile("old", text, maturity="consolide")]
    matcher = HybridMatcher(embedder=fake_embedder).fit(offers)
    need = NeedProfile("n1", "Créer une coopérative SCIC avec la commune.", maturity="emergent")
    assert matcher.suggest(need, k=2)[0].offer_id == "old"


def test_zscore_rows_ignores_forbidden_cells() -> None:
    m = np.array([[1.0, 2.0, 3.0, 100.0]])
    allowed = np.array([[True, True, True, False]])
    z = zscore_rows(m, allowed)
    assert z[0, :3].mean() == pytest.approx(0.0, abs=1e-6)
    assert z[0, :3].std() == pytest.approx(1.0, rel=1e-5)


def test_weights_are_plain_data() -> None:
    assert BlendWeights().to_dict()["lexical"] == 1.0


def test_unknown_mode_raises(fake_embedder, offers) -> None:
    with pytest.raises(ValueError, match="Mode inconnu"):
        HybridMatcher(embedder=fake_embedder, mode="magic").fit(offers)  # type: ignore[arg-type]


def test_suggest_gives_back_the_reasons_left_out_of_every_card(fake_embedder, make_offer) -> None:
    offers = [make_offer("a", "J'ai monté une SCIC avec la commune au capital et des collèges de vote.",
                         themes=("statuts_cooperatifs",), region="Occitanie", capacity_left=2),
              make_offer("b", "Je transmets la création d'une SCIC de santé avec la mairie au capital.",
                         themes=("statuts_cooperatifs",), region="Occitanie", capacity_left=2)]
    need = NeedProfile("n", "Notre association veut devenir SCIC avec la commune au capital : quelles règles ?",
                       title="Passer en SCIC", themes=("statuts_cooperatifs",), region="Occitanie")
    matcher = HybridMatcher(embedder=fake_embedder, theme_labels=load_theme_labels()).fit(offers)
    suggestions = matcher.suggest(need, k=2)
    shared = suggestions[0].shared_reasons
    assert "Même région (Occitanie)" in shared and any(r.startswith("Thème en commun") for r in shared)
    for s in suggestions:
        assert s.shared_reasons == shared and not set(shared) & set(s.explanation.reasons)
        # Nothing lost: the card and the shared reasons together say what the pair alone says.
        assert set(shared) | set(s.explanation.reasons) == set(matcher.explain_pair(need, s.offer_id).reasons)
