"""`make demo PORT=…` (`entrepairs run --port …`): links in mails and the feed follow the port in development."""

from __future__ import annotations

import pytest

from app import create_app
from app.links import absolute_url
from app.scheduling import cli
from config import Config, ProductionConfig


@pytest.fixture
def dev_app(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    return create_app(Config, DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite'}", MAIL_BACKEND="memory")


def test_run_sets_the_public_address_from_the_port(dev_app, monkeypatch):
    served = {}
    monkeypatch.setattr(cli, "flask_run_command", _fake_run(served))
    with dev_app.app_context():  # as the `entrepairs` group gives its commands
        result = dev_app.test_cli_runner().invoke(cli.run_command, ["--port", "5105", "--no-scheduler"])
    assert result.exit_code == 0, result.output
    assert served["port"] == 5105
    assert dev_app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5105"
    with dev_app.app_context():
        assert absolute_url("scheduling.calendar").startswith("http://127.0.0.1:5105/")


def test_an_explicit_public_address_wins(dev_app, monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://demo.example.org")
    dev_app.config["PUBLIC_BASE_URL"] = "http://demo.example.org"
    monkeypatch.setattr(cli, "flask_run_command", _fake_run({}))
    with dev_app.app_context():
        result = dev_app.test_cli_runner().invoke(cli.run_command, ["--port", "5105", "--no-scheduler"])
    assert result.exit_code == 0, result.output
    assert dev_app.config["PUBLIC_BASE_URL"] == "http://demo.example.org"


@pytest.mark.parametrize(("host", "expected"), [("0.0.0.0", "http://127.0.0.1:8000"), ("localhost", "http://localhost:8000"),
                                                ("::1", "http://[::1]:8000")])
def test_listening_addresses_become_usable_links(dev_app, monkeypatch, host, expected):
    assert cli.development_base_url(dev_app, host=host, port=8000) == expected


def test_never_guessed_outside_development(monkeypatch):
    class Fake:
        config = {"ENV_NAME": ProductionConfig.ENV_NAME}

    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert cli.development_base_url(Fake(), host="127.0.0.1", port=8000) is None


def _fake_run(served: dict):
    import click

    @click.command("run")
    @click.option("--host", default="127.0.0.1")
    @click.option("--port", default=5000, type=int)
    def fake(**kwargs):
        served.update(kwargs)

    return fake
