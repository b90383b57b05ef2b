"""The main journeys walked with the keyboard only, as a screen reader user hears them: what was just done is said
first (the focus starts on it), a theme suggested while writing is announced once in a sentence, an error's link
shows its field's label, a list's own error is tied to its group, a reviewed pairing run keeps its contrast."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

D = "@demo.entrepairs.fr"
LAURAGAIS = "animation.pole.territoire.solidaire.du.lauragais" + D
STORY = ("Nos comptes sont dans le rouge depuis deux exercices, la trésorerie ne tiendra pas trois mois "
         "et les recettes ne couvrent plus les charges fixes.")
FOCUSED = "() => [document.activeElement.className, document.activeElement.id, document.activeElement.innerText]"


def _new_need(page, site) -> None:
    sign_in(page, site, LAURAGAIS)
    page.get_by_role("link", name="Publier un besoin").first.click()
    page.get_by_role("heading", name=re.compile("^Publier un besoin")).wait_for()


def test_the_confirmation_of_a_published_need_takes_the_focus(page, live_site):
    _new_need(page, live_site)
    page.get_by_label("Titre du besoin").fill("Un hiver difficile")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(STORY)
    page.get_by_role("button", name="Publier le besoin").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Un hiver difficile").wait_for()
    assert page.evaluate(FOCUSED) == ["flashes", "", "Le besoin est publié."]
    page.keyboard.press("Tab")  # on from the confirmation, not from the site's navigation
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_juri_ptce_proposal_takes_the_focus(page, live_site):
    sign_in(page, live_site, LAURAGAIS)
    page.goto(f"{live_site.url}/juri-ptce/")
    page.get_by_label("Votre question juridique").fill(
        "Notre association peut-elle devenir une SCIC et comment répartir les collèges de vote ?")
    page.get_by_role("button", name="Trouver un créneau").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("heading", name="Avocat·es et créneaux libres").wait_for()
    assert page.evaluate(FOCUSED)[1] == "proposition-titre"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("Réserver le ")


def test_a_suggested_theme_is_announced_once_and_its_button_stays(page, live_site):
    _new_need(page, live_site)
    assert page.locator("[data-theme-suggestions]").get_attribute("aria-live") is None  # the buttons: not read out
    page.get_by_label("Titre du besoin").fill("Un hiver difficile")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(STORY)
    status = page.get_by_role("status").filter(has_text="Thème suggéré d'après votre texte")
    status.wait_for(state="attached")
    assert re.search(r"Modèle socio-économique.*Un bouton, après le champ, permet de le cocher\.$",
                     status.text_content())
    button = page.get_by_role("button", name=re.compile(r"^Cocher «\s*Modèle socio-économique"))
    button.evaluate("b => { b.dataset.same = 'oui'; }")
    with page.expect_response("**/themes/suggestions*"):  # more words, the same theme: nothing drawn again
        page.get_by_label("Décrivez le besoin avec vos mots").press_sequentially(" Nous cherchons.")
    page.wait_for_timeout(300)
    assert button.get_attribute("data-same") == "oui"
    button.focus()
    page.keyboard.press("Enter")
    assert page.get_by_label("Modèle socio-économique et pérennisation").is_checked()
    said = "«\u00a0Modèle socio-économique et pérennisation\u00a0» est coché parmi les thèmes du formulaire."
    assert page.get_by_role("status").filter(has_text=said).count() == 1  # heard, and read in the suggestion's place
    assert page.evaluate("document.activeElement.textContent") == said


LOCAL = ("La mairie nous prête la salle depuis dix ans pour nos ateliers et nos réunions de coopérateurs, sans "
         "convention écrite. Le nouveau maire veut la récupérer et nous demande un loyer. Nous ne savons pas comment "
         "négocier avec la commune ni comment partager un lieu avec d'autres structures du territoire.")


def test_a_ticked_suggestion_leaves_the_focus_on_the_next_one_with_its_words(page, live_site):
    """At 375 px the focus went to the ticked checkbox, thirty themes below: the page jumped and the other suggestions
    were thirty Tab stops back. The words that suggested a theme are the button's description, heard on Tab."""
    page.set_viewport_size({"width": 375, "height": 800})
    _new_need(page, live_site)
    page.get_by_label("Titre du besoin").fill("Salle prêtée par la mairie")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(LOCAL)
    buttons = page.locator(".theme-suggestion-list button")
    buttons.nth(1).wait_for()
    first = buttons.first
    assert re.search(r"^\s*\d+\s%\s— d'après «", page.evaluate(
        "b => document.getElementById(b.getAttribute('aria-describedby')).textContent", first.element_handle()))
    second_name = buttons.nth(1).text_content()
    first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == second_name
    assert page.evaluate("document.activeElement.closest('[data-theme-suggestions]') !== null")


def test_an_error_link_shows_the_field_with_its_label(page, live_site):
    _new_need(page, live_site)
    page.get_by_role("button", name="Publier le besoin").click()
    page.locator(".error-summary").wait_for()
    # The summary is in the page before its (deferred) script gives it the focus: wait for that, not only for it.
    page.wait_for_function("document.activeElement.classList.contains('error-summary')", timeout=5_000)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "title"
    assert page.evaluate("document.querySelector('label[for=title]').getBoundingClientRect().top") >= 0


def test_the_slots_own_error_is_tied_to_their_group(page, live_site):
    sign_in(page, live_site, "coorace" + D)
    page.goto(f"{live_site.url}/organisation/agenda/nouvelle")
    page.get_by_role("button", name="Publier").click()
    group = page.get_by_role("group", name="Créneaux (un au moins)")
    group.wait_for()
    assert group.get_attribute("aria-describedby") == "slots-erreur"
    assert page.locator("#slots-erreur").inner_text() == "Indiquez au moins un créneau (date, début, fin)."


def test_a_reviewed_pairing_run_passes_axe(page, live_site):
    sign_in(page, live_site, "avise" + D)
    page.goto(f"{live_site.url}/organisation/tsf/")
    page.get_by_role("button", name=re.compile("^Lancer le calcul")).click()
    page.get_by_role("heading", name="Résultat exact et résultat glouton").wait_for(timeout=120_000)
    page.get_by_role("button", name=re.compile("^Retirer")).first.click()
    page.get_by_text("(retiré)").first.wait_for()
    violations = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations] == []


def test_a_confirmation_for_a_place_of_the_page_is_read_there(page, live_site):
    """Walk 5: a message sent in a transfer's conversation comes back to #conversation; its confirmation stayed at
    the top of the long page, out of sight and not read. It now sits under that heading and takes the focus."""
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, live_site, "mireille.castagne" + D)
    page.get_by_role("link", name="Créer un poste d'animation partagé entre nos associations").first.click()
    page.get_by_label("Votre message").fill("Je confirme le lieu de la première journée.")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer", exact=True).click()
    assert page.url.endswith("#conversation")
    # Moved and focused just after the load (after Chromium's own scroll to the fragment): wait for it.
    page.wait_for_function("document.activeElement.classList.contains('flashes')", timeout=5_000)
    assert page.evaluate(FOCUSED) == ["flashes", "", "Votre message est envoyé."]
    assert page.evaluate("document.activeElement.previousElementSibling.id") == "conversation"
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert 0 <= top < 800


def test_declining_without_a_reason_asks_for_it_beside_the_field_not_in_a_dialog(page, live_site):
    """« Décliner » with its reason left blank: the dialog asked « Décliner ce transfert ? Le pôle lira votre raison »
    of a reason not written, then the page answered at its top. Now no dialog: the reason is asked beside its field,
    the error taking the focus and linking there; once written, the dialog asks."""
    from sqlalchemy import select

    from app.extensions import db
    from app.transfers import services
    from models import Need, Pole, ResourcePerson, User

    with live_site.app.app_context():
        need = db.session.scalars(select(Need).join(Pole).where(Pole.name.contains("Lauragais"))).first()
        person = db.session.scalars(select(ResourcePerson).join(User, ResourcePerson.user_id == User.id).where(
            User.email == "claire.vandenbussche" + D)).one()
        organiser = db.session.scalars(select(User).where(User.email == "cra.occitanie" + D)).one()
        pairing_id = services.propose_pairing(need=need, person=person, organiser=organiser).id
    sign_in(page, live_site, "claire.vandenbussche" + D)
    page.goto(f"{live_site.url}/transferts/{pairing_id}")
    page.get_by_role("button", name="Décliner").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)[0] == "error-summary"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("[document.activeElement.id, document.activeElement.getAttribute('aria-invalid')]") == [
        "note-declined", "true"]
    page.keyboard.type("Je n'ai plus de disponibilité avant l'été.")
    page.get_by_role("button", name="Décliner").click()
    page.get_by_role("dialog", name="Confirmer").wait_for()


def test_new_suggestions_wait_until_the_focus_leaves_them(page, live_site):
    """Ticking a theme asks again; an answer with other themes redrew the box under the focus, which fell to the top
    of the page. It waits until the focus leaves the suggestions."""
    import json

    def theme(code: str, label: str) -> dict:
        return {"code": code, "label": label, "percent": 60, "triggers": ["commune"]}

    def answer(route) -> None:
        chosen = json.loads(route.request.post_data or "{}").get("chosen")
        themes = [theme("tiers_lieux", "Tiers-lieux et lieux mutualisés")] if chosen else [
            theme("collectivites", "Coopération avec les collectivités territoriales"),
            theme("ruralite", "Développement rural et revitalisation")]
        route.fulfill(status=200, content_type="application/json", body=json.dumps({"themes": themes}))

    page.route("**/themes/suggestions*", answer)
    _new_need(page, live_site)
    page.get_by_label("Titre du besoin").fill("Salle prêtée par la mairie")
    page.get_by_label("Décrivez le besoin avec vos mots").fill(LOCAL)
    buttons = page.locator(".theme-suggestion-list button")
    buttons.nth(1).wait_for()
    with page.expect_response("**/themes/suggestions*"):  # the tick asks again
        buttons.first.focus()
        page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.closest('[data-theme-suggestions]') !== null")
    assert page.evaluate("document.activeElement.textContent").startswith("Cocher «\u00a0Développement rural")
    page.keyboard.press("Tab")  # out of the box: now drawn
    page.get_by_role("button", name=re.compile("^Cocher «\\s*Tiers-lieux")).wait_for()
