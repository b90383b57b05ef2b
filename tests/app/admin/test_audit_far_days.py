"""The audit log's « Depuis le » and « Jusqu'au » at the ends of the calendar: 01/01/0001 and 31/12/9999 are days
a person can type (or a link carry); they bound nothing, and used to be a 500 (``OverflowError`` turning them into
instants in Paris)."""

from __future__ import annotations

from datetime import date

import pytest

from app.admin import accounts, audit
from models import OrganisationKind

pytestmark = pytest.mark.web


@pytest.mark.parametrize(("query", "shown"), [
    ("since=0001-01-01", True), ("until=9999-12-31", True), ("since=0001-01-01&until=9999-12-31", True),
    ("until=0001-01-01", False), ("since=9999-12-31", False)])
@pytest.mark.parametrize("page", ["/admin/journal", "/admin/journal.csv"])
def test_days_at_the_ends_of_the_calendar(as_admin, admin, page, query, shown):
    accounts.create_organisation(admin=admin, kind=OrganisationKind.CRA, name="CRA Occitanie", region_code="76")
    response = as_admin.get(f"{page}?{query}")
    assert response.status_code == 200
    assert ("CRA Occitanie" in response.get_data(as_text=True)) is shown


def test_the_service_takes_them_too(db, admin):
    accounts.create_organisation(admin=admin, kind=OrganisationKind.CRA, name="CRA Occitanie", region_code="76")
    assert len(audit.search(audit.AuditFilters(since=date.min, until=date.max))) == 1
    assert audit.search(audit.AuditFilters(since=date.max)) == [] == audit.search(audit.AuditFilters(until=date.min))
