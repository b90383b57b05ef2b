"""Published experience sheets counted by region on the statistics page (issue #19)."""

from __future__ import annotations

import csv
import io

from sqlalchemy import text

from app.network import stats
from models import ExperienceSheet, Need, NeedKind, Pairing, PairingStatus, Role, utcnow


def _completed(db, pole, person, *, published: bool | None) -> Pairing:
    """A completed transfer of ``pole``; with a sheet published (True), a draft (False) or none (None)."""
    need = Need(pole=pole, title="Besoin", text="Texte.", kind=NeedKind.TRANSFER)
    pairing = Pairing(need=need, resource_person=person, status=PairingStatus.COMPLETED, completed_at=utcnow())
    db.add_all([need, pairing])
    db.flush()
    if published is not None:
        db.add(ExperienceSheet(pairing_id=pairing.id, title="Fiche", situation="S", transferred="T",
                               pole_agrees=True, resource_agrees=published,
                               published_at=utcnow() if published else None))
    db.commit()
    return pairing


def _network(db, make_pole, make_resource_person) -> None:
    """Brittany: 2 published, 1 draft, 1 without a sheet; Auvergne-Rhône-Alpes: 1 published; one in progress."""
    person = make_resource_person(capacity=10)
    breton, lyonnais = make_pole("Pôle breton", region_code="53"), make_pole("Pôle lyonnais", region_code="84")
    for published in (True, True, False, None):
        _completed(db, breton, person, published=published)
    _completed(db, lyonnais, person, published=True)
    need = Need(pole=lyonnais, title="En cours", text="Texte.", kind=NeedKind.TRANSFER)
    db.add_all([need, Pairing(need=need, resource_person=person, status=PairingStatus.IN_PROGRESS)])
    db.commit()


DIRECT_SQL = text("""
    SELECT poles.region_code, COUNT(*) FROM experience_sheets
    JOIN pairings ON pairings.id = experience_sheets.pairing_id
    JOIN needs ON needs.id = pairings.need_id JOIN poles ON poles.id = needs.pole_id
    WHERE experience_sheets.published_at IS NOT NULL GROUP BY poles.region_code""")


def test_the_chart_counts_published_sheets_by_region_as_sql_does(db, make_pole, make_resource_person):
    _network(db, make_pole, make_resource_person)
    chart = stats.experience_sheets_by_region()
    counted = {code: sheets for code, sheets in zip(chart.categories, chart.series[0].values) if sheets}
    assert counted == dict(db.execute(DIRECT_SQL).all()) == {"53": 2, "84": 1}
    rows = {row[0]: row[1:] for row in chart.table_rows()}
    assert rows["Bretagne (53)"] == (2, 4) and rows["Auvergne-Rhône-Alpes (84)"] == (1, 1)
    assert rows["Guadeloupe (01)"] == (0, 0)  # every region listed
    assert chart.categories[:2] == ("53", "84")
    assert chart.summary.startswith("3\u00a0fiches d'expérience publiées pour 5\u00a0transferts terminés")
    regional = stats.experience_sheets_by_region(region_code="84")
    assert regional.table_rows() == [("Auvergne-Rhône-Alpes (84)", 1, 1)]


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))


def test_statistics_page_and_csv_show_the_sheets(client, login, db, make_user, make_pole, make_resource_person):
    _network(db, make_pole, make_resource_person)
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/statistiques").get_data(as_text=True)
    assert "Fiches d'expérience publiées et transferts terminés, par région" in page
    assert 'href="/organisation/statistiques/fiches-experience.csv"' in page
    rows = _csv(client.get("/organisation/statistiques/fiches-experience.csv"))
    assert rows[0] == ["Région", "Fiches d'expérience publiées", "Transferts terminés"]
    assert rows[1] == ["Bretagne (53)", "2", "4"] and rows[2] == ["Auvergne-Rhône-Alpes (84)", "1", "1"]


def test_a_cra_reads_its_own_region_and_not_another(client, login, db, make_user, make_pole, make_resource_person):
    _network(db, make_pole, make_resource_person)
    login(make_user(Role.ORGANISER, region_code="84"))
    assert client.get("/organisation/statistiques/fiches-experience.csv?region=53").status_code == 403
    assert _csv(client.get("/organisation/statistiques/fiches-experience.csv?region=84"))[1:] == [
        ["Auvergne-Rhône-Alpes (84)", "1", "1"]]
    assert client.get("/organisation/region/53").status_code == 403
    regional = client.get("/organisation/region/84").get_data(as_text=True)
    assert "Fiches d'expérience publiées et transferts terminés, par région — Auvergne-Rhône-Alpes" in regional
    section = regional.split('id="titre-fiches-experience')[1].split("</section>")[0]
    assert "Bretagne" not in section
