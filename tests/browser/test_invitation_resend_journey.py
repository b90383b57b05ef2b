"""A lost invitation in a real browser: the administrator sees it pending, resends it (a double click
mails once), and the person chooses a password with the new link; the account then reads as active."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from models import OutboxMessage
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.entrepairs.fr"
INVITED = "ines.perdue@coorace.example"
NEW_PASSWORD = "un lien retrouvé à temps"


def _mails_to(live_site, address: str) -> int:
    with live_site.app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                                 .where(OutboxMessage.to_email == address))


def test_admin_resends_a_lost_invitation_once_and_the_person_gets_in_with_the_new_link(page, live_site):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_site, ADMIN)
    page.goto(f"{live_site.url}/admin/comptes/inviter")
    page.get_by_label("Prénom et nom").fill("Inès Perdue")
    page.get_by_label("Adresse e-mail").fill(INVITED)
    page.get_by_label("Rôle").select_option(value="organiser")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_text(f"Invitation envoyée à {INVITED}.").wait_for()
    assert page.get_by_role("definition").filter(has_text="Invitation envoyée, pas encore acceptée").is_visible()
    account_url = page.url

    page.get_by_role("button", name="Renvoyer l'invitation").dblclick()
    page.get_by_text(f"Invitation renvoyée à {INVITED}").wait_for()
    page.wait_for_load_state("networkidle")
    assert _mails_to(live_site, INVITED) == 2  # the invitation and one resend (a re-sent form: tests/app/admin)

    page.context.clear_cookies()
    page.goto(live_site.link_in_last_mail(INVITED))
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    sign_in(page, live_site, INVITED, NEW_PASSWORD)

    sign_in(page, live_site, ADMIN)
    page.goto(account_url)
    assert page.get_by_role("button", name="Renvoyer l'invitation").count() == 0
    assert page.get_by_role("definition").filter(has_text="Actif").is_visible()
