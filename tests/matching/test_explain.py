"""Explanations' building blocks (matching/explain.py)."""

from __future__ import annotations

from matching.explain import key_words


def test_key_words_are_shared_content_words_rarest_first_as_spelled_in_the_offer() -> None:
    idf = {"subven": 3.0, "coordi": 2.0, "membre": 1.0}
    need = "Nos membres ne cotisent pas et la subvention de coordination baisse."
    offer = "Financer la Coordination sans Subvention : faire cotiser les membres."
    assert key_words(need, offer, idf) == ["subvention", "coordination", "membres", "cotiser"]


def test_key_words_leave_out_filler_words() -> None:
    need = "Nous sommes bien seuls et nous avançons souvent à tâtons chaque année."
    offer = "Je vous aide bien volontiers, souvent sur une année, à avancer avec des pairs."
    assert key_words(need, offer, {}) == []
