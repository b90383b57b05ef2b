"""Absolute links come from PUBLIC_BASE_URL, with or without a request, whatever its Host header."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from app.links import absolute_url
from config import TestConfig

PUBLIC = "https://entrepairs.example.org"


@pytest.fixture
def bare_app(app: Flask, database_url: str) -> Iterator[Flask]:
    """An app set up as in production: no SERVER_NAME, links only from PUBLIC_BASE_URL."""
    application = create_app(TestConfig, DATABASE_URL=database_url, PUBLIC_BASE_URL=PUBLIC)
    assert application.config["SERVER_NAME"] is None
    yield application
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_absolute_url_outside_any_request_uses_public_base_url(bare_app: Flask) -> None:
    with bare_app.app_context():
        assert absolute_url("transfers.show", pairing_id=7) == f"{PUBLIC}/transferts/7"


def test_absolute_url_ignores_the_host_of_the_current_request(bare_app: Flask) -> None:
    with bare_app.test_request_context("/", base_url="http://attaquant.example:8080/"):
        assert absolute_url("auth.reset", token="abc") == f"{PUBLIC}/compte/reinitialiser/abc"


def test_absolute_url_ignores_server_name(app: Flask) -> None:
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    assert app.config["SERVER_NAME"] == "entrepairs.test"
    assert absolute_url("main.home") == f"{PUBLIC}/"


@pytest.mark.parametrize("base", ["https://example.org/entrepairs", "https://example.org/entrepairs/"])
def test_absolute_url_keeps_a_path_prefix(app: Flask, base: str) -> None:
    app.config["PUBLIC_BASE_URL"] = base
    assert absolute_url("transfers.show", pairing_id=3) == "https://example.org/entrepairs/transferts/3"


def test_absolute_url_extra_values_become_the_query_string(app: Flask) -> None:
    app.config["PUBLIC_BASE_URL"] = "http://127.0.0.1:5000"
    assert absolute_url("auth.login", next="/poles/") == "http://127.0.0.1:5000/compte/connexion?next=/poles/"


def test_absolute_url_refuses_a_relative_public_base_url(app: Flask) -> None:
    app.config["PUBLIC_BASE_URL"] = "entrepairs.example.org"
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL doit être une adresse absolue"):
        absolute_url("main.home")
