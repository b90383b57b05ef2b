from __future__ import annotations

import pytest

from models import Organisation, OrganisationKind, Role


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN, email="admin@exemple.fr", name="Ada Admin")


@pytest.fixture
def cra_bretagne(db) -> Organisation:
    organisation = Organisation(kind=OrganisationKind.CRA, name="CRA Bretagne", region_code="53")
    db.add(organisation)
    db.commit()
    return organisation


@pytest.fixture
def avise(db) -> Organisation:
    organisation = Organisation(kind=OrganisationKind.AVISE, name="Avise")
    db.add(organisation)
    db.commit()
    return organisation


@pytest.fixture
def as_admin(client, login, admin):
    login(admin)
    return client
