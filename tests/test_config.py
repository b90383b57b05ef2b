"""Production settings refuse to start when something required is missing or unusable."""

from __future__ import annotations

import pytest

from config import ProductionConfig, public_base_url_problem

PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 40,
    "DATABASE_URL": "postgresql+psycopg://entrepairs@db/entrepairs",
    "PUBLIC_BASE_URL": "https://entrepairs.example.org",
}


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def test_production_check_passes_with_every_required_setting(production_env: pytest.MonkeyPatch) -> None:
    ProductionConfig.check()


@pytest.mark.parametrize("key", ["SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL"])
@pytest.mark.parametrize("absent", ["unset", "empty"])
def test_production_check_refuses_missing_setting(production_env: pytest.MonkeyPatch, key: str, absent: str) -> None:
    if absent == "unset":
        production_env.delenv(key)
    else:
        production_env.setenv(key, "")
    with pytest.raises(RuntimeError, match=f"Configuration de production incomplète.*{key}"):
        ProductionConfig.check()


def test_production_check_says_what_public_base_url_is(production_env: pytest.MonkeyPatch) -> None:
    production_env.delenv("PUBLIC_BASE_URL")
    with pytest.raises(RuntimeError, match=r"PUBLIC_BASE_URL \(l'adresse publique du site"):
        ProductionConfig.check()


@pytest.mark.parametrize("value", ["entrepairs.example.org", "ftp://entrepairs.example.org", "https://",
                                   "https://entrepairs.example.org/?a=1", "https://moi:secret@entrepairs.example.org"])
def test_production_check_refuses_unusable_public_base_url(production_env: pytest.MonkeyPatch, value: str) -> None:
    production_env.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        ProductionConfig.check()


@pytest.mark.parametrize("value", ["https://entrepairs.example.org", "https://entrepairs.example.org/",
                                   "https://example.org/entrepairs", "http://127.0.0.1:5000"])
def test_public_base_url_accepts_scheme_host_port_and_prefix(value: str) -> None:
    assert public_base_url_problem(value) is None


def test_production_check_refuses_short_secret_key(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("SECRET_KEY", "trop-court")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()
