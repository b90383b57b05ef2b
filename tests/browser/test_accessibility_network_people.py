"""axe-core on the pages of eligibility, accompaniments, validation and lawyer profiles."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def _serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _log_in(page, live_site, email: str) -> None:
    page.goto(f"{live_site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")


def test_organiser_network_pages_have_no_serious_violation(page, live_site):
    _log_in(page, live_site, "avise@demo.entrepairs.fr")
    violations = []
    for path in ("/organisation/appui-renforce", "/personnes-ressources/a-valider", "/organisation/avocats",
                 "/poles/1", "/poles/1/eligibilite", "/poles/1/accompagnements/nouveau", "/poles/?charte=y",
                 "/carte?charte=y"):
        page.goto(live_site.url + path)
        violations += [f"{path}: {v}" for v in _serious(Axe().run(page))]
    page.goto(live_site.url + "/poles/1/eligibilite")
    page.get_by_label("Année de l'AMI (si connue)").fill("2021")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Indiquez la phase de l'AMI PTCE").first.wait_for()
    violations += [f"erreur éligibilité: {v}" for v in _serious(Axe().run(page))]
    assert violations == []


def test_lawyer_profile_page_has_no_serious_violation(page, live_site):
    _log_in(page, live_site, "julien.ferracci@demo.entrepairs.fr")
    page.goto(live_site.url + "/avocat/profil")
    assert _serious(Axe().run(page)) == []
