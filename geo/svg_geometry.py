"""Outlines projected into SVG user units: lon/lat frames, bounds, and compact path data."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from geo.svg_text import join_numbers, tenths

#: A point in SVG user units (x, y), or a (longitude, latitude) before projection.
Point = tuple[float, float]


@dataclass(frozen=True)
class Frame:
    """An affine lon/lat -> SVG mapping (y grows downwards)."""

    lon0: float
    lat0: float
    kx: float
    ky: float
    x0: float
    y0: float

    def project(self, lon: float, lat: float) -> Point:
        return (self.x0 + (lon - self.lon0) * self.kx, self.y0 + (self.lat0 - lat) * self.ky)


def rings(geometry: dict) -> Iterable[Sequence[Sequence[float]]]:
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    else:
        raise ValueError(f"unsupported geometry {geometry['type']!r}")


def bounds(features: Sequence[dict]) -> tuple[float, float, float, float]:
    lons, lats = [], []
    for feature in features:
        for ring in rings(feature["geometry"]):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return min(lons), min(lats), max(lons), max(lats)


def fit_frame(bounds: tuple[float, float, float, float], x: float, y: float,
               width: float, height: float, *, padding: float) -> Frame:
    """A frame that fits ``bounds`` centred in the box, keeping the aspect ratio."""
    lon_min, lat_min, lon_max, lat_max = bounds
    cos_mid = math.cos(math.radians((lat_min + lat_max) / 2))
    span_x = max((lon_max - lon_min) * cos_mid, 1e-9)
    span_y = max(lat_max - lat_min, 1e-9)
    k = min((width - 2 * padding) / span_x, (height - 2 * padding) / span_y)
    x0 = x + (width - span_x * k) / 2
    y0 = y + (height - span_y * k) / 2
    return Frame(lon_min, lat_max, k * cos_mid, k, x0, y0)


def path_data(geometry: dict, frame: Frame) -> str:
    """Compact path data: absolute move-to, then relative line-tos in tenths.

    Coordinates are rounded to 0.1 unit first and the deltas taken between
    rounded points, so relative steps do not accumulate rounding error;
    consecutive duplicates (after rounding) are dropped, rings left with fewer
    than three points are skipped.
    """
    parts = []
    for ring in rings(geometry):
        points = []
        for lon, lat, *_ in ring:
            x, y = frame.project(lon, lat)
            point = (round(x * 10), round(y * 10))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        (x0, y0), numbers = points[0], []
        for (xa, ya), (xb, yb) in zip(points, points[1:]):
            numbers += [xb - xa, yb - ya]
        parts.append(f"M{tenths(x0)} {tenths(y0)}l" + join_numbers(numbers) + "z")
    return "".join(parts)
