"""The averages of the review are rounded to the tenth as a reader or a spreadsheet rounds, a half up, on the page and
in the CSV alike: 9 participations over 4 sessions are « 2,3 » (Python's ``round`` said 2,2, half to even, and a
funder recomputing the CSV's columns found another figure than the page's)."""

from __future__ import annotations

from app.agenda.bilan import NATIONAL, Bilan, BilanRow, OneToOne, bilan_csv_rows
from app.csv_export import csv_response
from app.typography import tenths
from models import CollectiveKind


def test_averages_round_a_half_up_on_the_page_and_in_the_csv(app):
    row = BilanRow(kind=CollectiveKind.WEBINAR, scope=NATIONAL, sessions=4, participations=9, people=9, ptce=5,
                   _ptce_sessions=5)
    assert (row.participants_per_session, row.ptce_per_session) == (2.25, 1.25)
    assert (tenths(row.participants_per_session), tenths(row.ptce_per_session)) == ("2,3", "1,3")
    review = Bilan(year=2026, region_code=None, rows=[row], totals=[row], overall=row,
                   one_to_one=OneToOne(*([0] * 6)))
    with app.test_request_context():
        header, rows = bilan_csv_rows(review)
        text = csv_response(header, rows, "bilan.csv").get_data().decode("utf-8-sig")
    assert "Webinaire thématique;Niveau national;4;9;9;5;2,3;1,3" in text.splitlines()
    assert [tenths(v) for v in (4.0, 13 / 3, 2.75, 1.05, 0.04)] == ["4", "4,3", "2,8", "1,1", "0"]
