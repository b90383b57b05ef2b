"""The test session's shared application (tests/conftest.py) refuses what would outlive the test that adds it."""

from __future__ import annotations

import pytest


def _view() -> str:
    return "essai"


def test_the_shared_app_refuses_a_route_added_by_a_test(app):
    with pytest.raises(AssertionError, match="can no longer be called"):
        app.add_url_rule("/_essai/partage", view_func=_view)


@pytest.mark.own_app
def test_a_test_marked_own_app_may_add_one(app, client):
    app.add_url_rule("/_essai/propre", view_func=_view)
    assert client.get("/_essai/propre").get_data(as_text=True) == "essai"


def test_the_route_of_another_test_is_not_there(client):
    assert client.get("/_essai/propre").status_code == 404
