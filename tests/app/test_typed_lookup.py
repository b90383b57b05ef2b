"""The one reader of a thing named by typing (``app.typed_lookup``): its number, or words of its texts."""

from __future__ import annotations

import pytest

from app.typed_lookup import LISTED, Row, Sayings, chosen_for, find_one, number_typed

SAY = Sayings(no_number="Pas de n° {number}.", no_words="Rien pour « {typed} ».", counted=("chose", "choses"),
              several="{count} pour « {typed} ».", many="{count} pour « {typed} », {listed} listées.")
ROWS = [Row(1, "Marie Kervella — Bretagne", ("Marie Kervella",), ("Bretagne",)),
        Row(2, "Marie Le Goff — Bretagne", ("Marie Le Goff",), ("Bretagne",)),
        Row(3, "Paul Marie — Normandie", ("Paul Marie",), ("Normandie",)),
        Row(4, "Anne Bretagne — Occitanie", ("Anne Bretagne",), ("Occitanie",))]


def _find(typed: str, chosen: str | None = None, rows: list[Row] = ROWS):
    return find_one(typed, known=lambda i: i in {r.id for r in rows}, rows=lambda: rows, say=SAY, chosen=chosen)


@pytest.mark.parametrize(("typed", "number"), [("42", "42"), (" n° 42 ", "42"), ("N°42", "42"), ("#42", "42"),
                                               ("no 42", "42"), ("42a", None), ("marie", None), ("４２", None)])
def test_a_number_whatever_its_prefix(typed, number):
    assert number_typed(typed) == number


def test_a_number_names_what_is_known_only():
    assert _find("n° 2").id == 2
    assert _find("7").error == "Pas de n° 7." and _find("99999999999999999999").id is None


def test_words_in_any_text_whatever_accents_and_case():
    assert _find("KERVÉLLA").id == 1 and _find("paul normandie").id == 3


def test_several_offer_their_first_few_those_named_by_their_own_words_first():
    found = _find("bretagne")
    assert found.id is None and found.error == "3\u00a0choses pour « bretagne »."
    assert [r.id for r in found.choices] == [4, 1, 2] and found.more == 0


def test_a_pick_settles_several_if_the_words_still_name_it_and_keeps_the_choices():
    found = _find("marie", chosen="2")
    assert found.id == 2 and found.error is None and [r.id for r in found.choices] == [1, 2, 3]
    assert _find("kervella", chosen="2").id == 1  # the words name another one: the words win
    assert _find("marie", chosen="4").id is None  # not named by the words: no pick


def test_a_first_text_typed_whole_wins_over_longer_ones():
    rows = [Row(1, "Anne", ("Anne",)), Row(2, "Anne-Marie", ("Anne-Marie",))]
    assert _find("anne", rows=rows).id == 1


def test_none_and_many():
    assert _find("zoé").error == "Rien pour « zoé »."
    rows = [Row(i, f"Jean {i}", (f"Jean {i}",)) for i in range(1, LISTED + 4)]
    found = _find("jean", rows=rows)
    assert len(found.choices) == LISTED and found.more == 3
    assert found.error == f"{LISTED + 3}\u00a0choses pour « jean », {LISTED} listées."


def test_the_pick_is_read_from_the_radio_buttons_of_the_field():
    assert chosen_for("need_id", {"need_id-choix": "12"}) == "12"
    assert chosen_for("need_id", {"need_id-choix": ""}) is None and chosen_for("need_id", {}) is None
