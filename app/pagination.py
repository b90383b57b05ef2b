"""Long lists cut into pages: « Page 2 sur 14 », with links to the previous and the next page that keep the
page's filters. A list that grows with the years of use (every transfer of the network) is read one page at a
time: rendered whole, it weighed megabytes and took seconds at national scale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Generic, TypeVar

from flask import request, url_for

T = TypeVar("T")
#: Rows per page of a long table.
PER_PAGE = 50


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of a list: its rows, its number (from 1), how many pages and rows in all, and the addresses of the
    pages before and after it (None at either end)."""

    items: Sequence[T]
    number: int
    pages: int
    total: int
    previous_url: str | None
    next_url: str | None


def paginate(rows: Sequence[T], *, arg: str = "page", per_page: int = PER_PAGE, anchor: str | None = None,
             endpoint: str | None = None) -> Paged[T]:
    """The page of ``rows`` the request asks for in its ``arg`` argument (the first when absent or not a number,
    the last when past it); its links keep the request's other arguments and end at ``anchor``. ``endpoint``: the
    page the links lead to when it is not the request's (a form sent back with its errors shows the page it came
    from)."""
    pages = max(1, ceil(len(rows) / per_page))
    asked = request.args.get(arg, "")
    # ASCII digits only: « ² » is a digit to str.isdigit and not to int(); and a few of them, as int() refuses more
    # than 4 300 (a 500): a longer number is past the last page anyway.
    if not (asked.isascii() and asked.isdigit()):
        number = 1
    else:
        digits = asked.lstrip("0")
        number = pages if len(digits) > 9 else min(max(int(digits or "0"), 1), pages)

    def url(n: int) -> str:
        args = {**request.args.to_dict(flat=False), **(request.view_args or {})}
        args.pop(arg, None)
        if n > 1:
            args[arg] = n
        return url_for(endpoint or request.endpoint, **args, _anchor=anchor)

    start = (number - 1) * per_page
    return Paged(items=rows[start:start + per_page], number=number, pages=pages, total=len(rows),
                 previous_url=url(number - 1) if number > 1 else None,
                 next_url=url(number + 1) if number < pages else None)
