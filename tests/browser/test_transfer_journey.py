"""The transfer programme in a real browser: request, validation, acceptance, batch run and approval."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from models import Pairing, PairingStatus
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR = "animation.collectif.cooper.acteurs.du.livradois@demo.entrepairs.fr"
ORGANISER = "avise@demo.entrepairs.fr"


def test_request_validate_accept_then_batch_and_approve(page, live_site):
    sign_in(page, live_site, FACILITATOR)
    # The need's own link: « Mon espace » also links its transfers in progress under the same title.
    page.locator("a[href^='/besoins/']", has_text="Un collectif qui repose sur quelques bénévoles").click()
    page.get_by_role("link", name=re.compile("^Demander un transfert à")).first.click()
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("heading", name=re.compile("^Transfert :")).wait_for()

    with live_site.app.app_context():
        pairing = db.session.scalars(select(Pairing).order_by(Pairing.id.desc())).first()
        assert pairing.status is PairingStatus.REQUESTED
        pairing_id, person_email = pairing.id, pairing.resource_person.user.email

    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/tsf/")
    page.get_by_role("button", name=re.compile("^Valider")).first.click()

    sign_in(page, live_site, person_email)
    page.goto(f"{live_site.url}/transferts/{pairing_id}")
    page.get_by_role("button", name="Accepter ce transfert").click()
    page.get_by_text(PairingStatus.ACCEPTED.label).first.wait_for()
    with live_site.app.app_context():
        assert db.session.get(Pairing, pairing_id).status is PairingStatus.ACCEPTED

    sign_in(page, live_site, ORGANISER)
    page.goto(f"{live_site.url}/organisation/tsf/")
    page.get_by_role("button", name=re.compile("^Lancer le calcul")).click()
    page.get_by_role("heading", name="Résultat exact et résultat glouton").wait_for(timeout=120_000)
    assert page.get_by_role("row", name=re.compile("Affinité totale")).is_visible()
    page.get_by_role("link", name="Approuver et envoyer les propositions…").click()
    page.get_by_role("heading", name=re.compile("^Approuver et envoyer")).wait_for()
    page.get_by_role("button", name=re.compile(r"^Confirmer l'envoi \(")).click()
    page.get_by_text(re.compile(r"propositions? envoyées?")).first.wait_for()
    with live_site.app.app_context():
        proposed = db.session.scalars(select(Pairing).where(Pairing.status == PairingStatus.PROPOSED)).all()
    assert proposed, "l'approbation n'a créé aucune proposition"
