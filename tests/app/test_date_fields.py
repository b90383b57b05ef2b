"""A date typed as French writes it (``app.date_fields``): « 31/02/2027 » is said not to exist, never read as
a missing date."""

from __future__ import annotations

from datetime import date

import pytest

from app.date_fields import read_typed_date


@pytest.mark.parametrize("typed", ["16/03/2027", "16/3/2027", " 16.03.2027 ", "16 03 2027", "16-03-2027",
                                   "2027-03-16"])
def test_a_date_is_read_as_french_writes_it_and_in_iso(typed):
    assert read_typed_date(typed) == date(2027, 3, 16)


@pytest.mark.parametrize(("typed", "said"), [
    ("31/02/2027", "Le 31\u00a0février 2027 n'existe pas\u00a0: vérifiez le jour et le mois."),
    ("29/02/2027", "Le 29\u00a0février 2027 n'existe pas"),
    ("31/04/2027", "Le 31\u00a0avril 2027 n'existe pas"),
    ("16/13/2027", "Il n'y a pas de mois 13"),
    ("16/03/27", "Écrivez l'année en entier (2027)"),
    ("demain", "Écrivez la date en chiffres, jour, mois et année"),
    ("1" * 10_000, "Écrivez la date en chiffres"),
])
def test_what_is_wrong_with_a_date_is_said(typed, said):
    with pytest.raises(ValueError) as refused:
        read_typed_date(typed)
    assert said.replace("\u00a0", " ") in str(refused.value).replace("\u00a0", " ")


def test_a_leap_day_exists_in_a_leap_year():
    assert read_typed_date("29/02/2028") == date(2028, 2, 29)
