"""Tests for matching.clustering (theme suggestions for learning visits)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from matching.clustering import (
    ClusterNeed,
    ThemeCluster,
    ThemeClusterer,
    class_tfidf,
    suggest_visit_themes,
    tokenize,
)


def unit(*coords: float) -> np.ndarray:
    v = np.array(coords, dtype=float)
    return v / np.linalg.norm(v)


def around(axis: int, wobble: float, dim: int = 4) -> np.ndarray:
    """A unit vector close to basis vector ``axis`` (cosine distance ~ wobble²/2)."""
    v = np.zeros(dim)
    v[axis] = 1.0
    v[(axis + 1) % dim] = wobble
    return v / np.linalg.norm(v)


@pytest.fixture
def make_need():
    def make(id: str, pole: str, territory: str, text: str = "", urgency: float = 0.0,
             themes: tuple[str, ...] = ()) -> ClusterNeed:
        return ClusterNeed(id=id, text=text, pole=pole, territory=territory,
                           urgency=urgency, themes=themes)
    return make


@pytest.fixture
def two_topics(make_need):
    """Four needs on land (axis 0) from 4 poles/3 regions, three on payroll (axis 2)."""
    needs = [
        make_need("n1", "Pôle A", "Bretagne", "Trouver du foncier agricole pour installer des maraîchers", 0.2),
        make_need("n2", "Pôle B", "Bretagne", "Le foncier manque : terres agricoles introuvables", 0.4),
        make_need("n3", "Pôle C", "Occitanie", "Accès au foncier pour une ferme collective", 0.9),
        make_need("n4", "Pôle D", "Grand Est", "Racheter des terres, portage foncier", 0.1),
        make_need("n5", "Pôle A", "Bretagne", "Mutualiser la paie des salariés", 0.0),
        make_need("n6", "Pôle E", "Bretagne", "Externaliser la paie et les bulletins", 0.0),
        make_need("n7", "Pôle F", "Normandie", "Logiciel de paie partagé", 0.0),
    ]
    vectors = np.vstack([around(0, w) for w in (0.0, 0.1, 0.15, 0.05)]
                        + [around(2, w) for w in (0.0, 0.1, 0.05)])
    return needs, vectors


def test_cluster_labels_obvious_groups(two_topics):
    _, vectors = two_topics
    labels = ThemeClusterer(0.3).cluster_labels(vectors)
    assert labels.tolist() == [0, 0, 0, 0, 1, 1, 1]


def test_suggest_returns_both_themes_ranked_by_poles(two_topics):
    needs, vectors = two_topics
    themes = ThemeClusterer(0.3).suggest(needs, vectors)
    assert [sorted(t.need_ids) for t in themes] == [["n1", "n2", "n3", "n4"], ["n5", "n6", "n7"]]
    land = themes[0]
    assert land.poles == ["Pôle A", "Pôle B", "Pôle C", "Pôle D"]
    assert land.territories == ["Bretagne", "Grand Est", "Occitanie"]
    assert land.need_ids[0] == "n4"  # the most central need comes first
    assert 4 <= land.score < 5
    assert land.urgency == pytest.approx(0.4)
    assert 0.9 < land.cohesion <= 1.0


def test_suggest_ties_on_poles_broken_by_urgency(make_need):
    needs = [make_need(f"a{i}", f"P{i}", f"T{i % 2}", urgency=0.1) for i in range(3)]
    needs += [make_need(f"b{i}", f"Q{i}", f"T{i % 2}", urgency=0.8) for i in range(3)]
    vectors = np.vstack([around(0, 0.01 * i) for i in range(3)] + [around(2, 0.01 * i) for i in range(3)])
    themes = ThemeClusterer(0.3).suggest(needs, vectors)
    assert [t.need_ids[0][0] for t in themes] == ["b", "a"]
    assert themes[0].score > themes[1].score


@pytest.mark.parametrize(
    ("poles", "territories", "expected"),
    [
        (["A", "B", "C"], ["T1", "T1", "T2"], True),   # 3 poles, 2 territories
        (["A", "B", "C"], ["T1", "T1", "T1"], False),  # one territory only
        (["A", "B", "B"], ["T1", "T2", "T2"], False),  # two poles only
        (["A", "A", "A"], ["T1", "T2", "T3"], False),  # one pole in three places
    ],
)
def test_suggest_min_poles_and_territories_rule(make_need, poles, territories, expected):
    needs = [make_need(f"n{i}", p, t) for i, (p, t) in enumerate(zip(poles, territories))]
    vectors = np.vstack([around(1, 0.01 * i) for i in range(3)])
    themes = ThemeClusterer(0.3).suggest(needs, vectors)
    assert bool(themes) is expected


def test_suggest_rule_parameters(make_need):
    needs = [make_need("n0", "A", "T1"), make_need("n1", "B", "T1")]
    vectors = np.vstack([around(1, 0.0), around(1, 0.05)])
    assert ThemeClusterer(0.3).suggest(needs, vectors) == []
    themes = ThemeClusterer(0.3, min_poles=2, min_territories=1).suggest(needs, vectors)
    assert len(themes) == 1 and themes[0].poles == ["A", "B"]


def test_suggest_empty_input_gives_empty_list():
    assert ThemeClusterer().suggest([], np.zeros((0, 384))) == []
    assert suggest_visit_themes([], np.empty((0, 8))) == []


def test_suggest_single_need(make_need):
    assert ThemeClusterer().suggest([make_need("n1", "A", "T")], unit(1, 0, 0)[None, :]) == []


def test_suggest_rejects_mismatched_rows(make_need):
    with pytest.raises(ValueError, match="embedding rows"):
        ThemeClusterer().suggest([make_need("n1", "A", "T")], np.eye(2))


def test_suggest_rejects_zero_vector(make_need):
    needs = [make_need("n1", "A", "T"), make_need("n2", "B", "T")]
    with pytest.raises(ValueError, match="zero vector"):
        ThemeClusterer().suggest(needs, np.array([[1.0, 0.0], [0.0, 0.0]]))


def test_suggest_is_deterministic(two_topics):
    needs, vectors = two_topics
    first = ThemeClusterer(0.3).suggest(needs, vectors)
    second = ThemeClusterer(0.3).suggest(list(needs), vectors.copy())
    assert first == second


def test_init_does_no_work():
    clusterer = ThemeClusterer(0.4, min_poles=4, min_territories=3, n_label_terms=2)
    assert vars(clusterer) == {
        "distance_threshold": 0.4, "min_poles": 4, "min_territories": 3,
        "n_label_terms": 2, "linkage": "average",
    }


def test_labels_pick_distinctive_word(two_topics):
    needs, vectors = two_topics
    themes = ThemeClusterer(0.3, n_label_terms=2).suggest(needs, vectors)
    assert themes[0].label_terms[0] == "foncier"
    assert themes[1].label_terms[0] == "paie"
    assert themes[0].label == " · ".join(themes[0].label_terms)


def test_labels_prefer_distinctive_over_common_word(make_need):
    """'coopération' is in every need; 'cantine' only in the first cluster."""
    texts = ["coopération cantine", "coopération cantines scolaires", "la coopération et la cantine",
             "coopération mobilité", "coopération transport mobilité", "coopération covoiturage"]
    needs = [make_need(f"n{i}", f"P{i}", f"T{i % 2}", text) for i, text in enumerate(texts)]
    vectors = np.vstack([around(0, 0.01 * i) for i in range(3)] + [around(2, 0.01 * i) for i in range(3)])
    themes = ThemeClusterer(0.3, n_label_terms=1).suggest(needs, vectors)
    labels = {t.need_ids[0][:2]: t.label_terms for t in themes}
    assert sorted(labels.values()) == [["cantine"], ["mobilité"]]


def test_labels_show_accents_but_merge_unaccented_spellings(make_need):
    texts = ["équipe salariée", "equipe salariée", "Équipes et bénévoles"]
    needs = [make_need(f"n{i}", f"P{i}", f"T{i}", text) for i, text in enumerate(texts)]
    vectors = np.vstack([around(0, 0.01 * i) for i in range(3)])
    themes = ThemeClusterer(0.3, n_label_terms=1).suggest(needs, vectors)
    assert themes[0].label_terms == ["équipe"]


def test_shared_themes_listed(make_need):
    needs = [make_need("n0", "A", "T1", themes=("foncier", "financement")),
             make_need("n1", "B", "T2", themes=("foncier",)),
             make_need("n2", "C", "T2", themes=("gouvernance",))]
    vectors = np.vstack([around(0, 0.01 * i) for i in range(3)])
    assert ThemeClusterer(0.3).suggest(needs, vectors)[0].shared_themes == ["foncier"]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Nous cherchons des bénévoles", ["benevole"]),
        ("l'animation d'un tiers-lieu", ["animation", "tier", "lieu"]),
        ("Les locaux et les bureaux", ["local", "bureau"]),
        ("2024 : 3 salariés", ["salarie"]),
        ("", []),
    ],
)
def test_tokenize_folds_accents_plurals_and_stop_words(text, keys):
    assert [key for key, _ in tokenize(text)] == keys


def test_class_tfidf_formula():
    counts = sparse.csr_matrix(np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0]]))
    weights = class_tfidf(counts).toarray()
    average = 3.5  # (3 + 4) / 2 words per class
    expected = np.array([
        [2 / 3 * np.log1p(average / 2), 1 / 3 * np.log1p(average / 2), 0.0],
        [0.0, 1 / 4 * np.log1p(average / 2), 3 / 4 * np.log1p(average / 3)],
    ])
    np.testing.assert_allclose(weights, expected)


def test_theme_cluster_is_plain_data(two_topics):
    needs, vectors = two_topics
    theme = ThemeClusterer(0.3).suggest(needs, vectors)[0]
    assert isinstance(theme, ThemeCluster)
    assert all(isinstance(x, str) for x in theme.label_terms + theme.need_ids + theme.poles)
    assert isinstance(theme.score, float)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=25), st.integers(min_value=0, max_value=10_000))
def test_every_need_in_at_most_one_theme(n, seed):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(n, 5))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    needs = [ClusterNeed(id=f"n{i}", text="foncier paie", pole=f"P{i % 7}",
                         territory=f"T{i % 3}") for i in range(n)]
    themes = ThemeClusterer(0.6).suggest(needs, vectors)
    ids = [i for t in themes for i in t.need_ids]
    assert len(ids) == len(set(ids))
    for theme in themes:
        assert len(theme.poles) >= 3 and len(theme.territories) >= 2
    assert [len(t.poles) for t in themes] == sorted((len(t.poles) for t in themes), reverse=True)
