"""The facilitator and the resource person of a transfer write the objectives and a day report at once, each in
their own browser: the second save comes back on the transfer page, scrolled to the notice beside that form,
with what changed, by whom, and what was typed; sending again keeps it.

Screenshots of both conflicts are left in ``test-artifacts/browser/pair-space-conflict-*.png``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.auth.passwords import hash_password
from app.demo import DEMO_PASSWORD
from app.extensions import db
from app.pair_space.objectives import set_objectives
from models import (
    Meeting, MeetingKind, Need, NeedKind, Pairing, PairingDay, PairingStatus, Pole, ResourcePerson, Role, User,
    ValidationStatus, utcnow,
)
from tests.browser.conftest import ARTIFACTS
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

FACILITATOR, PERSON = "lea.causses@exemple.fr", "odile.relais@exemple.fr"


def _user(email: str, name: str, role: Role, pole: Pole | None = None) -> User:
    user = User(email=email, display_name=name, role=role, password_hash=hash_password(DEMO_PASSWORD),
                email_confirmed_at=utcnow(), pole=pole)
    db.session.add(user)
    return user


@pytest.fixture
def transfer(live_site) -> int:
    """An accepted transfer of its own (pole, facilitator, resource person), two objectives and a past day."""
    with live_site.app.app_context():
        pole = Pole(name="Pôle des Grands Causses", region_code="76", public_listing=True, confirmed_at=utcnow())
        facilitator = _user(FACILITATOR, "Léa Causses", Role.FACILITATOR, pole)
        person = ResourcePerson(user=_user(PERSON, "Odile Relais", Role.RESOURCE_PERSON), region_code="76",
                                yearly_capacity=3, headline="Ancienne coordinatrice de PTCE",
                                validation_status=ValidationStatus.VALIDATED, validated_at=utcnow())
        need = Need(pole=pole, author=facilitator, kind=NeedKind.TRANSFER, title="Mutualiser un poste",
                    text="Nous voulons partager notre poste de coordination avec deux structures voisines.")
        pairing = Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED)
        start = utcnow() - timedelta(days=7)
        day = PairingDay(pairing=pairing, stage=1, label="Atelier", session=Meeting(
            kind=MeetingKind.TRANSFER_DAY, title="Journée de transfert", starts_at=start,
            ends_at=start + timedelta(hours=6)))
        db.session.add_all([pole, person, need, pairing, day])
        db.session.commit()
        set_objectives(pairing=pairing, user=facilitator,
                       texts=["Rédiger la convention de mutualisation", "Choisir l'employeur du poste"])
        return pairing.id


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_the_pair_saving_the_same_forms_sees_the_conflict_beside_each(page, browser, live_site, transfer):
    other = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris").new_page()
    url = f"{live_site.url}/transferts/{transfer}"
    sign_in(page, live_site, FACILITATOR)
    sign_in(other, live_site, PERSON)
    page.goto(url)
    other.goto(url)

    # The objectives: she saves first, he saves from the page he opened before.
    other.get_by_text("Modifier les objectifs").click()
    other.get_by_role("textbox", name="Objectif 2", exact=True).fill("Choisir ensemble l'employeur du poste")
    other.get_by_role("button", name="Enregistrer les objectifs").click()
    other.get_by_text("Les objectifs du transfert sont enregistrés.").wait_for()

    page.get_by_text("Modifier les objectifs").click()
    third = page.get_by_role("textbox", name="Objectif 3", exact=True)
    third.fill("Présenter la convention aux conseils d'administration")
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    notice = page.locator(".edit-conflict")
    notice.wait_for()
    text = notice.inner_text()
    assert "Les objectifs du transfert ont été modifiés par Odile Relais le " in text
    assert "Objectif 2" in text and "Choisir ensemble l'employeur du poste" in text and "Objectif 3" not in text
    assert _in_view(page, notice)  # the page opens on the notice, not at its top
    assert third.input_value() == "Présenter la convention aux conseils d'administration"
    assert page.get_by_label("Ce qui a été fait").input_value() == ""  # the day's form is not filled
    assert page.evaluate("document.querySelectorAll('[id]').length") == page.evaluate(
        "new Set([...document.querySelectorAll('[id]')].map(e => e.id)).size")  # no id twice
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pair-space-conflict-objectives.png"))

    # Having read hers, he takes it and keeps his third objective.
    page.get_by_role("textbox", name="Objectif 2", exact=True).fill("Choisir ensemble l'employeur du poste")
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    page.get_by_text("Les objectifs du transfert sont enregistrés.").wait_for()
    page.get_by_text("Présenter la convention aux conseils d'administration — ").wait_for()

    # The day's report: the same, from the page each had open.
    other.reload()
    page.reload()
    other.get_by_label("Ce qui a été fait").fill("Lecture commune du projet de convention.")
    other.get_by_role("button", name="Enregistrer le compte rendu").click()
    other.get_by_text("Le compte rendu de la journée est enregistré.").wait_for()

    page.get_by_label("Ce qui a été fait").fill("Rencontre des trois structures.")
    page.get_by_label("Prochaine étape").fill("Chiffrer le coût partagé.")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    notice.wait_for()
    text = notice.inner_text()
    assert "Ce compte rendu a été modifié par Odile Relais le " in text
    assert "Lecture commune du projet de convention." in text and "Prochaine étape" not in text
    assert _in_view(page, notice)
    assert page.get_by_label("Ce qui a été fait").input_value() == "Rencontre des trois structures."
    assert page.get_by_label("Prochaine étape").input_value() == "Chiffrer le coût partagé."
    page.screenshot(path=str(ARTIFACTS / "pair-space-conflict-report.png"))
    other.context.close()
