"""Settings read from the environment (config.py), as a fresh process reads them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setting(name: str, env: dict[str, str], cls: str = "ProductionConfig") -> str:
    clean = {key: value for key, value in os.environ.items() if key not in {"MAIL_DEFAULT_SENDER", "PUBLIC_BASE_URL"}}
    out = subprocess.run([sys.executable, "-c", f"import config; print(config.{cls}.{name})"],
                         env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_production_mails_leave_from_the_domain_of_the_site():
    # The development sender (…@entrepairs.localhost) is refused by real relays (SPF, unknown domain).
    env = {"PUBLIC_BASE_URL": "https://entrepairs.example.org/site"}
    assert _setting("MAIL_DEFAULT_SENDER", env) == "Entrepairs <ne-pas-repondre@entrepairs.example.org>"


def test_an_explicit_sender_wins_and_development_keeps_its_own():
    env = {"PUBLIC_BASE_URL": "https://entrepairs.example.org", "MAIL_DEFAULT_SENDER": "Réseau <contact@ptce.example>"}
    assert _setting("MAIL_DEFAULT_SENDER", env) == "Réseau <contact@ptce.example>"
    assert _setting("MAIL_DEFAULT_SENDER", {}, cls="Config") == "Entrepairs <ne-pas-repondre@entrepairs.localhost>"
