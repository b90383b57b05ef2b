"""Tests for the pure charts package: data model, CSV, accessible SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from charts import (
    Chart, ChartKind, Series, month_keys, month_label, month_short_label, nice_ticks, render_svg,
)

SVG = "{http://www.w3.org/2000/svg}"


def make(kind: ChartKind = ChartKind.BAR, **overrides) -> Chart:
    fields = dict(key="besoins", title="Besoins par thème", kind=kind, categories=("a", "b", "c"),
                  series=(Series("Ouverts", (3, 5, 0)), Series("Clos", (1, 0, 2))),
                  category_label="Thème", unit="besoins")
    fields.update(overrides)
    return Chart(**fields)


def test_chart_rejects_misaligned_series():
    with pytest.raises(ValueError, match="3 categories"):
        make(series=(Series("x", (1, 2)),))


def test_chart_table_default_rows_and_stacked_total():
    bar = make()
    assert bar.table_header() == ("Thème", "Ouverts", "Clos")
    assert bar.table_rows() == [("a", 3, 1), ("b", 5, 0), ("c", 0, 2)]
    stacked = make(ChartKind.STACKED, labels=("A", "B", "C"))
    assert stacked.table_header() == ("Thème", "Ouverts", "Clos", "Total")
    assert stacked.table_rows()[0] == ("A", 3, 1, 4)


def test_chart_explicit_rows_win():
    chart = make(header=("Personne", "Capacité"), rows=(("Anne", 2),))
    assert chart.table_header() == ("Personne", "Capacité")
    assert chart.table_rows() == [("Anne", 2)]


def test_chart_summary_default_and_empty():
    assert make().summary == "3\u00a0catégories (thème), séries : Ouverts, Clos ; total 11\u00a0besoins."
    empty = make(series=(Series("Ouverts", (0, 0, 0)),))
    assert empty.is_empty and empty.summary == "Pas encore de données."
    assert make(description="Résumé.").summary == "Résumé."


def test_chart_summary_says_a_total_of_one_in_the_singular():
    one = make(series=(Series("Ouverts", (1, 0, 0)), Series("Clos", (0, 0, 0))), unit_one="besoin")
    assert one.summary == "3\u00a0catégories (thème), séries : Ouverts, Clos ; total 1\u00a0besoin."
    assert make(unit_one="besoin").summary.endswith("total 11\u00a0besoins.")


def test_chart_summary_counts_through_the_french_count_a_figure_held_to_its_word():
    # « total 1 besoin » was written by hand: a plain space (the figure alone at a line's end) and its own plural.
    one = make(categories=("a",), series=(Series("Ouverts", (1.5,)),), unit_one="jour", unit="jours")
    assert one.summary == "1\u00a0catégorie (thème), série : Ouverts ; total 1,5\u00a0jour."
    big = make(series=(Series("Ouverts", (1200, 300, 0)),))
    assert big.summary.endswith("total 1\u202f500\u00a0besoins.")
    assert make(unit="").summary.endswith("total 11.")


def test_chart_summary_gives_no_total_when_the_values_do_not_add_up():
    # A capacity and what is taken of it, or « dont » lines, summed would count things twice.
    assert make(additive=False).summary == "3\u00a0catégories (thème), séries : Ouverts, Clos."


def test_table_rows_keep_one_decimal():
    chart = make(series=(Series("Moyenne", (1.25, 2.0, 0.333)),))
    assert chart.table_rows() == [("a", 1.2), ("b", 2), ("c", 0.3)]


def test_given_rows_show_a_month_by_its_name_in_the_table_and_its_csv():
    chart = make(ChartKind.STACKED, categories=("2026-03", "2026-04", "2026-05"),
                 labels=tuple(month_label(k) for k in ("2026-03", "2026-04", "2026-05")),
                 header=("Mois", "Ouverts", "Clos"), rows=(("2026-03", 3, 1), ("2026-04", 5, 0), ("2026-05", 0, 2)))
    assert [row[0] for row in chart.table_rows()] == ["mars 2026", "avril 2026", "mai 2026"]


def test_month_helpers():
    assert month_keys(date(2025, 11, 20), date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_keys(date(2026, 2, 1), date(2025, 1, 1)) == []
    assert month_label("2026-03") == "mars 2026"
    assert month_short_label("2025-12") == "déc. 2025"


@pytest.mark.parametrize("maximum,expected_last", [(0, 1.0), (3, 3.0), (37, 40.0), (0.4, 0.4), (1234, 1250.0)])
def test_nice_ticks_cover_maximum(maximum, expected_last):
    ticks = nice_ticks(maximum)
    assert ticks[0] == 0 and ticks[-1] == expected_last
    assert ticks == sorted(ticks)


@pytest.mark.parametrize("kind", list(ChartKind))
def test_render_svg_accessible_and_well_formed(kind):
    chart = make(kind, title="Besoins <&> « thèmes »")
    root = ET.fromstring(render_svg(chart, id_prefix="g1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "g1-titre g1-desc"
    assert root.find(f"{SVG}title").text == "Besoins <&> « thèmes »"
    assert root.find(f"{SVG}desc").text == chart.summary
    legend = root.find(f".//{SVG}g[@class='graphique-legende']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Ouverts", "Clos"]


def test_render_svg_bar_lengths_proportional():
    chart = make(series=(Series("Besoins", (10, 5, 0)),))
    root = ET.fromstring(render_svg(chart))
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0


def test_render_svg_stacked_columns_stack():
    chart = make(ChartKind.STACKED, series=(Series("A", (2, 0, 1)), Series("B", (2, 3, 0))))
    root = ET.fromstring(render_svg(chart))
    groups = root.findall(f".//{SVG}g[@class='graphique-serie graphique-serie-0']") + \
        root.findall(f".//{SVG}g[@class='graphique-serie graphique-serie-1']")
    first_a, first_b = groups[0].find(f"{SVG}rect"), groups[1].find(f"{SVG}rect")
    assert float(first_b.get("y")) + float(first_b.get("height")) == pytest.approx(float(first_a.get("y")))
    assert first_a.find(f"{SVG}title").text == "A — a : 2 besoins"


def test_render_svg_line_series_have_distinct_shapes():
    chart = make(ChartKind.LINE)
    root = ET.fromstring(render_svg(chart))
    first = root.find(f".//{SVG}g[@class='graphique-serie graphique-serie-0']")
    second = root.find(f".//{SVG}g[@class='graphique-serie graphique-serie-1']")
    assert {c.tag for c in first if c.tag != f"{SVG}polyline"} == {f"{SVG}circle"}
    assert {c.tag for c in second if c.tag != f"{SVG}polyline"} == {f"{SVG}rect"}


@pytest.mark.parametrize("kind", [ChartKind.STACKED, ChartKind.LINE])
def test_month_axis_labels_fit_on_two_lines_and_keep_the_full_name(kind):
    keys = month_keys(date(2025, 1, 1), date(2026, 12, 1))
    chart = make(kind, categories=keys, labels=[month_label(k) for k in keys],
                 series=(Series("Visites", tuple(range(len(keys)))),))
    svg = render_svg(chart)
    assert "…" not in svg
    axis = ET.fromstring(svg).findall(f"{SVG}g[@class='graphique-axe']")[-1]
    labels = [([t.text for t in text.iter(f"{SVG}tspan")], text.find(f"{SVG}title").text)
              for text in axis.iter(f"{SVG}text")]
    assert labels[0] == (["janv.", "2025"], "janvier 2025")
    assert (["juil.", "2026"], "juillet 2026") in labels
    assert len(labels) == 12  # one month in two: 24 columns on 584 units


def test_render_svg_empty_chart_says_so():
    chart = make(series=(Series("Ouverts", (0, 0, 0)),), empty_message="Aucun besoin.")
    root = ET.fromstring(render_svg(chart))
    assert "".join(root.find(f".//{SVG}text").itertext()) == "Aucun besoin."
    assert root.find(f".//{SVG}rect") is None


def _axis_ticks(svg: str) -> list[str]:
    axis = ET.fromstring(svg).findall(f"{SVG}g[@class='graphique-axe']")[0]
    return [t.text for t in axis.iter(f"{SVG}text")]


@pytest.mark.parametrize("maximum", [3, 7, 12, 13, 23, 37, 120])
def test_count_ticks_are_whole_numbers(maximum):
    ticks = nice_ticks(maximum, whole=True)
    assert ticks[0] == 0 and ticks[-1] >= maximum
    assert all(float(t).is_integer() for t in ticks), ticks


def test_ticks_of_measures_may_still_fall_between_whole_numbers():
    assert 2.5 in nice_ticks(12) and nice_ticks(0.4)[-1] == 0.4


@pytest.mark.parametrize("kind", list(ChartKind))
def test_an_axis_of_counts_never_shows_a_decimal_tick(kind):
    # 12 at most: steps of 2,5 (« 2,5 », « 7,5 ») for a measure, never for people counted
    svg = render_svg(make(kind, series=(Series("Personnes", (12, 5, 1)),)))
    assert _axis_ticks(svg) == ["0", "5", "10", "15"]
    averages = render_svg(make(kind, series=(Series("Note moyenne", (12, 5, 1.5)),)))
    assert "2,5" in _axis_ticks(averages)


@pytest.mark.parametrize("kind", list(ChartKind))
def test_an_empty_chart_is_a_sentence_as_narrow_as_a_phone(kind):
    message = "Aucune visite apprenante ni aucun rendez-vous Juri-PTCE sur la période choisie."
    root = ET.fromstring(render_svg(make(kind, series=(Series("A", (0, 0, 0)),), empty_message=message)))
    assert "graphique--vide" in root.get("class").split()
    width = float(root.get("viewBox").split()[2])
    assert width <= 320  # a 375-pixel phone, less the page's margins, shows it whole without scrolling
    lines = [span.text for span in root.iter(f"{SVG}tspan")]
    assert " ".join(lines) == message and len(lines) > 1
    assert all(len(line) * 7 <= width for line in lines)  # 13-unit letters are about 7 units wide


def test_render_svg_strips_invalid_xml_characters():
    root = ET.fromstring(render_svg(make(categories=("a\x00", "b", "c"))))
    assert root is not None


LONG_LABEL = "Mutualisation de moyens (locaux, matériel, fonctions support) entre les structures du pôle"


def test_a_chart_is_drawn_for_a_wide_screen_and_for_a_phone_each_with_its_own_names():
    """The walk: a 640-unit chart shrunk on a phone had 5-pixel letters, kept at its size it scrolled sideways. It is
    drawn a second time, 320 units wide, for the stylesheet to show on a phone; an empty chart, a sentence that fits
    both, once."""
    from charts import NARROW_WIDTH, render_for_screens

    drawings = render_for_screens(make(), id_prefix="g1").split("\n<svg")
    assert len(drawings) == 2
    wide, narrow = ET.fromstring(drawings[0]), ET.fromstring("<svg" + drawings[1])
    assert "graphique--large" in wide.get("class") and wide.get("viewBox").split()[2] == "640"
    assert "graphique--etroit" in narrow.get("class") and narrow.get("viewBox").split()[2] == str(NARROW_WIDTH)
    assert (wide.get("aria-labelledby"), narrow.get("aria-labelledby")) == ("g1-titre g1-desc", "g1-etroit-titre g1-etroit-desc")
    empty = render_for_screens(make(series=(Series("Ouverts", (0, 0, 0)),)), id_prefix="g2")
    assert empty.count("<svg") == 1 and "graphique--vide" in empty


def test_the_bars_of_a_phone_put_each_label_above_its_bars_with_its_full_text_in_the_tooltip():
    """Beside a 230-unit label column the bars of a 320-unit drawing had no room left: on a phone each label has its
    own line over the whole width (52 letters, not 38), the full label in its tooltip and in the table."""
    from charts import NARROW_WIDTH

    root = ET.fromstring(render_svg(make(labels=(LONG_LABEL, "b", "c")), width=NARROW_WIDTH))
    labels = root.find(f".//{SVG}g[@class='graphique-libelles']")
    first = labels.find(f"{SVG}text")
    assert first.text == LONG_LABEL[:51].rstrip() + "…" and first.find(f"{SVG}title").text == LONG_LABEL
    assert float(first.get("x")) < 10 and labels.get("text-anchor") is None  # from the left edge, above the bars
    bar = root.find(f".//{SVG}g[@class='graphique-serie graphique-serie-0']/{SVG}rect")
    assert float(bar.get("y")) > float(first.get("y"))  # under its label
    widest = max(float(rect.get("x")) + float(rect.get("width")) for rect in root.iter(f"{SVG}rect"))
    assert widest > NARROW_WIDTH / 2 and widest <= NARROW_WIDTH  # the longest bar uses the width


def test_a_legend_too_long_for_its_line_goes_on_to_the_next_one_instead_of_leaving_a_series_out():
    """On a 320-unit drawing the legend of four series stopped at the second: two colours were named nowhere."""
    series = tuple(Series(name, (1, 2, 3)) for name in ("En attente de décision", "Engagés", "Terminés", "Sans suite"))
    for kind in ChartKind:
        root = ET.fromstring(render_svg(make(kind, series=series), width=320))
        legend = root.find(f".//{SVG}g[@class='graphique-legende']")
        texts = list(legend.iter(f"{SVG}text"))
        assert [t.text for t in texts] == [s.name for s in series], kind
        assert all(float(t.get("x")) + 6.5 * len(t.text) <= 320 for t in texts), kind
        assert len({t.get("y") for t in texts}) == 2, kind
