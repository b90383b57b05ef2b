"""Server-side SVG drawing of :class:`charts.model.Chart` (no JavaScript, no inline style).

Every chart is one ``<svg role="img">`` labelled by its ``<title>`` and
``<desc>``; the numbers are also given as a table by the page, so the drawing
never has to carry them alone. Series differ by colour (Okabe–Ito palette, safe
for the common colour-vision deficiencies) *and* by a named legend entry; lines
also differ by point shape. Colours are presentation attributes, so a
stylesheet may override them through the ``graphique-serie-N`` classes.
"""

from __future__ import annotations

from collections.abc import Callable

import html
import math
import re
import textwrap

from charts.model import MONTH_KEY, Chart, ChartKind, format_number, month_short_label

__all__ = ["NARROW_WIDTH", "PALETTE", "nice_ticks", "render_for_screens", "render_svg"]

#: Okabe–Ito colours, dark enough on white for bars (the yellow is left out).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#999999")
_SHAPES = ("circle", "square", "triangle", "diamond")
_FONT = 'font-family="sans-serif"'
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
#: An empty chart's width (its sentence fits a 375-pixel phone without scrolling) and its line length in letters.
EMPTY_WIDTH, EMPTY_LINE_CHARS = 320, 40
#: A drawing for a phone: shown about as wide as drawn (a 375-pixel screen leaves some 310 pixels to a chart), so its
#: 10–11-unit letters stay 10–11 pixels; under ``NARROW_BELOW`` units the bars put their label above them.
NARROW_WIDTH, NARROW_BELOW = 320, 480
#: Letters a label keeps on its line above the bars of a narrow drawing (the full label is its tooltip and in the table).
NARROW_LABEL_CHARS = 52


def render_for_screens(chart: Chart, *, id_prefix: str | None = None) -> str:
    """The chart drawn twice, for a wide screen (640 units) and for a phone (``NARROW_WIDTH``): the stylesheet shows
    the one that fits its box (``graphique--large``, ``graphique--etroit``), so neither is shrunk to illegible letters
    nor scrolls sideways. An empty chart is one sentence that fits both."""
    prefix = _ID_SAFE.sub("-", id_prefix or f"graphique-{chart.key}")
    if chart.is_empty:
        return render_svg(chart, id_prefix=prefix)
    return "\n".join([render_svg(chart, id_prefix=prefix, screen="large"),
                      render_svg(chart, id_prefix=f"{prefix}-etroit", width=NARROW_WIDTH, screen="etroit")])


def render_svg(chart: Chart, *, id_prefix: str | None = None, width: int = 640, screen: str = "") -> str:
    """The chart as a self-contained accessible ``<svg>`` string; ``screen`` (« large », « etroit ») names the screen
    it is drawn for in its class."""
    prefix = _ID_SAFE.sub("-", id_prefix or f"graphique-{chart.key}")
    modifier = f"graphique--{chart.kind.value}" + (f" graphique--{screen}" if screen else "")
    if chart.is_empty:  # a sentence, not a drawing: as narrow as a phone, it needs no sideways scrolling
        width, modifier = EMPTY_WIDTH, f"graphique--{chart.kind.value} graphique--vide"
        body, height = _empty(chart, width)
    elif chart.kind is ChartKind.BAR and width < NARROW_BELOW:
        body, height = _bars_narrow(chart, width)
    elif chart.kind is ChartKind.BAR:
        body, height = _bars(chart, width)
    elif chart.kind is ChartKind.STACKED:
        body, height = _columns(chart, width)
    else:
        body, height = _lines(chart, width)
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_n(height)}" class="graphique '
        f'{modifier}" role="img" aria-labelledby="{prefix}-titre {prefix}-desc">',
        f'<title id="{prefix}-titre">{_text(chart.title)}</title>',
        f'<desc id="{prefix}-desc">{_text(chart.summary)}</desc>',
        *body,
        "</svg>",
    ])


def nice_ticks(maximum: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (1, 2, 2.5 or 5 times a power of ten).

    ``whole``: the values are counts, so every tick is a whole number (no « 2,5 » between 0 and 5 people).
    """
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next((m * power for m in (1, 2, 2.5, 5, 10)
                 if m * power >= raw and (not whole or float(m * power).is_integer())), 10 * power)
    if maximum >= 1 and step < 1:
        step = 1.0
    ticks = [0.0]
    while ticks[-1] < maximum - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


# ---------------------------------------------------------------- bar chart


def _bars(chart: Chart, width: int) -> tuple[list[str], float]:
    """Horizontal bars: long category names (themes, regions) stay readable."""
    label_w, right, top = 230.0, 46.0, 8.0
    legend_h = _legend_height(chart, 8.0, width) + 4.0 if len(chart.series) > 1 else 0.0
    bar_h, gap = 14.0, 8.0
    group_h = bar_h * max(len(chart.series), 1) + gap
    plot_w = width - label_w - right
    n = len(chart.categories)
    height = top + legend_h + n * group_h + 24.0
    maximum = max((v for s in chart.series for v in s.values), default=0.0)
    ticks = nice_ticks(maximum, whole=chart.whole_numbers)
    scale = plot_w / ticks[-1]
    out = _legend(chart, 8.0, top, width) if legend_h else []
    y0 = top + legend_h
    axis_y = y0 + n * group_h
    out += _grid_lines([label_w + tick * scale for tick in ticks], y0, axis_y)
    out.append(f'<g class="graphique-axe" {_FONT} font-size="10" fill="#44525c" text-anchor="middle">')
    for tick in ticks:
        out.append(f'<text x="{_n(label_w + tick * scale)}" y="{_n(axis_y + 14)}">'
                   f"{_text(format_number(tick))}</text>")
    out.append("</g>")
    out.append(f'<g class="graphique-libelles" {_FONT} font-size="11" fill="#1d2a33" text-anchor="end">')
    for index, label in enumerate(chart.display_labels):
        y = y0 + index * group_h + (group_h - gap) / 2 + 4
        out.append(f'<text x="{_n(label_w - 6)}" y="{_n(y)}">{_text(_shorten(label, 38))}'
                   f"<title>{_text(label)}</title></text>")
    out.append("</g>")
    out += _bar_series(chart, x0=label_w, scale=scale, bar_h=bar_h,
                       top_of=lambda index, s_index: y0 + index * group_h + s_index * bar_h)
    return out, round(height, 1)


def _bar_series(chart: Chart, *, x0: float, scale: float, bar_h: float,
                top_of: Callable[[int, int], float]) -> list[str]:
    """Each series' horizontal bars, with their tooltips, and their values at their ends; ``top_of(category,
    series)``: where a bar's top is."""
    out = []
    for s_index, series in enumerate(chart.series):
        out.append(f'<g class="graphique-serie graphique-serie-{s_index}" fill="{PALETTE[s_index % len(PALETTE)]}">')
        for index, value in enumerate(series.values):
            out.append(f'<rect x="{_n(x0)}" y="{_n(top_of(index, s_index))}" width="{_n(max(value * scale, 0.0))}" '
                       f'height="{_n(bar_h - 2)}"><title>{_text(_point_title(chart, series.name, index, value))}'
                       "</title></rect>")
        out.append("</g>")
        out.append(f'<g class="graphique-valeurs" {_FONT} font-size="10" fill="#1d2a33">')
        for index, value in enumerate(series.values):
            out.append(f'<text x="{_n(x0 + value * scale + 4)}" y="{_n(top_of(index, s_index) + bar_h - 4)}">'
                       f"{_text(format_number(value))}</text>")
        out.append("</g>")
    return out


def _grid_lines(xs: list[float], y0: float, axis_y: float) -> list[str]:
    """The vertical grid of a bar chart, one line per tick, from the first bar to the axis."""
    return ['<g class="graphique-grille" stroke="#d5dae0" stroke-width="1" aria-hidden="true">',
            *(f'<line x1="{_n(x)}" y1="{_n(y0)}" x2="{_n(x)}" y2="{_n(axis_y)}"/>' for x in xs), "</g>"]


def _bars_narrow(chart: Chart, width: int) -> tuple[list[str], float]:
    """Horizontal bars for a phone: each category's label on its own line above its bars, which take the whole
    width (beside a 230-unit label column they would have had none left)."""
    left, right, top = 2.0, 40.0, 8.0
    legend_h = _legend_height(chart, left, width) + 4.0 if len(chart.series) > 1 else 0.0
    label_h, bar_h, gap = 15.0, 14.0, 9.0
    group_h = label_h + bar_h * max(len(chart.series), 1) + gap
    plot_w = width - left - right
    n = len(chart.categories)
    height = top + legend_h + n * group_h + 16.0
    maximum = max((v for s in chart.series for v in s.values), default=0.0)
    ticks = nice_ticks(maximum, whole=chart.whole_numbers)
    scale = plot_w / ticks[-1]
    out = _legend(chart, left, top, width) if legend_h else []
    y0 = top + legend_h
    axis_y = y0 + n * group_h
    out += _grid_lines([left + tick * scale for tick in ticks], y0, axis_y)
    out.append(f'<g class="graphique-axe" {_FONT} font-size="10" fill="#44525c" text-anchor="middle">')
    for tick in ticks:
        x = min(max(left + tick * scale, left + 4), width - 8)
        out.append(f'<text x="{_n(x)}" y="{_n(axis_y + 12)}">{_text(format_number(tick))}</text>')
    out.append("</g>")
    out.append(f'<g class="graphique-libelles" {_FONT} font-size="11" fill="#1d2a33">')
    for index, label in enumerate(chart.display_labels):
        y = y0 + index * group_h + label_h - 4
        out.append(f'<text x="{_n(left)}" y="{_n(y)}">{_text(_shorten(label, NARROW_LABEL_CHARS))}'
                   f"<title>{_text(label)}</title></text>")
    out.append("</g>")
    out += _bar_series(chart, x0=left, scale=scale, bar_h=bar_h,
                       top_of=lambda index, s_index: y0 + index * group_h + label_h + s_index * bar_h)
    return out, round(height, 1)


# --------------------------------------------------------- stacked columns


def _columns(chart: Chart, width: int) -> tuple[list[str], float]:
    height = 280.0
    n = len(chart.categories)
    totals = [sum(s.values[i] for s in chart.series) for i in range(n)]
    out, left, slot, scale, base_y = _value_axes(chart, width, height, max(totals))
    col_w = max(min(slot * 0.7, 40.0), 1.0)
    stacked = [0.0] * n
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        out.append(f'<g class="graphique-serie graphique-serie-{s_index}" fill="{colour}" '
                   'stroke="#ffffff" stroke-width="0.5">')
        for index, value in enumerate(series.values):
            if value <= 0:
                continue
            h = value * scale
            y = base_y - stacked[index] * scale - h
            x = left + index * slot + (slot - col_w) / 2
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(col_w)}" height="{_n(h)}">'
                       f"<title>{_text(_point_title(chart, series.name, index, value))}</title></rect>")
            stacked[index] += value
        out.append("</g>")
    return out, height


# ------------------------------------------------------------------- lines


def _lines(chart: Chart, width: int) -> tuple[list[str], float]:
    height = 260.0
    out, left, slot, scale, base_y = _value_axes(chart, width, height, max(v for s in chart.series for v in s.values))
    for s_index, series in enumerate(chart.series):
        colour = PALETTE[s_index % len(PALETTE)]
        points = [(left + (i + 0.5) * slot, base_y - v * scale) for i, v in enumerate(series.values)]
        out.append(f'<g class="graphique-serie graphique-serie-{s_index}" stroke="{colour}" fill="{colour}">')
        out.append('<polyline fill="none" stroke-width="2" points="'
                   + " ".join(f"{_n(x)},{_n(y)}" for x, y in points) + '"/>')
        for index, (x, y) in enumerate(points):
            title = _text(_point_title(chart, series.name, index, series.values[index]))
            out.append(_shape(_SHAPES[s_index % len(_SHAPES)], x, y, 3.5, f"<title>{title}</title>"))
        out.append("</g>")
    return out, height


# ----------------------------------------------------------------- pieces


def _value_axes(chart: Chart, width: int, height: float,
                peak: float) -> tuple[list[str], float, float, float, float]:
    """Legend, value axis up to ``peak`` and category labels of a column or line chart.

    Returns the SVG so far, the plot's left edge, the width of one category's slot, the scale
    (pixels per unit) and the baseline's y.
    """
    left, right, top, bottom = 44.0, 12.0, 30.0, 34.0
    top += max(_legend_height(chart, left, width) - _LEGEND_LINE, 0.0)  # a legend on two lines pushes the plot down
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = nice_ticks(peak, whole=chart.whole_numbers)
    scale = plot_h / ticks[-1]
    slot = plot_w / len(chart.categories)
    base_y = top + plot_h
    out = _legend(chart, left, 6.0, width)
    out += _y_axis(ticks, scale, left, width - right, base_y)
    out += _x_labels(chart, left, slot, base_y)
    return out, left, slot, scale, base_y


#: Height of one line of legend.
_LEGEND_LINE = 18.0


def _legend_places(chart: Chart, x: float, width: int) -> list[tuple[float, int]]:
    """Where each series' entry goes: its x and its line (0, 1…). An entry that would pass the right edge starts a
    new line, so every colour is named whatever the width."""
    places, cursor, line = [], x, 0
    for series in chart.series:
        text_w = 6.5 * len(series.name) + 24
        if cursor + text_w > width and cursor > x:
            cursor, line = x, line + 1
        places.append((cursor, line))
        cursor += text_w
    return places


def _legend_height(chart: Chart, x: float, width: int) -> float:
    places = _legend_places(chart, x, width)
    return _LEGEND_LINE * (places[-1][1] + 1) if places else 0.0


def _legend(chart: Chart, x: float, y: float, width: int) -> list[str]:
    out = [f'<g class="graphique-legende" {_FONT} font-size="11" fill="#1d2a33">']
    for s_index, (series, (cursor, line)) in enumerate(zip(chart.series, _legend_places(chart, x, width))):
        colour = PALETTE[s_index % len(PALETTE)]
        top = y + line * _LEGEND_LINE
        if chart.kind is ChartKind.LINE:
            swatch = _shape(_SHAPES[s_index % len(_SHAPES)], cursor + 5, top + 7, 4.0, "", fill=colour)
        else:
            swatch = f'<rect x="{_n(cursor)}" y="{_n(top + 2)}" width="10" height="10" fill="{colour}"/>'
        out.append(swatch)
        out.append(f'<text x="{_n(cursor + 14)}" y="{_n(top + 11)}">{_text(series.name)}</text>')
    out.append("</g>")
    return out


def _y_axis(ticks: list[float], scale: float, left: float, right: float, base_y: float) -> list[str]:
    out = ['<g class="graphique-grille" stroke="#d5dae0" stroke-width="1" aria-hidden="true">']
    for tick in ticks:
        y = base_y - tick * scale
        out.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}"/>')
    out.append("</g>")
    out.append(f'<g class="graphique-axe" {_FONT} font-size="10" fill="#44525c" text-anchor="end">')
    for tick in ticks:
        out.append(f'<text x="{_n(left - 5)}" y="{_n(base_y - tick * scale + 3)}">'
                   f"{_text(format_number(tick))}</text>")
    out.append("</g>")
    return out


def _x_labels(chart: Chart, left: float, slot: float, base_y: float) -> list[str]:
    """The category labels under the columns, as many as fit. A month is written on two lines, its short name
    over its year (« janv. » / « 2026 »): « janvier 2026 » on one line was cut (« janvier 2… »). The full label
    stays in the point titles and the data table."""
    labels = chart.display_labels
    months = all(MONTH_KEY.fullmatch(key) for key in chart.categories)
    every = max(1, math.ceil((34 if months else 46) / slot))  # the width one label needs
    out = [f'<g class="graphique-axe" {_FONT} font-size="10" fill="#44525c" text-anchor="middle">']
    for index, (key, label) in enumerate(zip(chart.categories, labels)):
        if index % every:
            continue
        x = _n(left + (index + 0.5) * slot)
        if months:
            month, year = month_short_label(key).split(" ")
            out.append(f'<text x="{x}" y="{_n(base_y + 13)}"><title>{_text(label)}</title>'
                       f'<tspan x="{x}">{_text(month)}</tspan><tspan x="{x}" dy="12">{year}</tspan></text>')
        else:
            out.append(f'<text x="{x}" y="{_n(base_y + 14)}">{_text(_shorten(label, 10))}</text>')
    out.append("</g>")
    return out


def _shape(kind: str, x: float, y: float, r: float, inner: str, fill: str | None = None) -> str:
    fill_attr = f' fill="{fill}"' if fill else ""
    if kind == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}"{fill_attr}>{inner}</circle>'
    if kind == "square":
        return (f'<rect x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}"'
                f"{fill_attr}>{inner}</rect>")
    if kind == "triangle":
        points = f"{_n(x)},{_n(y - r * 1.2)} {_n(x + r * 1.1)},{_n(y + r * 0.8)} {_n(x - r * 1.1)},{_n(y + r * 0.8)}"
    else:
        points = f"{_n(x)},{_n(y - r * 1.3)} {_n(x + r * 1.3)},{_n(y)} {_n(x)},{_n(y + r * 1.3)} {_n(x - r * 1.3)},{_n(y)}"
    return f'<polygon points="{points}"{fill_attr}>{inner}</polygon>'


def _empty(chart: Chart, width: int) -> tuple[list[str], float]:
    """The chart's empty message from the left edge, as the sentences around it, its lines broken to fit ``width``
    (13-unit letters, about 7 units each)."""
    lines = textwrap.wrap(chart.empty_message, EMPTY_LINE_CHARS) or [""]
    spans = "".join(f'<tspan x="0" dy="{0 if i == 0 else 18}">{_text(line)}</tspan>' for i, line in enumerate(lines))
    return ([f'<text class="graphique-vide" y="26" {_FONT} font-size="13" fill="#44525c">{spans}</text>'],
            18.0 * len(lines) + 22.0)


def _point_title(chart: Chart, series_name: str, index: int, value: float) -> str:
    unit = f" {chart.unit}" if chart.unit else ""
    prefix = f"{series_name} — " if len(chart.series) > 1 else ""
    return f"{prefix}{chart.display_labels[index]} : {format_number(value)}{unit}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _text(value: object) -> str:
    return html.escape(_XML_INVALID.sub("", str(value)), quote=False)
