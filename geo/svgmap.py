"""A self-drawn SVG map of France: 13 mainland regions plus 5 overseas insets.

No tiles, no CDN: the outlines come from ``data/regions.geojson`` and are
projected once into SVG user units. The layout is

- the mainland (Corsica included) in an equirectangular projection whose
  longitudes are scaled by cos(mean latitude), which keeps France's shape
  within a few per cent at this size;
- below it, one row of five inset boxes (Guadeloupe, Martinique, Guyane,
  La Réunion, Mayotte), each with its own scale so every territory fills its
  box, and its name written in the box. The scales differ from the mainland
  and from each other, as on every printed map of France.

A map can also be framed on one region (``render_svg(frame=code)``, the
geometry in :mod:`geo.framing`): the viewBox becomes that region's extent.

Everything returned is plain data (path strings, coordinates, dataclasses)
for a Jinja template; :func:`render_svg` also produces a complete accessible
``<svg>`` string for the common case.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from collections.abc import Iterable, Sequence

from geo import framing
from geo.data import DATA_DIR, get_departement, load_departements

__all__ = [
    "FranceMap",
    "Inset",
    "Link",
    "Marker",
    "RegionShape",
    "default_map",
    "departement_point",
    "render_svg",
    "spread",
]

Point = tuple[float, float]


@dataclass(frozen=True)
class RegionShape:
    """One region as SVG path data, in the map's user units."""

    code: str
    nom: str
    d: str
    outre_mer: bool


@dataclass(frozen=True)
class Inset:
    """The box in which an overseas region is drawn, with its caption position."""

    code: str
    nom: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float


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


@dataclass(frozen=True)
class _Frame:
    """An affine lon/lat -> SVG mapping (y grows downwards)."""

    lon0: float
    lat0: float
    kx: float
    ky: float
    x0: float
    y0: float

    def project(self, lon: float, lat: float) -> Point:
        return (self.x0 + (lon - self.lon0) * self.kx, self.y0 + (self.lat0 - lat) * self.ky)


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    mainland: _Frame
    frames: dict[str, _Frame]
    bounds: dict[str, tuple[float, float, float, float]]
    insets: list[Inset]
    shapes: list[RegionShape]
    boxes: dict[str, framing.Box]  # each region's extent in user units


#: Order of the overseas insets, west to east as on IGN maps.
_INSET_ORDER = ("01", "02", "03", "04", "06")
#: How far (degrees) around an overseas region a point is still "in" it when
#: ``project`` has to guess the region.
_OVERSEAS_SLACK = 1.5
_CAPTION = 13.0  # height of the caption band at the top of an inset box


class FranceMap:
    """The projected map of France, built lazily from ``regions.geojson``.

    Parameters
    ----------
    data_dir:
        Folder holding ``regions.geojson`` and ``departements.csv``; defaults
        to the repository's ``data/``.
    width:
        Width of the viewBox in user units; the height follows from the shape.
    margin:
        Blank border around the drawing.
    """

    def __init__(
        self, data_dir: str | Path | None = None, *, width: float = 600.0, margin: float = 10.0
    ) -> None:
        self.data_dir = data_dir
        self.width = width
        self.margin = margin

    # -- public ------------------------------------------------------------------

    @property
    def viewbox(self) -> str:
        """The value of the ``viewBox`` attribute, e.g. ``"0 0 600 712"``."""
        layout = self._layout
        return f"0 0 {_num(layout.width)} {_num(layout.height)}"

    @property
    def height(self) -> float:
        return self._layout.height

    def region_paths(self) -> list[RegionShape]:
        """All 18 regions (mainland first, in file order), paths cached."""
        return list(self._layout.shapes)

    def insets(self) -> list[Inset]:
        """The five overseas inset boxes, left to right."""
        return list(self._layout.insets)

    def project(self, lon: float, lat: float, region_code: str | None = None) -> Point:
        """SVG coordinates of a lon/lat point.

        With an overseas ``region_code`` ("01" Guadeloupe ... "06" Mayotte) the
        point goes into that region's inset; with a mainland code, into the
        mainland frame. Without a code the region is guessed: a point within
        1.5° of an overseas region goes to its inset, anything else to the
        mainland frame (it may then fall outside the viewBox).
        """
        layout = self._layout
        if region_code is None:
            region_code = self._guess_overseas(lon, lat)
        frame = layout.frames.get(region_code or "", layout.mainland)
        x, y = frame.project(lon, lat)
        return (round(x, 1), round(y, 1))

    def departement_point(self, code: str) -> Point:
        """The centroid of a département ("69", "2A", "974") on the map (points cached)."""
        point = self._departement_points.get(code)
        if point is None:
            departement = get_departement(code, self.data_dir)
            point = self._departement_points[departement.code]
        return point

    def region_point(self, code: str) -> Point:
        """A central point of a region: the mean of its départements' centroids, on the map.

        Raises ``KeyError`` for a region without any département in ``departements.csv``.
        """
        try:
            return self._region_points[code]
        except KeyError:
            raise KeyError(f"unknown region code {code!r}") from None

    def region_box(self, code: str) -> framing.Box:
        """The extent of a region's outline in user units (``KeyError`` for an unknown code)."""
        return self._layout.boxes[code]

    def viewport(self, code: str, points: Iterable[Point] = ()) -> framing.Viewport:
        """The frame on region ``code`` (an overseas one: within its inset), grown to hold ``points``."""
        return framing.frame(framing.union(self.region_box(code), points), base_width=self._layout.width)

    def render_svg(
        self,
        markers: Iterable[Marker] = (),
        links: Iterable[Link] = (),
        *,
        title: str,
        desc: str | None = None,
        id_prefix: str = "carte",
        marker_radius: float = 5.0,
        highlight: Iterable[str] = (),
        frame: str | None = None,
    ) -> str:
        """A complete, self-contained ``<svg>`` string.

        Accessibility: the ``<svg>`` is labelled by its ``<title>`` and
        ``<desc>``; a marker with ``href`` is an ``<a>`` with an ``aria-label``,
        one without is a shape with a ``<title>`` tooltip. When no marker is a
        link the map is one image (``role="img"``); when some are, the role is
        ``"group"`` instead, because ``img`` makes its children presentational
        and would hide the links from screen readers.

        Colours are SVG presentation attributes, so a stylesheet can override
        them through the classes (``carte-region``, ``carte-marqueur``,
        ``carte-lien``...); no inline ``style``. All text is XML-escaped and
        hrefs with a scheme other than http(s)/mailto are refused. Regions whose
        codes are in ``highlight`` get the class ``carte-region--choisie`` and a
        darker fill. The region outlines are built once per map and reused.

        With ``frame`` (a region code) the viewBox is that region (:meth:`viewport`, markers kept in):
        a mainland region is drawn among its neighbours, without the insets; an overseas one alone in
        its inset. Markers are shrunk by the zoom and strokes do not scale, so both keep about their
        size on screen; lines to places outside the frame are cut at its edge.
        """
        markers = list(markers)
        links = list(links)
        layout = self._layout
        prefix = _attr(id_prefix)
        view = self.viewport(frame, ((m.x, m.y) for m in markers)) if frame else None
        shapes = self._framed_shapes(frame) if frame else list(zip(layout.shapes, self._region_elements))
        if desc is None:
            where = "Carte de France métropolitaine et des cinq régions d'outre-mer en encarts"
            if frame:
                name = next(shape.nom for shape in layout.shapes if shape.code == frame)
                where = f"Carte de la région {name}" + ("" if len(shapes) == 1 else " et de ses voisines")
            desc = f"{where}, {len(markers)} point(s) et {len(links)} liaison(s)."
        interactive = any(m.href for m in markers)
        framed = f' data-cadre="{_attr(frame)}"' if view else ""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view.viewbox if view else self.viewbox}" '
            f'class="carte"{framed} role="{"group" if interactive else "img"}" '
            f'aria-labelledby="{prefix}-titre {prefix}-desc">',
            f'<title id="{prefix}-titre">{_text(title)}</title>',
            f'<desc id="{prefix}-desc">{_text(desc)}</desc>',
        ]
        if view is None:
            out.extend(self._inset_elements())
        out.append('<g class="carte-regions" fill="#e4eaee" stroke="#ffffff" stroke-width="0.8" '
                   'fill-rule="evenodd">')
        chosen = set(highlight)
        for shape, (plain, marked) in shapes:
            out.append(marked if shape.code in chosen else plain)
        out.append("</g>")
        fixed = view is not None
        if links:
            out.append('<g class="carte-liens" stroke="#1f6f8b" stroke-width="1.5" '
                       'stroke-opacity="0.7" fill="none">')
            out.extend(_link_element(link, fixed) for link in links)
            out.append("</g>")
        if markers:
            radius = float(marker_radius) / (view.zoom if view else 1.0)
            out.append('<g class="carte-marqueurs" fill="#c0392b" stroke="#ffffff" stroke-width="1">')
            out.extend(_marker_element(marker, radius, fixed) for marker in markers)
            out.append("</g>")
        out.append("</svg>")
        return "\n".join(out)

    # -- internals ---------------------------------------------------------------

    def _inset_elements(self) -> list[str]:
        layout = self._layout
        out = ['<g class="carte-encarts" fill="none" stroke="#b8c4cc" stroke-width="0.8">']
        for inset in layout.insets:
            out.append(
                f'<rect class="carte-encart" x="{_num(inset.x)}" y="{_num(inset.y)}" '
                f'width="{_num(inset.width)}" height="{_num(inset.height)}" rx="3"/>'
            )
        out.append("</g>")
        out.append('<g class="carte-encarts-titres" font-family="sans-serif" font-size="9" '
                   'fill="#44525c" text-anchor="middle" aria-hidden="true">')
        for inset in layout.insets:
            out.append(f'<text class="carte-encart__titre" x="{_num(inset.label_x)}" '
                       f'y="{_num(inset.label_y)}">{_text(inset.nom)}</text>')
        out.append("</g>")
        return out

    def _framed_shapes(self, code: str) -> list[tuple[RegionShape, tuple[str, str]]]:
        """The outlines drawn around region ``code``: the mainland, or the overseas region alone (its
        strokes keep their width on screen)."""
        overseas = code in self._layout.frames
        return [(shape, tuple(_FIXED_STROKE.sub(r"\1" + _NON_SCALING, e, 1) for e in elements))
                for shape, elements in zip(self._layout.shapes, self._region_elements)
                if (shape.code == code if overseas else not shape.outre_mer)]

    @cached_property
    def _region_elements(self) -> list[tuple[str, str]]:
        """Each region's ``<path>`` element, plain and highlighted (built once per map)."""
        elements = []
        for shape in self._layout.shapes:
            css = "carte-region carte-region--outre-mer" if shape.outre_mer else "carte-region"
            tail = f'data-code="{_attr(shape.code)}" d="{shape.d}"><title>{_text(shape.nom)}</title></path>'
            elements.append((f'<path class="{css}" {tail}',
                             f'<path class="{css} carte-region--choisie" fill="#c9d6df" {tail}'))
        return elements

    @cached_property
    def _departement_points(self) -> dict[str, Point]:
        return {code: self.project(d.longitude, d.latitude, d.code_region)
                for code, d in load_departements(self.data_dir).items()}

    @cached_property
    def _region_points(self) -> dict[str, Point]:
        sums: dict[str, list[float]] = {}
        for departement in load_departements(self.data_dir).values():
            entry = sums.setdefault(departement.code_region, [0.0, 0.0, 0])
            entry[0] += departement.longitude
            entry[1] += departement.latitude
            entry[2] += 1
        return {code: self.project(lon / n, lat / n, code) for code, (lon, lat, n) in sums.items()}

    def _guess_overseas(self, lon: float, lat: float) -> str | None:
        for code, (lon_min, lat_min, lon_max, lat_max) in self._layout.bounds.items():
            if (lon_min - _OVERSEAS_SLACK <= lon <= lon_max + _OVERSEAS_SLACK
                    and lat_min - _OVERSEAS_SLACK <= lat <= lat_max + _OVERSEAS_SLACK):
                return code
        return None

    @cached_property
    def _layout(self) -> _Layout:
        """Read the geojson once and project every outline (the expensive part)."""
        data_dir = Path(self.data_dir) if self.data_dir is not None else DATA_DIR
        features = json.loads((data_dir / "regions.geojson").read_text(encoding="utf-8"))["features"]
        mainland = [f for f in features if not f["properties"]["outre_mer"]]
        overseas = {f["properties"]["code"]: f for f in features if f["properties"]["outre_mer"]}

        width, margin = float(self.width), float(self.margin)
        lon_min, lat_min, lon_max, lat_max = _bounds(mainland)
        cos_mid = math.cos(math.radians((lat_min + lat_max) / 2))
        k = (width - 2 * margin) / ((lon_max - lon_min) * cos_mid)
        main_frame = _Frame(lon_min, lat_max, k * cos_mid, k, margin, margin)
        mainland_height = (lat_max - lat_min) * k

        order = [c for c in _INSET_ORDER if c in overseas] + sorted(set(overseas) - set(_INSET_ORDER))
        gap = 8.0
        count = max(len(order), 1)
        box_w = (width - 2 * margin - gap * (count - 1)) / count
        box_h = box_w
        box_y = margin + mainland_height + 2 * gap
        frames: dict[str, _Frame] = {}
        bounds: dict[str, tuple[float, float, float, float]] = {}
        insets: list[Inset] = []
        for index, code in enumerate(order):
            feature = overseas[code]
            box_x = margin + index * (box_w + gap)
            bounds[code] = _bounds([feature])
            frames[code] = _fit_frame(bounds[code], box_x, box_y + _CAPTION, box_w, box_h - _CAPTION,
                                      padding=5.0)
            insets.append(Inset(code=code, nom=feature["properties"]["nom"], x=round(box_x, 1),
                                y=round(box_y, 1), width=round(box_w, 1), height=round(box_h, 1),
                                label_x=round(box_x + box_w / 2, 1),
                                label_y=round(box_y + _CAPTION - 3.5, 1)))

        shapes, boxes = [], {}
        for feature in mainland + [overseas[c] for c in order]:
            props = feature["properties"]
            frame = frames.get(props["code"], main_frame)
            lon_a, lat_a, lon_b, lat_b = _bounds([feature])
            boxes[props["code"]] = (*frame.project(lon_a, lat_b), *frame.project(lon_b, lat_a))
            shapes.append(RegionShape(code=props["code"], nom=props["nom"],
                                      d=_path_data(feature["geometry"], frame),
                                      outre_mer=bool(props["outre_mer"])))
        height = (box_y + box_h + margin) if order else (2 * margin + mainland_height)
        return _Layout(width=width, height=round(height, 1), mainland=main_frame, frames=frames,
                       bounds=bounds, insets=insets, shapes=shapes, boxes=boxes)


# ------------------------------------------------------------------ module level


@lru_cache(maxsize=4)
def default_map(data_dir: str | None = None) -> FranceMap:
    """A shared :class:`FranceMap` per data folder (its paths are computed once)."""
    return FranceMap(data_dir)


def departement_point(code: str, data_dir: str | Path | None = None) -> Point:
    """The centroid of a département on the default map."""
    return default_map(None if data_dir is None else str(data_dir)).departement_point(code)


def render_svg(
    markers: Iterable[Marker] = (),
    links: Iterable[Link] = (),
    *,
    title: str,
    desc: str | None = None,
    data_dir: str | Path | None = None,
    id_prefix: str = "carte",
) -> str:
    """:meth:`FranceMap.render_svg` on the default map."""
    return default_map(None if data_dir is None else str(data_dir)).render_svg(
        markers, links, title=title, desc=desc, id_prefix=id_prefix)


def spread(center: Point, index: int, step: float = 4.5) -> Point:
    """The ``index``-th of several points sharing ``center``, fanned out so none overlap.

    Points follow a sunflower (Vogel) spiral: index 0 stays on the centre, the
    n-th lies ``step * sqrt(n)`` away at n times the golden angle, so any number
    of markers around one département centroid keep about ``step`` between them.
    """
    if index <= 0:
        return center
    angle = index * _GOLDEN_ANGLE
    radius = step * math.sqrt(index)
    return (round(center[0] + radius * math.cos(angle), 1),
            round(center[1] + radius * math.sin(angle), 1))


_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


#: Elements are pure functions of their (frozen, hashable) inputs: a page redrawn with the same
#: poles reuses their strings (2,000 markers cost a few dictionary look-ups, not 2,000 escapes).
_ELEMENT_CACHE_SIZE = 16_384


#: Keeps a stroke's width on screen whatever the zoom (framed maps).
_NON_SCALING = 'vector-effect="non-scaling-stroke" '
_FIXED_STROKE = re.compile(r"^(<[a-z]+ )")


@lru_cache(maxsize=_ELEMENT_CACHE_SIZE)
def _link_element(link: Link, fixed: bool = False) -> str:
    (x1, y1), (x2, y2) = link.start, link.end
    css = _attr(_classes("carte-lien", link.css_class))
    tooltip = f"<title>{_text(link.label)}</title>" if link.label else ""
    return (f'<line {_NON_SCALING if fixed else ""}class="{css}" x1="{_num(x1)}" y1="{_num(y1)}" '
            f'x2="{_num(x2)}" y2="{_num(y2)}">{tooltip}</line>')


@lru_cache(maxsize=_ELEMENT_CACHE_SIZE)
def _marker_element(marker: Marker, radius: float, fixed: bool = False) -> str:
    css = _attr(_classes("carte-marqueur", marker.css_class))
    label = _attr(marker.label)  # quote-escaped text is also valid element content
    shape = _marker_shape(marker, css, radius, label)
    if fixed:
        shape = _FIXED_STROKE.sub(r"\1" + _NON_SCALING, shape, 1)
    if marker.href:
        return f'<a href="{_attr(_safe_href(marker.href))}" aria-label="{label}">{shape}</a>'
    return shape


def _marker_shape(marker: Marker, css: str, radius: float, escaped_label: str) -> str:
    x, y, r = marker.x, marker.y, radius
    title = f"<title>{escaped_label}</title>"
    if marker.shape == "circle":
        return f'<circle class="{css}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}">{title}</circle>'
    if marker.shape == "square":
        side = r * 1.7
        return (f'<rect class="{css}" x="{_num(x - side / 2)}" y="{_num(y - side / 2)}" '
                f'width="{_num(side)}" height="{_num(side)}">{title}</rect>')
    if marker.shape == "triangle":
        points = [(x, y - r * 1.3), (x + r * 1.15, y + r * 0.75), (x - r * 1.15, y + r * 0.75)]
    elif marker.shape == "diamond":
        points = [(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)]
    else:
        raise ValueError(f"unknown marker shape {marker.shape!r} (expected one of {MARKER_SHAPES})")
    coords = " ".join(f"{_num(px)},{_num(py)}" for px, py in points)
    return f'<polygon class="{css}" points="{coords}">{title}</polygon>'


# -------------------------------------------------------------------- geometry


def _rings(geometry: dict) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise ValueError(f"unsupported geometry {geometry['type']!r}")


def _bounds(features: Sequence[dict]) -> tuple[float, float, float, float]:
    lons, lats = [], []
    for feature in features:
        for ring in _rings(feature["geometry"]):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


def _fit_frame(bounds: tuple[float, float, float, float], x: float, y: float,
               width: float, height: float, *, padding: float) -> _Frame:
    """A frame that fits ``bounds`` centred in the box, keeping the aspect ratio."""
    lon_min, lat_min, lon_max, lat_max = bounds
    cos_mid = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = max((lon_max - lon_min) * cos_mid, 1e-9)
    span_y = max(lat_max - lat_min, 1e-9)
    k = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)
    x0 = x + (width - span_x * k) / 2
    y0 = y + (height - span_y * k) / 2
    return _Frame(lon_min, lat_max, k * cos_mid, k, x0, y0)


def _path_data(geometry: dict, frame: _Frame) -> str:
    """Compact path data: absolute move-to, then relative line-tos in tenths.

    Coordinates are rounded to 0.1 unit first and the deltas taken between
    rounded points, so relative steps do not accumulate rounding error;
    consecutive duplicates (after rounding) are dropped, rings left with fewer
    than three points are skipped.
    """
    parts = []
    for ring in _rings(geometry):
        tenths = []
        for lon, lat, *_ in ring:
            x, y = frame.project(lon, lat)
            point = (round(x * 10), round(y * 10))
            if not tenths or tenths[-1] != point:
                tenths.append(point)
        if len(tenths) > 1 and tenths[0] == tenths[-1]:
            tenths.pop()
        if len(tenths) < 3:
            continue
        (x0, y0), numbers = tenths[0], []
        for (xa, ya), (xb, yb) in zip(tenths, tenths[1:]):
            numbers += [xb - xa, yb - ya]
        parts.append(f"M{_tenths(x0)} {_tenths(y0)}l" + _join(numbers) + "z")
    return "".join(parts)


def _tenths(value: int) -> str:
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    return f"{sign}{whole}.{tenth}" if tenth else f"{sign}{whole}"


def _join(values: Sequence[int]) -> str:
    """Numbers separated by spaces, except before a minus sign (valid SVG)."""
    out = []
    for value in values:
        text = _tenths(value)
        if out and not text.startswith("-"):
            out.append(" ")
        out.append(text)
    return "".join(out)


def _num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing ".0"."""
    return _tenths(round(float(value) * 10))


# -------------------------------------------------------------------- escaping

#: Characters XML 1.0 forbids even when escaped (a NUL in a label would make the
#: whole SVG unparseable).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def _text(value: str) -> str:
    return html.escape(_XML_INVALID.sub("", str(value)), quote=False)


def _attr(value: str) -> str:
    return html.escape(_XML_INVALID.sub("", str(value)), quote=True)


def _classes(base: str, extra: str) -> str:
    return f"{base} {extra}".strip() if extra else base


def _safe_href(href: str) -> str:
    """Refuse ``javascript:``, ``data:``... (browsers ignore blanks in a scheme)."""
    if href[:1] == "/" or href[:1] == "#":  # a path or fragment: no scheme possible
        return href
    compact = re.sub(r"[\x00-\x20]", "", href)
    match = _SCHEME.match(compact)
    if match and match.group(1).lower() not in _SAFE_SCHEMES:
        raise ValueError(f"refusing marker href with scheme {match.group(1)!r}")
    return href
