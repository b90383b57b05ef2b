"""The overseas insets' names written under the map for a phone, and the stylesheet that puts each under its box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.inset_captions import SOFT_HYPHEN, inset_captions_html, soft_hyphenated
from geo.svgmap import FranceMap

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


@pytest.fixture(scope="module")
def france():
    return FranceMap()


def test_one_caption_per_inset_left_to_right_hidden_from_screen_readers(france):
    html = inset_captions_html(france)
    names = [name.replace(SOFT_HYPHEN, "") for name in re.findall(r"<li>(.*?)</li>", html)]
    assert names == [inset.nom for inset in france.insets()]
    assert names[0] == "Guadeloupe"
    assert 'aria-hidden="true"' in html


@pytest.mark.parametrize(("word", "expected"), [
    ("Guadeloupe", f"Guade{SOFT_HYPHEN}loupe"), ("Martinique", f"Marti{SOFT_HYPHEN}nique"),
    ("Guyane", "Guyane"), ("Mayotte", "Mayotte"), ("La Réunion", "La Réunion")])
def test_long_single_names_may_break_at_a_syllable(word, expected):
    # a box is about 58 px wide on a 375 px phone: « Guadeloupe » at 13 px does not fit on one line
    assert soft_hyphenated(word) == expected


def _rule(css: str, selector: str) -> str:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, f"no rule for {selector}"
    return match.group(1)


def _percent(rule: str, prop: str) -> float:
    match = re.search(prop + r":\s*(?:0 0 )?([\d.]+)%", rule)
    assert match, f"no {prop} in per cent in {rule!r}"
    return float(match.group(1))


def test_stylesheet_puts_each_caption_under_its_box(france):
    css = CSS.read_text(encoding="utf-8")
    phone = css[css.index(".carte-encarts-noms { display: none; }"):]
    width = float(france.viewbox.split()[2])
    insets = france.insets()
    box = _percent(_rule(phone, ".carte-encarts-noms li"), "flex")
    gap = _percent(_rule(phone, ".carte-encarts-noms li"), "margin-left")
    first = _percent(_rule(phone, ".carte-encarts-noms li:first-child"), "margin-left")
    assert first == pytest.approx(100 * insets[0].x / width, abs=0.01)
    assert box == pytest.approx(100 * insets[0].width / width, abs=0.01)
    assert gap == pytest.approx(100 * (insets[1].x - insets[0].x - insets[0].width) / width, abs=0.01)
    # on a phone the SVG's own captions (5 px high) give way to these
    assert re.search(r"@media \(max-width: 47\.99rem\) \{\s*svg\.carte \.carte-encarts-titres \{ display: none; \}",
                     phone)
