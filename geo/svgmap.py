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

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from collections.abc import Iterable

from geo import framing
from geo import svg_elements
from geo import svg_geometry as geometry
from geo.svg_geometry import Point
from geo import svg_text as svgtext
from geo.svg_elements import MARKER_SHAPES, Link, Marker, spread
from geo.data import DATA_DIR, get_departement, load_departements
from wording import count

__all__ = [
    "FranceMap",
    "Inset",
    "Link",
    "MARKER_SHAPES",
    "Marker",
    "RegionShape",
    "default_map",
    "departement_point",
    "render_svg",
    "spread",
]



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


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    mainland: geometry.Frame
    frames: dict[str, geometry.Frame]
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
        return f"0 0 {svgtext.num(layout.width)} {svgtext.num(layout.height)}"

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
        hrefs with a scheme other than http, https or mailto are refused. Regions whose
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
        prefix = svgtext.attr(id_prefix)
        view = self.viewport(frame, ((m.x, m.y) for m in markers)) if frame else None
        shapes = self._framed_shapes(frame) if frame else list(zip(layout.shapes, self._region_elements))
        if desc is None:
            where = "Carte de France métropolitaine et des cinq régions d'outre-mer en encarts"
            if frame:
                name = next(shape.nom for shape in layout.shapes if shape.code == frame)
                where = f"Carte de la région {name}" + ("" if len(shapes) == 1 else " et de ses voisines")
            desc = f"{where}, {count(len(markers), 'point')} et {count(len(links), 'liaison')}."
        interactive = any(m.href for m in markers)
        framed = f' data-cadre="{svgtext.attr(frame)}"' if view else ""
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view.viewbox if view else self.viewbox}" '
            f'class="carte"{framed} role="{"group" if interactive else "img"}" '
            f'aria-labelledby="{prefix}-titre {prefix}-desc">',
            f'<title id="{prefix}-titre">{svgtext.text(title)}</title>',
            f'<desc id="{prefix}-desc">{svgtext.text(desc)}</desc>',
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
            out.extend(svg_elements.link_element(link, fixed) for link in links)
            out.append("</g>")
        if markers:
            radius = float(marker_radius) / (view.zoom if view else 1.0)
            out.append('<g class="carte-marqueurs" fill="#c0392b" stroke="#ffffff" stroke-width="1">')
            out.extend(svg_elements.marker_element(marker, radius, fixed) for marker in markers)
            out.append("</g>")
        out.append("</svg>")
        return "\n".join(out)

    # -- internals ---------------------------------------------------------------

    def _inset_elements(self) -> list[str]:
        layout = self._layout
        out = ['<g class="carte-encarts" fill="none" stroke="#b8c4cc" stroke-width="0.8">']
        for inset in layout.insets:
            out.append(
                f'<rect class="carte-encart" x="{svgtext.num(inset.x)}" y="{svgtext.num(inset.y)}" '
                f'width="{svgtext.num(inset.width)}" height="{svgtext.num(inset.height)}" rx="3"/>'
            )
        out.append("</g>")
        out.append('<g class="carte-encarts-titres" font-family="sans-serif" font-size="9" '
                   'fill="#44525c" text-anchor="middle" aria-hidden="true">')
        for inset in layout.insets:
            out.append(f'<text class="carte-encart__titre" x="{svgtext.num(inset.label_x)}" '
                       f'y="{svgtext.num(inset.label_y)}">{svgtext.text(inset.nom)}</text>')
        out.append("</g>")
        return out

    def _framed_shapes(self, code: str) -> list[tuple[RegionShape, tuple[str, str]]]:
        """The outlines drawn around region ``code``: the mainland, or the overseas region alone (its
        strokes keep their width on screen)."""
        overseas = code in self._layout.frames
        return [(shape, tuple(svg_elements.FIXED_STROKE.sub(r"\1" + svg_elements.NON_SCALING, e, 1) for e in elements))
                for shape, elements in zip(self._layout.shapes, self._region_elements)
                if (shape.code == code if overseas else not shape.outre_mer)]

    @cached_property
    def _region_elements(self) -> list[tuple[str, str]]:
        """Each region's ``<path>`` element, plain and highlighted (built once per map)."""
        elements = []
        for shape in self._layout.shapes:
            css = "carte-region carte-region--outre-mer" if shape.outre_mer else "carte-region"
            tail = f'data-code="{svgtext.attr(shape.code)}" d="{shape.d}"><title>{svgtext.text(shape.nom)}</title></path>'
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
        lon_min, lat_min, lon_max, lat_max = geometry.bounds(mainland)
        cos_mid = math.cos(math.radians((lat_min + lat_max) / 2))
        k = (width - 2 * margin) / ((lon_max - lon_min) * cos_mid)
        main_frame = geometry.Frame(lon_min, lat_max, k * cos_mid, k, margin, margin)
        mainland_height = (lat_max - lat_min) * k

        order = [c for c in _INSET_ORDER if c in overseas] + sorted(set(overseas) - set(_INSET_ORDER))
        gap = 8.0
        count = max(len(order), 1)
        box_w = (width - 2 * margin - gap * (count - 1)) / count
        box_h = box_w
        box_y = margin + mainland_height + 2 * gap
        frames: dict[str, geometry.Frame] = {}
        bounds: dict[str, tuple[float, float, float, float]] = {}
        insets: list[Inset] = []
        for index, code in enumerate(order):
            feature = overseas[code]
            box_x = margin + index * (box_w + gap)
            bounds[code] = geometry.bounds([feature])
            frames[code] = geometry.fit_frame(bounds[code], box_x, box_y + _CAPTION, box_w, box_h - _CAPTION,
                                      padding=5.0)
            insets.append(Inset(code=code, nom=feature["properties"]["nom"], x=round(box_x, 1),
                                y=round(box_y, 1), width=round(box_w, 1), height=round(box_h, 1),
                                label_x=round(box_x + box_w / 2, 1),
                                label_y=round(box_y + _CAPTION - 3.5, 1)))

        shapes, boxes = [], {}
        for feature in mainland + [overseas[c] for c in order]:
            props = feature["properties"]
            frame = frames.get(props["code"], main_frame)
            lon_a, lat_a, lon_b, lat_b = geometry.bounds([feature])
            boxes[props["code"]] = (*frame.project(lon_a, lat_b), *frame.project(lon_b, lat_a))
            shapes.append(RegionShape(code=props["code"], nom=props["nom"],
                                      d=geometry.path_data(feature["geometry"], frame),
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
