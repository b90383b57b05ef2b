"""The audit log: every administrative change is a line, read with filters and exported as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.admin import accounts
from models import AuditEvent, OrganisationKind, Role, utcnow

pytestmark = pytest.mark.web


def test_changes_are_logged_and_filtered(as_admin, db, admin, make_user):
    accounts.create_organisation(admin=admin, kind=OrganisationKind.CRA, name="CRA Occitanie", region_code="76")
    user = make_user(Role.LAWYER, email="avocate@exemple.fr", name="Maître Dupuis")
    accounts.set_active(admin=admin, user=user, active=False)
    old = db.scalars(select(AuditEvent).filter_by(action="organisation.create")).one()
    old.at = utcnow() - timedelta(days=40)
    db.commit()
    page = as_admin.get("/admin/journal").get_data(as_text=True)
    assert "Création d&#39;une organisation" in page and "Désactivation d&#39;un compte" in page
    page = as_admin.get("/admin/journal?action=account.deactivate").get_data(as_text=True)
    assert "Maître Dupuis" in page and "CRA Occitanie" not in page
    since = (utcnow() - timedelta(days=7)).date().isoformat()
    page = as_admin.get(f"/admin/journal?since={since}").get_data(as_text=True)
    assert "Maître Dupuis" in page and "CRA Occitanie" not in page
    page = as_admin.get("/admin/journal?q=personne").get_data(as_text=True)
    assert "0\u00a0ligne" not in page and page.count("Aucune ligne ne correspond.") == 1  # said once
    page = as_admin.get("/admin/journal?q=occitanie").get_data(as_text=True)
    assert "CRA Occitanie" in page and "Maître Dupuis" not in page


def test_the_days_filtered_are_the_days_in_paris_as_the_lines_show_them(as_admin, db, admin):
    """A change at 23 h 30 UTC on 31 December reads « 1er janvier 2027 » on the page: « depuis le 1er janvier »
    keeps it, « jusqu'au 31 décembre » does not."""
    from datetime import datetime

    accounts.create_organisation(admin=admin, kind=OrganisationKind.OTHER, name="Réseau du Nouvel An",
                                 region_code=None)
    db.scalars(select(AuditEvent)).one().at = datetime(2026, 12, 31, 23, 30)
    db.commit()
    assert "Réseau du Nouvel An" in as_admin.get("/admin/journal?since=2027-01-01").get_data(as_text=True)
    assert "Réseau du Nouvel An" not in as_admin.get("/admin/journal?until=2026-12-31").get_data(as_text=True)


def test_export_is_semicolon_csv_with_bom_and_defused_cells(as_admin, db, admin):
    accounts.create_organisation(admin=admin, kind=OrganisationKind.OTHER, name="=HYPERLINK(\"x\")",
                                 region_code=None)
    response = as_admin.get("/admin/journal.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"  # names and addresses: kept by no browser or proxy cache
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["date (heure de Paris)", "auteur·rice", "action"]
    assert rows[1][2] == "Création d'une organisation" and rows[1][3].startswith("'=")
    assert rows[1][1] == "Ada Admin <admin@exemple.fr>"
    assert '"type": "other"' in rows[1][6]


def test_export_dates_are_in_paris_time_as_the_page_shows_them(as_admin, db, admin):
    from datetime import datetime

    accounts.create_organisation(admin=admin, kind=OrganisationKind.OTHER, name="Réseau", region_code=None)
    db.scalars(select(AuditEvent)).one().at = datetime(2026, 12, 31, 23, 30, 5)
    db.commit()
    assert "1er\u00a0janvier 2027" in as_admin.get("/admin/journal").get_data(as_text=True)
    text = as_admin.get("/admin/journal.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][0] == "01/01/2027 00:30"  # as the other exports write a moment (app/csv_export.py)


def test_a_refused_change_writes_no_line(db, admin, make_user):
    with pytest.raises(accounts.AdminRefused):
        accounts.create_organisation(admin=admin, kind=OrganisationKind.CRA, name="CRA sans région",
                                     region_code=None)
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0
