"""An organisation created by the same form sent twice at once (a double click, PostgreSQL): both requests checked
the name was free before either wrote, and the second insert broke the unique name — an error page, for an
organisation the first click had made. The second is now told, beside the name, that it was created meanwhile."""

from __future__ import annotations

from sqlalchemy import func, select

from app.admin import accounts
from app.admin.accounts import AdminRefused
from app.extensions import db as db_ext
from models import Organisation, OrganisationKind, Role, User
from tests.races import in_step, on_postgres, together

pytestmark = on_postgres


def test_an_organisation_created_twice_at_once_is_created_once(app, db, make_user, monkeypatch):
    admin_id = make_user(Role.ADMIN).id
    in_step(monkeypatch, accounts, "_name_taken", after=True)  # both past the check of the name

    def create() -> str:
        try:
            return accounts.create_organisation(admin=db_ext.session.get(User, admin_id),
                                                kind=OrganisationKind.OTHER, name="France Tiers-Lieux",
                                                region_code=None).name
        except AdminRefused as refused:
            return refused.message

    outcomes = together(app, {"premier clic": create, "second clic": create})

    assert sorted(outcomes.values()) == [
        "France Tiers-Lieux", "Une organisation s'appelle déjà « France Tiers-Lieux » : elle vient d'être créée "
        "entre-temps."], outcomes
    db.expire_all()
    assert db.scalar(select(func.count(Organisation.id))) == 1


def test_two_names_differing_only_in_case_created_at_once_make_one_organisation(app, db, make_user, monkeypatch):
    """« Avise » and « avise » are one organisation: both requests passed the check of the name (case-insensitive)
    and the name's key, case-sensitive, let both rows in. The unique index on lower(name) refuses the second."""
    admin_id = make_user(Role.ADMIN).id
    in_step(monkeypatch, accounts, "_name_taken", after=True)

    def create(name: str):
        def call() -> str:
            try:
                return accounts.create_organisation(admin=db_ext.session.get(User, admin_id),
                                                    kind=OrganisationKind.OTHER, name=name, region_code=None).name
            except AdminRefused as refused:
                return refused.message
        return call

    outcomes = together(app, {"Avise": create("Avise"), "avise": create("avise")})

    db.expire_all()
    assert db.scalars(select(Organisation.name)).all() in (["Avise"], ["avise"]), outcomes
    made = db.scalar(select(Organisation.name))
    assert sorted(outcomes.values()) == sorted(
        [made, f"Une organisation s'appelle déjà « {made} » : elle vient d'être créée entre-temps."]), outcomes
