"""Framing the map on one region: the viewBox around its outline, and the zoom it implies.

Pure geometry on SVG user units (no projection here: :class:`geo.svgmap.FranceMap` gives each
region's box). The frame is the region's extent plus a margin, widened or heightened so its
height/width ratio stays between :data:`MIN_ASPECT` and :data:`MAX_ASPECT` (a long thin region
would otherwise make a strip, a tall one a page-high map). ``zoom`` says how much larger one
user unit is on screen than on the national map shown at the same width: a marker radius or a
line width divided by it keeps its size on screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x_min, y_min, x_max, y_max

#: Blank around the region, as a share of its larger side (room for markers fanned out at its edge).
MARGIN = 0.08
#: Height / width bounds of the frame.
MIN_ASPECT = 0.75
MAX_ASPECT = 1.2


@dataclass(frozen=True)
class Viewport:
    """A framed part of the map: the viewBox and the zoom against the national map's width."""

    x: float
    y: float
    width: float
    height: float
    zoom: float

    @property
    def viewbox(self) -> str:
        return " ".join(_num(v) for v in (self.x, self.y, self.width, self.height))

    def contains(self, point: tuple[float, float]) -> bool:
        px, py = point
        return self.x <= px <= self.x + self.width and self.y <= py <= self.y + self.height


def union(box: Box, points: Iterable[tuple[float, float]]) -> Box:
    """``box`` grown to hold every point."""
    x0, y0, x1, y1 = box
    for x, y in points:
        x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
    return x0, y0, x1, y1


def frame(box: Box, *, base_width: float, margin: float = MARGIN,
          min_aspect: float = MIN_ASPECT, max_aspect: float = MAX_ASPECT) -> Viewport:
    """The viewport centred on ``box``, with ``margin`` around it and a bounded aspect ratio.

    ``base_width`` is the national map's viewBox width (the zoom is ``base_width / width``).
    """
    x0, y0, x1, y1 = box
    pad = max(x1 - x0, y1 - y0, 1.0) * margin
    width, height = (x1 - x0) + 2 * pad, (y1 - y0) + 2 * pad
    if height < width * min_aspect:
        height = width * min_aspect
    elif height > width * max_aspect:
        width = height / max_aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    width, height = round(width, 1), round(height, 1)
    return Viewport(x=round(cx - width / 2, 1), y=round(cy - height / 2, 1), width=width, height=height,
                    zoom=base_width / width)


def _num(value: float) -> str:
    text = f"{round(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text
