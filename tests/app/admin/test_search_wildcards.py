"""A search box looks for what was typed: « % », « _ » and « \\ » are characters to find, not LIKE's wildcards
(« % » used to list every account, « _ » every name of one letter or more)."""

from __future__ import annotations

import pytest

from app.admin import accounts, audit
from models import OrganisationKind, Role

pytestmark = pytest.mark.web


@pytest.mark.parametrize(("typed", "found"), [
    ("%", ["Remise 100 % bio"]), ("_", ["compte_technique"]), ("\\", ["Barre \\ oblique"]),
    ("100 %", ["Remise 100 % bio"]), ("a_m", []), ("%%", []), ("remise", ["Remise 100 % bio"]),
])
def test_account_search_finds_the_characters_typed(db, admin, make_user, typed, found):
    for name in ("Remise 100 % bio", "compte_technique", "Barre \\ oblique", "Colette Martin"):
        make_user(Role.FACILITATOR, name=name)
    names = [u.display_name for u in accounts.search_accounts(accounts.AccountFilters(q=typed))]
    assert names == found


def test_account_search_page_with_a_percent_lists_only_its_holder(as_admin, make_user):
    make_user(Role.FACILITATOR, name="Remise 100 % bio")
    make_user(Role.FACILITATOR, name="Colette Martin")
    page = as_admin.get("/admin/comptes?q=%25").get_data(as_text=True)
    assert "Remise 100" in page and "Colette Martin" not in page


@pytest.mark.parametrize(("typed", "found"), [("%", ["CRA 100 % local"]), ("_", ["CRA_tiret"]), ("a%l", [])])
def test_audit_search_finds_the_characters_typed(db, admin, typed, found):
    for name in ("CRA 100 % local", "CRA_tiret", "CRA Occitanie"):
        accounts.create_organisation(admin=admin, kind=OrganisationKind.CRA, name=name, region_code="76")
    labels = [e.target_label for e in audit.search(audit.AuditFilters(q=typed))]
    assert labels == found
