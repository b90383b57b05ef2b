"""Pure chart package for Entrepairs: small data classes and server-side SVG.

No web code, no database: a statistics function builds a :class:`Chart`
(title, categories, series, table rows), :func:`render_svg` draws it as an
accessible ``<svg>`` (``<title>``, ``<desc>``, ``role="img"``) and
:func:`to_csv` writes the same numbers as CSV. The page shows the numbers as a
table beside each chart (:meth:`Chart.table_header`, :meth:`Chart.table_rows`).
"""

from charts.model import Chart, ChartKind, Series, month_keys, month_label, month_short_label, to_csv
from charts.svg import PALETTE, nice_ticks, render_svg

__all__ = [
    "PALETTE",
    "Chart",
    "ChartKind",
    "Series",
    "month_keys",
    "month_label",
    "month_short_label",
    "nice_ticks",
    "render_svg",
    "to_csv",
]
