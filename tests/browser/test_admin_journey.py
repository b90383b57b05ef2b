"""Administration in a real browser: an administrator invites a CRA member with its region."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from models import Role, User
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin@demo.entrepairs.fr"
INVITED = "gwen.le-bihan@cress-bretagne.example"
NEW_PASSWORD = "une cellule régionale bien gardée"


def test_admin_creates_a_cra_and_invites_its_member_who_then_sees_only_its_region(page, live_site):
    sign_in(page, live_site, ADMIN)
    page.get_by_role("link", name="Administration", exact=True).click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Organisations").click()
    page.get_by_label("Type").select_option(label="Cellule régionale d'animation (CRA)")
    page.get_by_label("Nom").fill("CRA Bretagne")
    page.get_by_label("Région (CRA seulement)").select_option(label="Bretagne")
    page.get_by_role("button", name="Créer l'organisation").click()
    page.get_by_text("Organisation « CRA Bretagne » créée.").wait_for()

    page.get_by_role("navigation", name="Administration").get_by_role("link", name="Inviter une personne").click()
    page.get_by_label("Prénom et nom").fill("Gwen Le Bihan")
    page.get_by_label("Adresse e-mail").fill(INVITED)
    page.get_by_label("Rôle").select_option(value="organiser")
    page.get_by_label("Organisation").select_option(label="CRA Bretagne (Bretagne)")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_text(f"Invitation envoyée à {INVITED}.").wait_for()
    assert page.get_by_role("definition").filter(has_text=re.compile("^Bretagne$")).is_visible()

    with live_site.app.app_context():
        invited = db.session.scalar(select(User).where(User.email == INVITED))
        assert (invited.role, invited.region_code, invited.organisation.name) == (Role.ORGANISER, "53", "CRA Bretagne")

    page.goto(f"{live_site.url}/admin/journal")
    assert page.get_by_role("cell", name="Invitation d'un compte").is_visible()

    page.context.clear_cookies()
    page.goto(live_site.link_in_last_mail(INVITED))
    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    sign_in(page, live_site, INVITED, NEW_PASSWORD)
    assert page.goto(f"{live_site.url}/organisation/region/53").status == 200
    assert page.goto(f"{live_site.url}/organisation/region/84").status == 403
