"""End-to-end checks with the real default embedder on a few dev.json profiles."""
from __future__ import annotations

import pytest

from tests.matching.conftest import DEV_JSON
from matching.embedders import DEFAULT_EMBEDDER_SPEC, make_embedder
from matching.engine import HybridMatcher
from matching.evaluation import load_dataset
from matching.routing import route_question
from matching.themes import load_theme_labels

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def dev():
    return load_dataset(DEV_JSON)


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(DEFAULT_EMBEDDER_SPEC)


@pytest.mark.parametrize("need_id", ["n02", "n06", "n08"])
def test_suggest_real_embedder_finds_ideal_offer(dev, embedder, need_id) -> None:
    matcher = HybridMatcher(embedder=embedder, theme_labels=load_theme_labels()).fit(dev.offers[:20])
    need = next(n for n in dev.needs if n.id == need_id)
    ideal = {o for o, g in dev.relevance[need_id].items() if g == 2}
    top = matcher.suggest(need, k=3)
    assert ideal & {s.offer_id for s in top}
    assert all(s.explanation.need_phrases and s.explanation.offer_phrases for s in top)


def test_route_question_real_embedder(dev, embedder) -> None:
    q = next(q for q in dev.questions if q.id == "q08")
    assert route_question(q.text, dev.lawyers, embedder=embedder).lawyer_id == q.lawyer_id
