from __future__ import annotations

import pytest

from tests.app.security.routes import World, build_world


@pytest.fixture
def world(db, make_user, make_pole, make_resource_person) -> World:
    return build_world(db, make_user, make_pole, make_resource_person)
