"""Pure chart package for Entrepairs: small data classes and server-side SVG.

No web code, no database: a statistics function builds a :class:`Chart`
(title, categories, series, table rows), :func:`render_svg` draws it as an
accessible ``<svg>`` (``<title>``, ``<desc>``, ``role="img"``; :func:`render_for_screens`: twice, for a wide
screen and for a phone). The page shows the numbers as a
table beside each chart (:meth:`Chart.table_header`, :meth:`Chart.table_rows`), and the site's
CSV helper (``app/csv_export.py``) writes the same rows as a file.
"""

from charts.model import Chart, ChartKind, Series, month_keys, month_label, month_short_label
from charts.svg import NARROW_WIDTH, PALETTE, nice_ticks, render_for_screens, render_svg

__all__ = [
    "NARROW_WIDTH",
    "PALETTE",
    "Chart",
    "ChartKind",
    "Series",
    "month_keys",
    "month_label",
    "month_short_label",
    "nice_ticks",
    "render_for_screens",
    "render_svg",
]
