from __future__ import annotations

import pytest

from tests.app.security.routes import World, build_world


@pytest.fixture
def world(db, make_user, make_pole, make_resource_person) -> World:
    return build_world(db, make_user, make_pole, make_resource_person)


@pytest.fixture
def regions(db, world, make_user, make_pole, make_resource_person):
    """Named rows in two regions, each with its regional cell (CRA): ``(rows of A, rows of B)``."""
    from tests.app.security.routes import REGION_A, REGION_B, regional_rows

    return tuple(regional_rows(db, region=code, label=label, make_user=make_user, make_pole=make_pole,
                               make_resource_person=make_resource_person)
                 for code, label in ((REGION_A, "Bretagne"), (REGION_B, "Rhône")))
