from datetime import date

import pytest

from app.months import parse_month, shift_month


def test_shift_month_crosses_years_both_ways():
    assert shift_month(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert shift_month(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert shift_month(date(2026, 3, 9), 0) == date(2026, 3, 1)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2027-03", date(2027, 3, 1)), ("2027-3", date(2027, 3, 1)), ("03/2027", date(2027, 3, 1)),
    ("mars 2027", date(2027, 3, 1)), ("Février 2027", date(2027, 2, 1)), ("fev. 2027", date(2027, 2, 1)),
    ("AOÛT 2026", date(2026, 8, 1)), ("juil 2027", date(2027, 7, 1)), (" mai 2027 ", date(2027, 5, 1)),
    ("ju 2027", None), ("jui 2027", None), ("2026-13", None), ("mars", None), ("", None), (None, None),
])
def test_parse_month_reads_figures_and_french_names(typed, expected):
    assert parse_month(typed) == expected
