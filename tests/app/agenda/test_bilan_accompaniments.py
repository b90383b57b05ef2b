"""The CRA's accompaniments in the review, as annex 2 of the networks' note counts them (« 86 accompagnements de PTCE
réalisés : diagnostics de besoins, réorientations et suivi »): those dated in the year, of poles of the network (of the
region asked for), per kind, and the distinct poles accompanied; on the page and in the CSV."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from app.agenda.bilan import bilan, bilan_csv_rows
from models import Accompaniment, AccompanimentKind, ReferralTarget, Role
from tests.app.html_parts import page_html

K = AccompanimentKind
pytestmark = pytest.mark.web


def test_the_review_counts_the_accompaniments_of_the_year(client, login, db, make_user, make_pole):
    cra = make_user(Role.ORGANISER, region_code="84")
    a, b = make_pole(region_code="84"), make_pole(region_code="76")
    pending = make_pole(region_code="84", confirmed=False)
    for pole, kind, day in ((a, K.DIAGNOSTIC, date(2026, 2, 3)), (a, K.FOLLOW_UP, date(2026, 6, 1)),
                            (a, K.DIAGNOSTIC, date(2026, 12, 31)), (b, K.REFERRAL, date(2026, 1, 1)),
                            (a, K.DIAGNOSTIC, date(2025, 12, 31)),        # the year before
                            (pending, K.DIAGNOSTIC, date(2026, 3, 3))):   # a pole awaiting confirmation
        db.add(Accompaniment(pole=pole, author=cra, kind=kind, happened_on=day,
                             referral_target=ReferralTarget.DLA if kind is K.REFERRAL else None))
    db.commit()

    sql = """SELECT count(*), count(DISTINCT a.pole_id) FROM accompaniments a JOIN poles p ON p.id = a.pole_id
             WHERE a.happened_on BETWEEN '2026-01-01' AND '2026-12-31' AND p.confirmed_at IS NOT NULL
             AND (CAST(:region AS VARCHAR) IS NULL OR p.region_code = :region)"""
    for region in (None, "84", "76"):
        o = bilan(year=2026, region_code=region).one_to_one
        assert (o.accompaniments_total, o.accompanied_poles) == tuple(
            db.execute(text(sql), {"region": region}).one()), region
    national = bilan(year=2026).one_to_one
    assert national.accompaniments == {K.DIAGNOSTIC: 2, K.FOLLOW_UP: 1, K.REFERRAL: 1}
    csv = {row[0]: row[2] for row in bilan_csv_rows(bilan(year=2026, region_code="84"))[1] if len(row) == 3}
    assert csv["Accompagnements de pôles (diagnostics, suivis, réorientations)"] == 3
    assert (csv["dont diagnostics de besoins"], csv["dont suivis"], csv["dont réorientations"]) == (2, 1, 0)

    login(cra)
    page = " ".join(page_html(client.get("/organisation/bilan?annee=2026")).split())
    assert ("Accompagnements de pôles par les CRA et l'équipe nationale : 3, auprès de 1 pôle "
            "(2 diagnostics de besoins, 1 suivi)") in page.replace("\u00a0", " ").replace("\u202f", " ")
