"""The journeys walked with JavaScript turned off (a locked-down office PC, an old phone): each destructive button
whose question the dialog of static/js/confirm.js asks asks it on a page of its own instead, nothing done before
(app/confirmation.py); the rest of the journey still reaches its saved result."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from models import CalendarFeed, CollectiveRegistration, CollectiveSession, Need, User, utcnow
from models.enums import RegistrationStatus
from tests.browser.conftest import ARTIFACTS, french_page
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.pole.cooperations.loire.forez@demo.entrepairs.fr"
ORGANISER = "coorace@demo.entrepairs.fr"
TITLE = "Piloter un pôle sans salarié·e"


@pytest.fixture(params=[390, 1280], ids=["telephone", "bureau"])
def page_without_js(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page of a browser whose scripts are blocked, at a phone's width and a desktop's."""
    yield from french_page(browser, request, java_script_enabled=False, viewport={"width": request.param, "height": 900})


def _registration(site, title: str, email: str) -> CollectiveRegistration | None:
    with site.app.app_context():
        return db.session.scalar(select(CollectiveRegistration).join(CollectiveSession).join(
            User, CollectiveRegistration.user_id == User.id).where(CollectiveSession.title == title, User.email == email))


def _session(site, title: str) -> CollectiveSession:
    with site.app.app_context():
        return db.session.scalar(select(CollectiveSession).where(CollectiveSession.title == title))


def _publish(page, site, title: str) -> int:
    sign_in(page, site, ORGANISER)
    page.goto(f"{site.url}/organisation/agenda/nouvelle")
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Présentation").fill("Deux pôles racontent une année sans poste salarié d'animation.")
    page.get_by_label("Lien de connexion").fill("https://visio.exemple.org/sans-salarie")
    page.locator("#slots-0-day").fill((utcnow() + timedelta(days=20)).date().isoformat())
    page.locator("#slots-0-start").fill("10:00")
    page.locator("#slots-0-end").fill("11:30")
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("heading", name=title).wait_for()
    return _session(site, title).id


def test_leaving_a_session_is_asked_on_a_page_then_done(page_without_js, live_site):
    page, width = page_without_js, page_without_js.viewport_size["width"]
    title = f"{TITLE} ({width} px)"
    session_id = _publish(page, live_site, title)

    sign_in(page, live_site, FACILITATOR)
    page.goto(f"{live_site.url}/agenda/{session_id}")
    page.get_by_role("button", name="S'inscrire").click()
    page.get_by_text("Votre inscription est enregistrée").wait_for()

    page.get_by_role("button", name="Se désinscrire").click()
    page.get_by_role("heading", name="Se désinscrire\u00a0?").wait_for()
    page.get_by_text(f"Vous désinscrire de « {title} » ?").wait_for()
    page.screenshot(path=str(ARTIFACTS / f"sans_js_desinscription_{width}.png"), full_page=True)
    assert _registration(live_site, title, FACILITATOR).status is RegistrationStatus.REGISTERED  # nothing done yet

    page.get_by_role("link", name="Revenir en arrière").click()  # back to the session's page, still registered
    page.get_by_role("heading", name=title).wait_for()
    assert page.get_by_role("button", name="Se désinscrire").is_visible()

    page.get_by_role("button", name="Se désinscrire").click()
    page.get_by_role("main").get_by_role("button", name="Se désinscrire").click()
    page.get_by_text("Votre désinscription est enregistrée.").wait_for()
    assert _registration(live_site, title, FACILITATOR).status is RegistrationStatus.CANCELLED


def test_cancelling_a_session_with_a_message_is_asked_on_a_page(page_without_js, live_site):
    page, width = page_without_js, page_without_js.viewport_size["width"]
    title = f"{TITLE}, annulée ({width} px)"
    session_id = _publish(page, live_site, title)
    page.goto(f"{live_site.url}/agenda/{session_id}")
    page.get_by_text("Annuler la session", exact=True).first.click()  # the <details> opens without script
    page.get_by_label("Message aux inscrit·es").fill("L'intervenante est souffrante ; la session sera reprogrammée.")
    page.get_by_role("button", name="Annuler la session").click()

    page.get_by_role("heading", name="Annuler la session\u00a0?").wait_for()
    page.get_by_role("blockquote").get_by_text("L'intervenante est souffrante").wait_for()  # the message, said to leave
    assert _session(live_site, title).cancelled_at is None
    page.get_by_role("main").get_by_role("button", name="Annuler la session").click()
    page.get_by_text("Cette session est annulée.").first.wait_for()
    page.get_by_text("L'intervenante est souffrante ; la session sera reprogrammée.").first.wait_for()
    cancelled = _session(live_site, title)
    assert cancelled.cancelled_at is not None
    assert cancelled.cancel_message == "L'intervenante est souffrante ; la session sera reprogrammée."


def test_revoking_the_calendar_link_is_asked_on_a_page(page_without_js, live_site):
    page = page_without_js
    sign_in(page, live_site, FACILITATOR)
    page.goto(f"{live_site.url}/calendrier/")
    if page.get_by_role("button", name="Créer mon lien d'abonnement").count():
        page.get_by_role("button", name="Créer mon lien d'abonnement").click()
        page.get_by_label("Lien d'abonnement").wait_for()

    page.get_by_role("button", name="Révoquer le lien").click()
    page.get_by_text("Les agendas abonnés n'afficheront plus vos rendez-vous.").wait_for()
    with live_site.app.app_context():
        owner = db.session.scalar(select(User).where(User.email == FACILITATOR))
        assert db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == owner.id,
                                                            CalendarFeed.revoked_at.is_(None))) is not None
    page.get_by_role("main").get_by_role("button", name="Révoquer le lien").click()
    page.get_by_role("button", name="Créer mon lien d'abonnement").wait_for()


def test_a_need_written_without_javascript_gets_its_themes_proposed_after_saving(page_without_js, live_site):
    page, width = page_without_js, page_without_js.viewport_size["width"]
    title = f"Ouvrir un tiers-lieu nourricier ({width} px)"
    sign_in(page, live_site, FACILITATOR)
    page.get_by_role("link", name="Publier un besoin").click()
    hint = page.locator(".theme-suggestions p.hint")  # Playwright's text search skips <noscript>: read its box
    assert hint.is_visible()  # said where the suggestions would have appeared
    assert hint.inner_text().startswith("JavaScript étant désactivé, aucun thème n'est suggéré pendant la saisie")
    page.get_by_label("Titre du besoin").fill(title)
    page.get_by_label("Décrivez le besoin avec vos mots").fill(
        "Nous voulons ouvrir une cuisine partagée et une épicerie solidaire dans un tiers-lieu, mais le plan de "
        "financement bloque.")
    page.get_by_role("button", name="Publier le besoin").click()
    page.get_by_text("Le besoin est publié.").wait_for()

    proposals = page.get_by_role("group", name="Thèmes proposés")
    proposals.get_by_label("Tiers-lieux et lieux mutualisés", exact=False).check()
    page.get_by_role("button", name="Enregistrer ces thèmes").click()
    page.get_by_text("Thème enregistré.").wait_for()
    with live_site.app.app_context():
        need = db.session.scalar(select(Need).where(Need.title == title))
        assert [theme.label for theme in need.themes] == ["Tiers-lieux et lieux mutualisés"]
    assert page.get_by_role("link", name=re.compile(r"^Demander un transfert à ")).count() > 0
