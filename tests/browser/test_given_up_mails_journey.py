"""A mail the outbox gave up on, in a real browser: the administrator is told on « Mon espace », reads why on
« E-mails abandonnés » (a table that passes axe and fits a phone), sends it again with the keyboard alone (the
button says which mail to a screen reader), and the mail leaves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.extensions import db
from models import OutboxMessage, utcnow
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.entrepairs.fr"
RECIPIENT = "perdu.en.route@ptce.example"
REASON = ("le serveur SMTP ssl0.ovh.net:465 présente un certificat refusé (self-signed certificate) : vérifiez que "
          "MAIL_SERVER est le nom inscrit sur son certificat")


def _given_up_mail(live_site) -> int:
    with live_site.app.app_context():
        message = OutboxMessage(key="test:given-up:1", to_email=RECIPIENT, subject="Votre accès à Entrepairs",
                                body="Bonjour,\n", created_at=utcnow() - timedelta(days=3),
                                cancelled_at=utcnow() - timedelta(hours=2), attempts=10,
                                last_error=f"Abandonné après 10 tentatives : {REASON}")
        db.session.add(message)
        db.session.commit()
        return message.id


def _faults(page) -> list[str]:
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']})" for v in results.response["violations"]
            if v["impact"] in ("moderate", "serious", "critical")]


def test_admin_reads_why_a_mail_was_given_up_and_sends_it_again_with_the_keyboard(page, live_site):
    _given_up_mail(live_site)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_site, ADMIN)
    page.get_by_role("link", name="1 e-mail abandonné après ses tentatives d'envoi : à lire et renvoyer").click()
    page.wait_for_url("**/admin/e-mails-abandonnes")
    table = page.get_by_role("region", name="E-mails abandonnés")
    assert table.get_by_role("cell", name=REASON.replace(" :", "\u00a0:")).is_visible()
    assert _faults(page) == []
    page.screenshot(path=str(live_site.mail_dir.parent / "given-up-1280.png"), full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    page.screenshot(path=str(live_site.mail_dir.parent / "given-up-375.png"), full_page=True)

    button = page.get_by_role("button", name="Renvoyer l'e-mail «\u00a0Votre accès à Entrepairs\u00a0» à " + RECIPIENT)
    button.focus()
    assert page.evaluate("document.activeElement.textContent.trim()").startswith("Renvoyer")
    page.keyboard.press("Enter")
    page.get_by_text("est remis dans la file d'envoi").wait_for()
    assert page.get_by_role("status").filter(has_text="Aucun e-mail abandonné").is_visible()
    assert live_site.last_mail_to(RECIPIENT)["Subject"] == "=?utf-8?q?Votre_acc=C3=A8s_=C3=A0_Entrepairs?="
