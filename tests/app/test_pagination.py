"""Long lists a page at a time (``app.pagination``): « Page 2 sur 3 », links that keep the filters, a page asked out
of range or not a number answered with the nearest page, not an error."""

from __future__ import annotations

import pytest
from flask import Flask

from app.pagination import paginate


@pytest.fixture
def site() -> Flask:
    site = Flask(__name__)
    site.add_url_rule("/liste/<int:group>", "listing", lambda group: "")
    return site


@pytest.mark.parametrize(("asked", "number", "rows"), [
    ("", 1, [0, 1]), ("2", 2, [2, 3]), ("3", 3, [4]), ("9", 3, [4]), ("0", 1, [0, 1]), ("deux", 1, [0, 1]),
    ("-1", 1, [0, 1]), ("²", 1, [0, 1]), ("٣", 1, [0, 1]),
    # Past Python's 4 300 digits int() refuses (a ValueError, a 500): the last page, as any number past it.
    ("9" * 5000, 3, [4]), ("0" * 5000 + "2", 2, [2, 3]),
])
def test_the_page_asked_or_the_nearest(site, asked, number, rows):
    with site.test_request_context(f"/liste/7?page={asked}&statut=ouvert&theme=a&theme=b"):
        paged = paginate(list(range(5)), per_page=2, anchor="liste")
    assert (list(paged.items), paged.number, paged.pages, paged.total) == (rows, number, 3, 5)


def test_the_links_keep_the_filters_and_the_first_page_has_no_number(site):
    with site.test_request_context("/liste/7?page=2&statut=ouvert&theme=a&theme=b"):
        paged = paginate(list(range(5)), per_page=2, anchor="liste")
    assert paged.previous_url == "/liste/7?statut=ouvert&theme=a&theme=b#liste"
    assert paged.next_url == "/liste/7?statut=ouvert&theme=a&theme=b&page=3#liste"


def test_one_page_has_no_links(site):
    with site.test_request_context("/liste/7"):
        paged = paginate(list(range(5)))
    assert (paged.pages, paged.previous_url, paged.next_url) == (1, None, None)
