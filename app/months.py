"""Calendar months, for filters and charts by month (pure)."""

from __future__ import annotations

import re
from datetime import date

from app.text_search import fold

#: French month names, without accents once folded (« février » → « fevrier »).
MONTH_NAMES = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
               "novembre", "decembre")
_NUMERIC = re.compile(r"(\d{4})-(\d{1,2})|(\d{1,2})[/.-](\d{4})")
_NAMED = re.compile(r"([a-z]+)\.?\s+(\d{4})")


def parse_month(text: str | None) -> date | None:
    """The first day of the month typed: « 2027-03 », « 03/2027 », « mars 2027 », « Février 2027 », « fév. 2027 »
    (a name or its first letters, accents and case ignored); ``None`` if it is none of these."""
    typed = fold(text).strip()
    numeric, named = _NUMERIC.fullmatch(typed), _NAMED.fullmatch(typed)
    if numeric:
        year, month = (numeric[1], numeric[2]) if numeric[1] else (numeric[4], numeric[3])
        number = int(month)
    elif named and len(named[1]) >= 3:
        found = [i for i, name in enumerate(MONTH_NAMES, 1) if name.startswith(named[1])]
        if len(found) != 1:
            return None
        year, number = named[2], found[0]
    else:
        return None
    return date(int(year), number, 1) if 1 <= number <= 12 and int(year) >= 1 else None


def shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before, if negative) the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
