"""A regional cell (CRA) opens its « appui renforcé » queue, records an accompaniment, reads the pole's history."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.accompaniments.queue import reinforced_support_queue
from app.auth.passwords import hash_password
from app.demo import DEMO_PASSWORD
from app.extensions import db
from models import Role, User, utcnow

pytestmark = pytest.mark.browser

CRA_EMAIL = "cra.journey@demo.entrepairs.fr"


def _cra_of_a_queued_region(site) -> tuple[str, str]:
    """A CRA account for the region of the first pole waiting for « appui renforcé » (its name)."""
    with site.app.app_context():
        pole = reinforced_support_queue(region_code=None)[0].pole
        if db.session.scalars(select(User).filter_by(email=CRA_EMAIL)).one_or_none() is None:
            db.session.add(User(email=CRA_EMAIL, display_name="Cellule régionale d'animation", role=Role.ORGANISER,
                                region_code=pole.region_code, password_hash=hash_password(DEMO_PASSWORD),
                                email_confirmed_at=utcnow()))
            db.session.commit()
        return pole.name, pole.region_code


def test_cra_records_an_accompaniment_from_its_queue(page, live_site):
    pole_name, _region = _cra_of_a_queued_region(live_site)
    page.goto(f"{live_site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(CRA_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")

    # « À traiter » counts the region's queue and leads to it: as many poles there as the count said.
    waiting = page.get_by_role("link", name=re.compile(r"^\d+ pôles? à accompagner en priorité \(appui renforcé\)$"))
    count = int(waiting.inner_text().split()[0])
    waiting.click()
    page.wait_for_url("**/organisation/appui-renforce")
    assert page.locator("tbody tr").count() == count
    row = page.get_by_role("row").filter(has_text=pole_name)
    assert "aucun transfert, visite ni accompagnement depuis 6 mois" in row.inner_text()
    row.get_by_role("link", name="Enregistrer un accompagnement").click()

    page.get_by_label("Réorientation vers un autre dispositif").check()
    page.get_by_label("France Active").check()
    page.get_by_label("Notes (lues par l'équipe d'animation seulement, jamais par le pôle)").fill(
        "Besoin de financement du poste de coordination : orienté vers France Active.")
    page.get_by_label("Prochaine étape", exact=True).fill("Rendez-vous avec France Active")
    page.get_by_role("button", name="Enregistrer l'accompagnement").click()

    page.get_by_text("L'accompagnement est enregistré.").wait_for()
    history = page.locator("section").filter(has=page.get_by_role("heading", name="Historique du pôle (équipe d'animation)"))
    text = history.inner_text()
    assert "Réorientation vers un autre dispositif\u00a0: France Active" in text
    assert "orienté vers France Active" in text and "prochaine étape\u00a0: Rendez-vous avec France Active" in text

    page.goto(f"{live_site.url}/organisation/appui-renforce")
    assert page.get_by_role("row").filter(has_text=pole_name).count() == 0
