"""The story sets shipped in data/demo/ stay valid against the offers and lawyers they are graded on."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from matching.evaluation import parse_dataset

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
GRADED = sorted(p for p in DEMO.glob("stories*.json") if not p.stem.endswith("_phase1"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_story_set_is_found() -> None:
    assert {p.name for p in GRADED} >= {"stories.json", "stories_c.json", "stories_j.json", "stories_k.json"}


@pytest.mark.parametrize("path", GRADED, ids=lambda p: p.stem)
def test_story_set_parses_against_its_offers(path: Path) -> None:
    raw = _load(path)
    source = _load(DEMO / raw["offers_and_lawyers_from"])
    # parse_dataset checks offer and lawyer ids, grades, theme codes and the same-pole rule.
    dataset = parse_dataset({**source, "needs": raw["needs"], "questions": raw["questions"]}, name=path.stem)
    assert dataset.needs and dataset.questions
    assert all(dataset.relevance[need.id] for need in dataset.needs)


@pytest.mark.parametrize("phase1", sorted(DEMO.glob("stories*_phase1.json")), ids=lambda p: p.stem)
def test_grading_did_not_change_the_words_of_phase_one(phase1: Path) -> None:
    graded = _load(phase1.with_name(phase1.name.replace("_phase1", "")))
    written = _load(phase1)
    texts = {item["id"]: (item.get("title"), item["text"]) for item in written["needs"]}
    questions = {item["id"]: item["text"] for item in written["questions"]}
    for need in graded["needs"]:
        assert texts[need["id"]] == (need.get("title"), need["text"]), need["id"]
    for question in graded["questions"]:
        assert questions[question["id"]] == question["text"], question["id"]
