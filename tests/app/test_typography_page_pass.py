"""The page pass of app/typography.py (``french_spacing_html``) at the size of a national day's sheet: what it leaves
as it is goes by in runs, and a page comes out exactly as the pass one piece at a time gives it."""

from __future__ import annotations

import random
import re
from pathlib import Path

from app import typography
from app.typography import french_spacing_html
from geo.svgmap import Link, Marker, default_map

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
    addresses, signs already after a no-break space): the same page as the pass one tag, sign and word at a time."""
    pieces = ["<", ">", " ", "\n", "\t", "  ", ":", ";", "?", "!", "»", "«", "e-mail", "E-mail", "E-MAILS", "e-mails",
              "Juri-PTCE", "juri-ptce", "@", "/", "-", ".", '<span class="nowrap">', "</span>", "<title>", "</title>",
              "<option>", "</option>", "<svg ", "<svg/>", "<script>", "</script>", "<style>", "</style>", "<textarea>",
              "</textarea>", "<!--", "-->", ' title="', '\ntitle="', ' data-confirm="', ' data-confirm-label="',
              ' aria-label="', ' alt="', ' placeholder="', '"', "=", "a", "J", "j", "e", "E", "é", "\u00a0",
              "<p ", "<a", "<div>", " TITLE=", " class=", "mail", "PTCE", "Juri-", "<b>", "\r", "\u00a0:", "</svg>",
              "<title ", "</option >", "<title/>", '<a href="/p/1" aria-label="', "</a>", "/", "<Title>", "</TITLE>"]
    draw = random.Random(2026)
    for _ in range(20000):
        page = "".join(draw.choice(pieces) for _ in range(draw.randint(1, 40)))
        assert french_spacing_html(page) == _one_by_one(page), repr(page)


#: What the map's labels may hold: the pieces the pass changes or looks at, in a name a member typed.
_LABEL_PIECES = ["Pôle", " ", ":", " :", "\u00a0:", " ?", "!", "«", "« ", " »", "e-mail", "Juri-PTCE", "\n", "\t",
                 "'", '"', "&", "<", ">", "é", "de", "-", "—", "(69)", "aria-label=", ' title="x"']


def _label(draw: random.Random) -> str:
    return "".join(draw.choice(_LABEL_PIECES) for _ in range(draw.randint(1, 12)))


def test_drawn_maps_come_out_as_the_pass_one_piece_at_a_time_gives_them():
    """Maps drawn by geo/ (markers that are links read aloud, lines with a title) with random labels, in a page
    with a title and a menu: the runs give each exactly what the pass one tag, sign and word at a time gives."""
    draw = random.Random(8)
    for _ in range(300):
        markers = [Marker(draw.uniform(0, 600), draw.uniform(0, 700), _label(draw), css_class="carte-marqueur--x",
                          href=f"/poles/{n}" if draw.random() < .8 else None,
                          shape=draw.choice(("circle", "square", "triangle")))
                   for n in range(draw.randint(0, 8))]
        links = [Link((draw.uniform(0, 600), 1.0), (2.0, draw.uniform(0, 700)), "carte-lien--simple",
                      _label(draw) if draw.random() < .9 else None) for _ in range(draw.randint(0, 5))]
        svg = default_map().render_svg(markers, links, title=_label(draw), desc=_label(draw), marker_radius=3.2)
        page = (f"<html><head><title>{_label(draw)}</title></head><body><p>{_label(draw)}</p>{svg}"
                f"<select><option>{_label(draw)}</option></select></body></html>")
        assert french_spacing_html(page) == _one_by_one(page), repr(page)


def test_a_map_already_spaced_goes_by_in_one_match_whatever_its_size():
    """The organisers' map: 2,000 markers, each a link read aloud (aria-label) with a title, 2,000 lines with a title;
    each tag that names a spoken attribute or starts a title was a match of its own, 24,000 calls back to Python per
    page (half the page's time). Tags and titles with nothing to change go by in the run, however many there are."""
    def drawn(n: int) -> str:
        markers = [Marker(n, n, f"Pôle {n} — Émergent, Rhône (69), Auvergne-Rhône-Alpes", href=f"/poles/{n}")
                   for n in range(n)]
        links = [Link((1.0, 2.0), (n, n), "carte-lien--simple",
                      f"Pôle {n} aidé par une personne ressource du Pôle 1\u00a0: 1\u00a0appariement") for n in range(n)]
        return default_map().render_svg(markers, links, title="Carte des pôles", desc="Trois pôles.")

    few, many = drawn(3), drawn(300)
    assert french_spacing_html(many) == many
    assert len(list(typography._HTML_PARTS.finditer(many))) == len(list(typography._HTML_PARTS.finditer(few))) <= 3


def test_every_template_comes_out_as_the_pass_one_piece_at_a_time_gives_it():
    """Real markup: each template of the site as written (its Jinja left in, as text), and again with its no-break
    spaces made plain so the pass has signs to space."""
    templates = sorted((Path(__file__).resolve().parents[2] / "templates").rglob("*.html"))
    assert len(templates) > 50
    for template in templates:
        source = template.read_text(encoding="utf-8")
        for page in (source, source.replace("\u00a0", " ")):
            assert french_spacing_html(page) == _one_by_one(page), template
