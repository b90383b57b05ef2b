from datetime import date

from app.months import shift_month


def test_shift_month_crosses_years_both_ways():
    assert shift_month(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert shift_month(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert shift_month(date(2026, 3, 9), 0) == date(2026, 3, 1)
