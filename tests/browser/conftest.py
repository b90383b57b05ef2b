"""End-to-end fixtures: the real site served on loopback, driven by Debian's Chromium.

The server uses a SQLite file, the demo data, the default (offline) embedding model and the
file mail backend, as a person running ``make demo`` would have it.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.demo import load_demo
from app.extensions import db
from config import Config

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


class LiveSite:
    def __init__(self, url: str, mail_dir: Path, app) -> None:
        self.url = url
        self.mail_dir = mail_dir
        self.app = app

    def last_mail_to(self, address: str) -> email.message.Message:
        from app.notifications.delivery import deliver_all_due

        with self.app.app_context():  # mails wait in the outbox; no scheduler runs beside this site
            deliver_all_due()
        messages = []
        for path in self.mail_dir.glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes())
            if message["To"] == address:
                messages.append((path.stat().st_mtime_ns, message))
        assert messages, f"aucun message pour {address}"
        return max(messages, key=lambda item: item[0])[1]

    def link_in_last_mail(self, address: str) -> str:
        message = self.last_mail_to(address)
        part = message.get_payload(0) if message.is_multipart() else message
        body = part.get_payload(decode=True).decode("utf-8")
        match = re.search(r"https?://\S+", body)
        assert match, body
        return match.group(0)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : installez le paquet Debian chromium")
    root = tmp_path_factory.mktemp("site")
    app = create_app(Config, DATABASE_URL=f"sqlite:///{root / 'site.sqlite'}", MAIL_BACKEND="file",
                     MAIL_FILE_DIR=root / "mail", SECRET_KEY="browser-tests-secret", SERVER_NAME=None)
    with app.app_context():
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        load_demo(db.session)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # links in mails lead here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveSite(f"http://127.0.0.1:{server.server_port}", root / "mail", app)
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM})")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def french_page(browser, request: pytest.FixtureRequest, **context_options: object) -> Iterator[object]:
    """A page of a new French context (``context_options``: viewport, scripts off…), its screenshot kept under the
    test's name at the end: the body of the page fixtures."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **context_options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from french_page(browser, request)


def reset_artifacts() -> None:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
