"""Ids as the database stores them: positive 32-bit integers.

Every primary key is an ``integer`` column; PostgreSQL refuses a bound value above
2,147,483,647 with "integer out of range" (a 500 if it gets that far). Ids are checked at
the edge instead: the app-wide ``int`` URL converter does not match a larger number (404),
``app.form_fields.IdField`` refuses it with a French message, and ``parse_id`` reads an id
from a query string or a free field.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest value of a signed 32-bit ``integer`` column (PostgreSQL, and the models' ``Integer``).
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to the database's integer range: a larger number is a 404, not a 500."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_ID, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=min_of(max, MAX_ID), signed=signed)


def min_of(value: int | None, bound: int) -> int:
    return bound if value is None else min(value, bound)


def init_id_converter(app: Flask) -> None:
    """Replace the ``int`` converter app-wide; call before any route is registered."""
    app.url_map.converters["int"] = BoundedIntConverter


def parse_id(value: Any) -> int | None:
    """An id in the database's range read from ``value`` (text or int); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or len(text) > 10:
            return None
        number = int(text)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None
