"""The page pass of app/typography.py (``french_spacing_html``) at the size of a national day's sheet: what it leaves
as it is goes by in runs, and a page comes out exactly as the pass one piece at a time gives it."""

from __future__ import annotations

import random
import re

from app import typography
from app.typography import french_spacing_html

#: The pass before the runs: every tag, sign and word one match (``_HTML_PARTS`` without its first alternative).
_ONE_BY_ONE = re.compile(typography._HTML_PARTS.pattern[typography._HTML_PARTS.pattern.find("(?P<raw>"):], re.S | re.I)


def _one_by_one(html: str) -> str:
    plain = 0

    def spaced(match: re.Match[str]) -> str:
        nonlocal plain
        if match.lastgroup == "tag" and (element := typography._PLAIN_TEXT_TAG.match(match.group(0))) is not None:
            if element.group(1):
                plain = max(plain - 1, 0)
            elif not match.group(0).endswith("/>"):
                plain += 1
        return typography._spaced_part(match, markup=not plain)

    return _ONE_BY_ONE.sub(spaced, html)


def test_a_long_table_goes_by_in_a_few_matches_not_one_per_tag():
    """A national day's « Inscrit·es et présences »: 420 rows, 15,000 tags; one call back to Python per tag cost
    120 ms a page. Only what the pass changes (or must look at: a tag with a title, a menu's option) is a match."""
    rows = "".join(f'<tr><td class="nom">Camille {n}</td><td><a href="/p/{n}">Pôle n° {n}</a></td>'
                   f'<td><span class="visually-hidden">de Camille</span></td></tr>\n' for n in range(420))
    page = f'<table>\n{rows}</table><p title="Sûr ?">Fin : merci</p>'
    matches = list(typography._HTML_PARTS.finditer(page))
    assert len(matches) <= 6, len(matches)
    assert french_spacing_html(page).endswith('<p title="Sûr\u00a0?">Fin\u00a0: merci</p>')


def test_the_runs_change_nothing_the_pass_one_piece_at_a_time_would_not():
    """Random pages made of the pieces the pass cares about (tags read aloud or not, titles, options, scripts,
    text areas, comments, signs after spaces and line breaks, « e-mail » and « Juri-PTCE » in and out of
    addresses): the same page as the pass one tag, sign and word at a time."""
    pieces = ["<", ">", " ", "\n", "\t", "  ", ":", ";", "?", "!", "»", "«", "e-mail", "E-mail", "E-MAILS", "e-mails",
              "Juri-PTCE", "juri-ptce", "@", "/", "-", ".", '<span class="nowrap">', "</span>", "<title>", "</title>",
              "<option>", "</option>", "<svg ", "<svg/>", "<script>", "</script>", "<style>", "</style>", "<textarea>",
              "</textarea>", "<!--", "-->", ' title="', '\ntitle="', ' data-confirm="', ' data-confirm-label="',
              ' aria-label="', ' alt="', ' placeholder="', '"', "=", "a", "J", "j", "e", "E", "é", "\u00a0",
              "<p ", "<a", "<div>", " TITLE=", " class=", "mail", "PTCE", "Juri-", "<b>"]
    draw = random.Random(2026)
    for _ in range(20000):
        page = "".join(draw.choice(pieces) for _ in range(draw.randint(1, 40)))
        assert french_spacing_html(page) == _one_by_one(page), repr(page)
