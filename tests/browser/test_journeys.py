"""Journeys of real users in a real browser."""

from __future__ import annotations

import re

import pytest

from app.demo import DEMO_PASSWORD
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

PASSWORD = "une-phrase-de-passe-solide"


def _signup_and_confirm(page, site, *, name: str, email: str, role_label: str) -> None:
    page.goto(site.url)
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_label("Prénom et nom").fill(name)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label(role_label).check()
    page.get_by_label(re.compile(r"^Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_text("Un e-mail de confirmation part").wait_for()
    page.goto(site.link_in_last_mail(email))
    page.get_by_text("Votre adresse e-mail est confirmée").wait_for()
    sign_in(page, site, email, PASSWORD)


def test_facilitator_claims_pole_writes_need_and_sees_explained_mentors(page, live_site, browser):
    """The claim is a request: no right on the pole until an organiser (or its facilitator) accepts."""
    _signup_and_confirm(page, live_site, name="Inès Garnier", email="ines@coursive.example",
                        role_label="Animer un PTCE (je décris mon pôle et ses besoins)")
    page.get_by_role("link", name="Chercher mon pôle").click()
    page.get_by_label("Rechercher").fill("Coursive")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="La Coursive Boutaric").click()
    pole_url = page.url
    page.get_by_role("link", name="C'est mon pôle : je demande à l'animer").click()
    page.get_by_label("Votre rôle dans ce pôle").fill("Je coordonne La Coursive depuis 2022, salariée de l'association.")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_text("Votre demande est envoyée").wait_for()
    assert page.get_by_text("Votre demande pour animer ce pôle attend la décision").is_visible()
    assert page.get_by_role("link", name="Publier un besoin").count() == 0
    assert page.get_by_role("link", name="Modifier la fiche").count() == 0
    assert page.goto(pole_url + "/modifier").status == 403

    organiser = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    try:
        sign_in(organiser, live_site, "avise@demo.entrepairs.fr", DEMO_PASSWORD)
        organiser.goto(f"{live_site.url}/poles/demandes")
        card = organiser.locator(".card", has_text="Inès Garnier")
        assert "Je coordonne La Coursive depuis 2022" in card.inner_text()
        card.get_by_role("button", name=re.compile("^Accepter")).click()
        organiser.get_by_text("Inès Garnier anime désormais").wait_for()
    finally:
        organiser.context.close()

    page.goto(pole_url)
    page.get_by_role("link", name="Publier un besoin").click()
    page.get_by_label("Titre du besoin").fill(" " * 10)  # a need of spaces is refused, in French, beside the fields
    page.get_by_label("Décrivez le besoin avec vos mots").fill(" " * 60)
    page.get_by_label("Transfert de savoir-faire").check()
    page.get_by_role("button", name="Publier le besoin").click()
    page.locator(".error-summary").wait_for()
    assert page.locator(".field-error").count() >= 2
    page.get_by_label("Titre du besoin").fill("Sortir de la dépendance à une seule subvention")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(
        "Nous avançons à tâtons et nous nous sentons parfois bien seuls : le poste de coordination "
        "repose sur une subvention régionale qui diminue chaque année et nos membres ne cotisent pas.")
    page.get_by_label("Transfert de savoir-faire").check()
    page.get_by_role("button", name="Publier le besoin").click()
    page.get_by_role("heading", name="Personnes ressources suggérées").wait_for()
    cards = page.locator(".suggestion-list > li")
    assert cards.count() >= 3
    first = cards.first.inner_text()
    assert "Affinité\u00a0:" in first and "Classée 1re" in first and "Rang" not in first


def test_resource_person_publishes_offer(page, live_site):
    _signup_and_confirm(page, live_site, name="Louise Ferrand", email="louise@compagnons.example",
                        role_label="Transmettre un savoir-faire (personne ressource)")
    page.get_by_role("link", name="Compléter mon profil de personne ressource").click()
    page.get_by_label("En une phrase, votre expérience").fill("Ancienne directrice d'un pôle de l'économie circulaire")
    page.get_by_label("Région").select_option(label="Bretagne")
    page.get_by_label("Nombre de transferts possibles par an").fill("2")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Votre profil est enregistré").wait_for()
    page.get_by_role("link", name="Publier une offre").click()
    page.get_by_label("Ce que vous pouvez transmettre (titre)").fill("Monter une recyclerie avec des chantiers d'insertion")
    page.get_by_label("Décrivez ce que vous avez fait et ce que vous pouvez transmettre").fill(
        "J'ai monté une recyclerie employant douze salariés en insertion, avec la collectivité et les bailleurs.")
    page.get_by_label("Économie circulaire, réemploi, recycleries").check()
    page.get_by_role("button", name="Publier l'offre").click()
    # Not « publiée »: nobody sees it before an organiser has validated the profile, and the page says so.
    page.get_by_text("Votre offre est enregistrée ; elle sera visible quand l'équipe aura validé votre profil").wait_for()
    page.goto(f"{live_site.url}/personnes-ressources/?theme=economie_circulaire")
    offer = page.get_by_role("link", name="Monter une recyclerie avec des chantiers d'insertion")
    assert offer.count() == 0  # listed once an organiser has validated the profile
    page.get_by_role("link", name="Mon espace").first.click()
    page.get_by_role("link", name="Mon profil de personne ressource").click()
    page.get_by_text("Votre profil attend la validation de l'équipe d'animation").wait_for()

    organiser = page.context.browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    sign_in(organiser, live_site, "avise@demo.entrepairs.fr", DEMO_PASSWORD)
    organiser.get_by_role("link", name="Personnes ressources à valider", exact=True).click()
    organiser.get_by_role("button", name="Valider Louise Ferrand").click()
    organiser.get_by_text("Le profil de Louise Ferrand est validé").wait_for()
    organiser.context.close()

    page.goto(f"{live_site.url}/personnes-ressources/?theme=economie_circulaire")
    assert offer.is_visible()


def test_demo_login_printed_by_demo_works(page, live_site):
    sign_in(page, live_site, "avise@demo.entrepairs.fr", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Mon espace").is_visible()
