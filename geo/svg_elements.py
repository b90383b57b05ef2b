"""The map's markers and links, and the SVG element each becomes (cached: a page redrawn with the same
poles reuses their strings)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from geo.svg_geometry import Point
from geo.svg_text import attr, classes, num, safe_href, text



#: Marker shapes :meth:`FranceMap.render_svg` can draw (so a legend need not rely on colour).
MARKER_SHAPES = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Marker:
    """A point on the map; with ``href`` it becomes a link.

    ``shape`` is one of :data:`MARKER_SHAPES`; an unknown shape raises
    ``ValueError`` when the map is rendered.
    """

    x: float
    y: float
    label: str
    css_class: str = ""
    href: str | None = None
    shape: str = "circle"


@dataclass(frozen=True)
class Link:
    """A line between two map points, e.g. a visiting pole and its host."""

    start: Point
    end: Point
    css_class: str = ""
    label: str | None = None


#: Elements are pure functions of their (frozen, hashable) inputs: a page redrawn with the same
#: poles reuses their strings (2,000 markers cost a few dictionary look-ups, not 2,000 escapes).
ELEMENT_CACHE_SIZE = 16_384


#: Keeps a stroke's width on screen whatever the zoom (framed maps).
NON_SCALING = 'vector-effect="non-scaling-stroke" '
FIXED_STROKE = re.compile(r"^(<[a-z]+ )")


@lru_cache(maxsize=ELEMENT_CACHE_SIZE)
def link_element(link: Link, fixed: bool = False) -> str:
    (x1, y1), (x2, y2) = link.start, link.end
    css = attr(classes("carte-lien", link.css_class))
    tooltip = f"<title>{text(link.label)}</title>" if link.label else ""
    return (f'<line {NON_SCALING if fixed else ""}class="{css}" x1="{num(x1)}" y1="{num(y1)}" '
            f'x2="{num(x2)}" y2="{num(y2)}">{tooltip}</line>')


@lru_cache(maxsize=ELEMENT_CACHE_SIZE)
def marker_element(marker: Marker, radius: float, fixed: bool = False) -> str:
    css = attr(classes("carte-marqueur", marker.css_class))
    label = attr(marker.label)  # quote-escaped text is also valid element content
    shape = marker_shape(marker, css, radius, label)
    if fixed:
        shape = FIXED_STROKE.sub(r"\1" + NON_SCALING, shape, 1)
    if marker.href:
        return f'<a href="{attr(safe_href(marker.href))}" aria-label="{label}">{shape}</a>'
    return shape


def marker_shape(marker: Marker, css: str, radius: float, escaped_label: str) -> str:
    x, y, r = marker.x, marker.y, radius
    title = f"<title>{escaped_label}</title>"
    if marker.shape == "circle":
        return f'<circle class="{css}" cx="{num(x)}" cy="{num(y)}" r="{num(r)}">{title}</circle>'
    if marker.shape == "square":
        side = r * 1.7
        return (f'<rect class="{css}" x="{num(x - side / 2)}" y="{num(y - side / 2)}" '
                f'width="{num(side)}" height="{num(side)}">{title}</rect>')
    if marker.shape == "triangle":
        points = [(x, y - r * 1.3), (x + r * 1.15, y + r * 0.75), (x - r * 1.15, y + r * 0.75)]
    elif marker.shape == "diamond":
        points = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    else:
        raise ValueError(f"unknown marker shape {marker.shape!r} (expected one of {MARKER_SHAPES})")
    coords = " ".join(f"{num(px)},{num(py)}" for px, py in points)
    return f'<polygon class="{css}" points="{coords}">{title}</polygon>'


def spread(center: Point, index: int, step: float = 4.5) -> Point:
    """The ``index``-th of several points sharing ``center``, fanned out so none overlap.

    Points follow a sunflower (Vogel) spiral: index 0 stays on the centre, the
    n-th lies ``step * sqrt(n)`` away at n times the golden angle, so any number
    of markers around one département centroid keep about ``step`` between them.
    """
    if index <= 0:
        return center
    angle = index * GOLDEN_ANGLE
    radius = step * math.sqrt(index)
    return (round(center[0] + radius * math.cos(angle), 1),
            round(center[1] + radius * math.sin(angle), 1))


#: The sunflower spiral's turn between two points.
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
