"""A facilitator and a resource person talk on a validated transfer: messages, mails, the bell, objectives."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.notifications.inbox import mark_all_read
from app.transfers.services import COMMITTED_STATUSES
from models import Need, Pairing, ResourcePerson, User
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
PERSON = "mireille.castagne@demo.entrepairs.fr"


def test_the_pair_talks_and_agrees_on_objectives(page, live_site):
    with live_site.app.app_context():  # the demo's agreed transfer between the Livradois collective and Mireille
        facilitator = db.session.scalar(select(User).where(User.email == FACILITATOR))
        person = db.session.scalar(select(ResourcePerson).join(User).where(User.email == PERSON))
        pairing = db.session.scalars(select(Pairing).join(Need).where(
            Need.pole_id == facilitator.pole_id, Pairing.resource_person_id == person.id,
            Pairing.status.in_(COMMITTED_STATUSES))).one()
        # The site is shared by the browser tests: what earlier ones left in Mireille's bell is read, so the
        # count below is this journey's alone, whatever ran before.
        mark_all_read(user=person.user)
        db.session.commit()
        pairing_id = pairing.id

    sign_in(page, live_site, FACILITATOR)
    page.goto(f"{live_site.url}/transferts/{pairing_id}")
    page.get_by_text("Mireille Castagné (personne ressource) : ").wait_for()  # contacts once validated
    page.get_by_label("Votre message").fill("Bonjour Mireille, seriez-vous libre le 12 pour une première journée ?")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre message est envoyé.").wait_for()
    page.get_by_text("Modifier les objectifs").click()  # the demo pair wrote theirs: the form is folded
    page.get_by_role("textbox", name=re.compile(r"^Objectif 1\b")).fill("Trouver deux nouveaux bénévoles pour le bureau")
    page.get_by_role("textbox", name=re.compile(r"^Objectif 2\b")).fill("Écrire une charte d'engagement des membres")
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    page.get_by_text("Les objectifs du transfert sont enregistrés.").wait_for()
    mail = live_site.last_mail_to(PERSON)
    part = mail.get_payload(0) if mail.is_multipart() else mail
    assert "première journée" in part.get_payload(decode=True).decode("utf-8")
    page.get_by_role("button", name="Se déconnecter").click()

    sign_in(page, live_site, PERSON)
    bell = page.get_by_role("link", name=re.compile("^Notifications"))
    assert re.search(r"1\s+non lue", bell.text_content())
    bell.click()
    page.get_by_role("link", name=re.compile("Nouveau message de")).first.click()  # the newest first
    page.get_by_text("seriez-vous libre le 12").wait_for()
    page.get_by_text("Trouver deux nouveaux bénévoles pour le bureau").wait_for()
    page.get_by_label("Votre message").fill("Avec plaisir, le 12 me convient.")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre message est envoyé.").wait_for()
    assert "non lue" not in page.get_by_role("link", name=re.compile("^Notifications")).text_content()
