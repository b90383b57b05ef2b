"""One CSV convention for every export (app/csv_export.py): semicolons, BOM, decimal commas, no formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from app.csv_export import csv_text


def test_semicolons_bom_crlf_and_decimal_commas():
    text = csv_text(["nom", "score", "n", "le"], [["Pôle Sud ; Nord", 0.532, 3, date(2026, 3, 4)],
                                                  ["b", 2.0, None, datetime(2026, 3, 4, 9, 30)]])
    assert text.startswith("\ufeffnom;score;n;le\r\n")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1] == ["Pôle Sud ; Nord", "0,532", "3", "04/03/2026"]
    assert rows[2] == ["b", "2", "", "04/03/2026 10:30"]  # stored UTC, written at Paris time (UTC+1 in March)


def test_a_stored_datetime_is_written_at_the_readers_local_time():
    rows = list(csv.reader(io.StringIO(csv_text(["le"], [[datetime(2026, 12, 4, 23, 30)],
                                                          [datetime(2026, 7, 1, 6, 5)]])[1:]), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["05/12/2026 00:30", "01/07/2026 08:05"]  # winter UTC+1, summer UTC+2


def test_formulas_are_neutralised():
    rows = list(csv.reader(io.StringIO(csv_text(["a"], [["=cmd()"], ["+1"], ["@x"], ["-2"], [-2]])[1:]), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["'=cmd()", "'+1", "'@x", "'-2", "-2"]


def test_statistics_export_follows_the_convention(client, login, make_user):
    from models import Role

    login(make_user(Role.ORGANISER))
    with client.get("/organisation/statistiques/besoins-par-theme.csv") as response:
        text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and text.splitlines()[0].count(";") >= 2 and "," not in text.splitlines()[0]
