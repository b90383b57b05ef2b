"""Automated accessibility checks (axe-core) on the main pages: no serious or critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from app.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/", "/poles/", "/personnes-ressources/", "/compte/connexion", "/compte/inscription", "/agenda"]


def _serious(results) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_violation(page, live_site, path):
    page.goto(live_site.url + path)
    assert _serious(Axe().run(page)) == []


def test_signup_errors_are_accessible(page, live_site):
    page.goto(live_site.url + "/compte/inscription")
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.locator(".error-summary").is_visible()
    assert _serious(Axe().run(page)) == []


def _log_in(page, live_site, email: str) -> None:
    page.goto(f"{live_site.url}/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mon-espace")


def test_logged_in_pages_have_no_serious_violation(page, live_site):
    _log_in(page, live_site, "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr")
    violations = _serious(Axe().run(page))
    page.locator("a[href^='/besoins/']", has_text="Un collectif qui repose sur quelques bénévoles").click()
    page.get_by_role("heading", name="Personnes ressources suggérées").wait_for()
    violations += _serious(Axe().run(page))
    assert violations == []


def test_organiser_pages_have_no_serious_violation(page, live_site):
    _log_in(page, live_site, "avise@demo.entrepairs.fr")
    violations = []
    for path in ("/organisation/tsf/", "/organisation/suivi", "/organisation/visites"):
        page.goto(live_site.url + path)
        violations += _serious(Axe().run(page))
    page.goto(live_site.url + "/besoins/1")  # the demo's first need, as an organiser sees it
    page.get_by_role("heading", name="Personnes ressources suggérées").wait_for()
    violations += _serious(Axe().run(page))
    page.get_by_role("link", name="Proposer ce binôme").first.click()
    page.get_by_role("heading", name="Pourquoi ce binôme").wait_for()
    violations += _serious(Axe().run(page))  # the pair and why, before sending
    page.goto(live_site.url + "/organisation/tsf/proposer?need_id=1")
    page.get_by_label("Personne ressource").wait_for()
    page.get_by_role("button", name="Voir ce binôme").click()  # nothing chosen: the error beside the list
    page.locator(".error-summary").wait_for()
    violations += _serious(Axe().run(page))
    assert violations == []


def test_administration_pages_have_no_serious_violation(page, live_site):
    _log_in(page, live_site, "admin@demo.entrepairs.fr")
    violations = []
    for path in ("/admin/comptes", "/admin/comptes?role=organiser&active=1", "/admin/comptes/inviter",
                 "/admin/organisations", "/admin/poles/fusion", "/admin/poles/1/animateurs", "/admin/journal"):
        page.goto(live_site.url + path)
        violations += _serious(Axe().run(page))
    page.goto(live_site.url + "/admin/comptes/inviter")
    page.get_by_role("button", name="Envoyer l'invitation").click()  # empty: errors beside the fields
    page.locator(".error-summary").wait_for()
    violations += _serious(Axe().run(page))
    assert violations == []


def test_agenda_pages_have_no_serious_violation(page, live_site):
    violations = []
    for path in ("/agenda", "/agenda?type=webinar&mois=2026-13", "/agenda/1"):
        page.goto(live_site.url + path)
        violations += _serious(Axe().run(page))
    _log_in(page, live_site, "coorace@demo.entrepairs.fr")
    for path in ("/agenda/1", "/organisation/agenda/nouvelle", "/organisation/agenda/1/presences",
                 "/organisation/bilan", "/organisation/bilan?region=76"):  # a region's: its poles' participation
        page.goto(live_site.url + path)
        violations += _serious(Axe().run(page))
    page.goto(live_site.url + "/organisation/agenda/nouvelle")
    page.get_by_role("button", name="Publier").click()  # nothing filled: the errors beside the fields
    page.locator(".error-summary").wait_for()
    violations += _serious(Axe().run(page))
    assert violations == []
