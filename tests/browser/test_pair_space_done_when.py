"""Issue #19's « done when », in the browser: on a validated transfer the pair talks (each side gets the
mail), writes objectives and a day report, completes the transfer and publishes a sheet that another pole
then finds on its matching need; a resource person's « Je peux aider » reaches the organisers' console;
the bell counts and clears.

Each step leaves a screenshot in ``/tmp/shots/pairspace/`` (``PAIRSPACE_SHOTS`` to change it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth.passwords import hash_password
from app.demo import DEMO_PASSWORD
from app.extensions import db
from models import (
    ExperienceSheet, Need, NeedKind, Notification, Pairing, PairingEvent, PairingStatus, Pole, ResourcePerson, Role,
    User, ValidationStatus, utcnow,
)
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("PAIRSPACE_SHOTS", "/tmp/shots/pairspace"))
ORGANISER = "avise@demo.entrepairs.fr"
#: Demo resource persons other browser tests pair by name: the « Je peux aider » journey leaves them alone.
TAKEN_BY_OTHER_JOURNEYS = ("mireille.castagne@demo.entrepairs.fr", "julien.ferracci@demo.entrepairs.fr",
                           "helene.marquet.riviere@demo.entrepairs.fr")
SITUATION = ("Le poste de coordination de notre pôle est financé par une subvention qui s'arrête à la fin de "
             "l'année. Nous cherchons comment pérenniser ce poste : cotisations des membres, prestations, "
             "mutualisation de l'emploi avec d'autres structures.")


def _shot(page, name: str, part=None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if part is not None:
        part.screenshot(path=str(SHOTS / f"{name}.png"))
    else:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _mail_text(site, address: str) -> str:
    message = site.last_mail_to(address)  # delivers the outbox, then reads the .eml files of the file backend
    part = message.get_payload(0) if message.is_multipart() else message
    return f"{message['Subject']}\n{part.get_payload(decode=True).decode('utf-8')}"


def _bell(page) -> str:
    return " ".join(page.get_by_role("link", name=re.compile("^Notifications")).text_content().split())


@dataclass
class Journey:
    pairing_id: int
    facilitator: str
    person: str
    other_facilitator: str
    other_need_id: int


def _user(email: str, name: str, role: Role, pole: Pole | None = None) -> User:
    user = User(email=email, display_name=name, role=role, password_hash=hash_password(DEMO_PASSWORD),
                email_confirmed_at=utcnow(), pole=pole)
    db.session.add(user)
    return user


@pytest.fixture
def journey(live_site) -> Journey:
    """Two poles of the journey's own, a resource person, and a transfer Avise validated between them."""
    with live_site.app.app_context():
        organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
        hills = Pole(name="Pôle des Hautes Combes", region_code="84", public_listing=True, confirmed_at=utcnow())
        coast = Pole(name="Pôle du Littoral solidaire", region_code="76", public_listing=True, confirmed_at=utcnow())
        facilitator = _user("camille.combes@exemple.fr", "Camille Combes", Role.FACILITATOR, hills)
        other = _user("yann.littoral@exemple.fr", "Yann Littoral", Role.FACILITATOR, coast)
        person = ResourcePerson(user=_user("rose.passeur@exemple.fr", "Rose Passeur", Role.RESOURCE_PERSON),
                                region_code="84", yearly_capacity=3, headline="Ancienne coordinatrice de PTCE",
                                validation_status=ValidationStatus.VALIDATED, validated_at=utcnow())
        need = Need(pole=hills, author=facilitator, kind=NeedKind.TRANSFER,
                    title="Pérenniser le poste de coordination", text=SITUATION)
        other_need = Need(pole=coast, author=other, kind=NeedKind.TRANSFER,
                          title="Financer notre coordination après la subvention",
                          text="La subvention qui finance le poste de coordination de notre pôle s'arrête l'an "
                               "prochain. Comment pérenniser ce poste : cotisations des membres, prestations, "
                               "mutualisation de l'emploi ?")
        pairing = Pairing(need=need, resource_person=person, status=PairingStatus.VALIDATED,
                          message="Bonjour, votre expérience de la coordination nous aiderait beaucoup.")
        db.session.add_all([hills, coast, person, need, other_need, pairing])
        db.session.flush()
        db.session.add(PairingEvent(pairing_id=pairing.id, actor_id=organiser.id, from_status=PairingStatus.REQUESTED,
                                    to_status=PairingStatus.VALIDATED))
        db.session.commit()
        return Journey(pairing.id, facilitator.email, person.user.email, other.email, other_need.id)


def test_the_pair_talks_agrees_reports_and_hands_a_sheet_to_another_pole(page, live_site, journey):
    transfer = f"{live_site.url}/transferts/{journey.pairing_id}"

    # The resource person accepts, writes the objectives and the first message.
    sign_in(page, live_site, journey.person)
    page.goto(transfer)
    page.get_by_text("Camille Combes (animation du pôle des Hautes Combes) : ").wait_for()  # contacts, validated
    page.get_by_role("button", name="Accepter ce transfert").click()
    page.get_by_role("heading", name="Conversation").wait_for()
    page.get_by_label("Objectif 1").fill("Chiffrer trois scénarios de financement du poste")
    page.get_by_label("Objectif 2").fill("Présenter le scénario retenu au conseil d'administration")
    page.get_by_role("button", name="Enregistrer les objectifs").click()
    page.get_by_text("Les objectifs du transfert sont enregistrés.").wait_for()
    page.get_by_label("Votre message").fill("Bonjour Camille, je propose une première journée sur vos comptes.")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre message est envoyé.").wait_for()
    _shot(page, "01-personne-ressource-accepte-objectifs-message")
    mail = _mail_text(live_site, journey.facilitator)
    assert "une première journée sur vos comptes" in mail and f"/transferts/{journey.pairing_id}" in mail

    # The facilitator: the bell counts (validation, acceptance, message), the list shows them and clears it.
    sign_in(page, live_site, journey.facilitator)
    assert re.search(r"\b3 non lues\b", _bell(page)), _bell(page)
    _shot(page, "02-cloche-trois-non-lues")
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("heading", name="Notifications").wait_for()
    unread = [" ".join(t.split()) for t in page.locator("ul.notices li.unread").all_text_contents()]
    assert len(unread) == 3 and any("Transfert accepté — Pérenniser le poste" in t for t in unread), unread
    assert any("Nouveau message de Rose Passeur" in t for t in unread), unread
    assert "non lue" not in _bell(page)
    _shot(page, "03-notifications-lues")
    page.get_by_role("link", name=re.compile("^Nouveau message de Rose Passeur")).click()
    page.get_by_text("je propose une première journée sur vos comptes").wait_for()
    page.get_by_text("Chiffrer trois scénarios de financement du poste").wait_for()
    page.get_by_label("Votre message").fill("Merci Rose, la date du 3 nous convient. <b>À bientôt</b>")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre message est envoyé.").wait_for()
    page.get_by_text("<b>À bientôt</b>").wait_for()  # HTML shown as text, escaped
    assert "la date du 3 nous convient" in _mail_text(live_site, journey.person)
    assert "non lue" not in _bell(page)  # the page of one's own message adds nothing to one's bell

    # A first day (held yesterday: recording it begins the transfer), reported, then the transfer completed.
    yesterday = (utcnow() + timedelta(hours=1) - timedelta(days=1)).date()
    page.locator("#day").fill(yesterday.isoformat())
    page.locator("#start").fill("09:30")
    page.locator("#end").fill("16:30")
    page.get_by_label("Objet de la journée (étape)").fill("Lecture des comptes")
    page.get_by_label("Cette journée a déjà eu lieu (je l'enregistre après coup)").check()
    page.get_by_role("button", name="Planifier cette journée").click()
    page.get_by_role("heading", name="Comptes rendus des journées").wait_for()
    page.get_by_text("Le transfert est maintenant «\u00a0En cours\u00a0».").wait_for()
    page.get_by_text(PairingStatus.IN_PROGRESS.label).first.wait_for()
    page.get_by_label("Ce qui a été fait").fill("Lecture des comptes et de trois conventions de financement.")
    page.get_by_label("Prochaine étape").fill("Chiffrer la mutualisation du poste avec la ressourcerie.")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    page.get_by_text("Le compte rendu de la journée est enregistré.").wait_for()
    page.locator("p.prose", has_text="Fait : Lecture des comptes et de trois conventions de financement.").wait_for()
    page.locator("p.prose", has_text="Prochaine étape : Chiffrer la mutualisation du poste").wait_for()
    _shot(page, "04-objectifs-et-compte-rendu")
    page.get_by_role("button", name="Marquer le transfert comme terminé").click()
    page.get_by_role("dialog", name="Confirmer").get_by_role("button", name="Marquer le transfert comme terminé").click()
    page.get_by_role("heading", name="Fiche d'expérience").wait_for()

    # Both agree; the facilitator writes the sheet, which is then published.
    page.get_by_role("link", name="Écrire la fiche").click()
    page.get_by_label("Titre de la fiche").fill("Pérenniser un poste de coordination après une subvention")
    page.get_by_label("La situation de départ").fill(SITUATION)
    page.get_by_label("Ce qui a été transmis").fill("Trois scénarios chiffrés : cotisations, prestations, "
                                                    "emploi mutualisé avec un groupement d'employeurs.")
    page.get_by_label("Ce qui a marché").fill("Présenter les chiffres au conseil d'administration tôt.")
    page.get_by_role("button", name=re.compile("^Enregistrer")).click()
    page.get_by_text("elle sera publiée quand la personne ressource aura donné son accord").wait_for()
    sign_in(page, live_site, journey.person)
    page.goto(transfer)
    page.get_by_role("button", name="Je suis d'accord pour publier").click()
    page.get_by_text("Votre accord est enregistré : la fiche est publiée.").wait_for()
    _shot(page, "05-fiche-publiee")
    with live_site.app.app_context():
        sheet = db.session.scalar(select(ExperienceSheet).where(ExperienceSheet.pairing_id == journey.pairing_id))
        assert sheet.published_at is not None and db.session.get(Pairing, journey.pairing_id).status \
            is PairingStatus.COMPLETED

    # Another pole's facilitator finds it on a need of theirs that it fits, with the reason.
    sign_in(page, live_site, journey.other_facilitator)
    page.goto(f"{live_site.url}/besoins/{journey.other_need_id}")
    section = page.locator("section", has=page.get_by_role(
        "heading", name="Ce que d'autres pôles ont appris dans une situation proche"))
    section.get_by_role("link", name="Pérenniser un poste de coordination après une subvention").wait_for()
    assert "Pôle des Hautes Combes" in section.text_content()
    assert "Situation de départ" in section.text_content()
    _shot(page, "06-fiche-sur-le-besoin-d-un-autre-pole")


def test_je_peux_aider_reaches_the_console_and_the_bell(page, live_site):
    """A demo resource person offers help on a need suggested to them; Avise finds it among the requests."""
    with live_site.app.app_context():
        busy = select(Pairing.resource_person_id)
        person = db.session.scalars(select(ResourcePerson).join(User, User.id == ResourcePerson.user_id)
                                    .where(ResourcePerson.validation_status == ValidationStatus.VALIDATED,
                                           ResourcePerson.id.not_in(busy), User.is_active.is_(True),
                                           User.email.like("%@demo.entrepairs.fr"),
                                           User.email.not_in(TAKEN_BY_OTHER_JOURNEYS))
                                    .order_by(ResourcePerson.id.desc())).first()
        email, profile_id, name = person.user.email, person.id, person.user.display_name
        organiser = db.session.scalar(select(User).where(User.email == ORGANISER))
        before = organiser.unread_notifications
    sign_in(page, live_site, email)
    page.goto(f"{live_site.url}/personnes-ressources/{profile_id}")
    card = page.locator("section#besoins-titre, section[aria-labelledby='besoins-titre']").locator("li.card").first
    need_title = card.locator("h3").text_content().strip()
    card.get_by_label(re.compile("^Votre message au pôle")).fill("J'ai mené ce chantier dans mon pôle : je peux aider.")
    card.get_by_role("button", name="Je peux aider").click()
    page.get_by_text("Votre proposition d'aide est envoyée").wait_for()
    _shot(page, "07-je-peux-aider-envoye")

    sign_in(page, live_site, ORGANISER)
    assert re.search(r"non lues?", _bell(page)), _bell(page)
    with live_site.app.app_context():
        after = db.session.scalar(select(User.unread_notifications).where(User.email == ORGANISER))
        notice = db.session.scalars(select(Notification).where(Notification.user_id == organiser.id)
                                    .order_by(Notification.id.desc())).first()
    assert after == before + 1 and notice.text.startswith("Nouvelle demande de transfert")
    page.goto(f"{live_site.url}/organisation/tsf/")
    requests = page.locator("section[aria-labelledby='demandes-titre']")
    row = requests.locator("tr, li").filter(has_text=need_title).filter(has_text=name)
    row.first.wait_for()
    assert "propose son aide («\u00a0Je peux aider\u00a0»)\u00a0: J'ai mené ce chantier dans mon pôle" in row.first.text_content()
    _shot(page, "08-console-demande-je-peux-aider", requests)
    row.first.get_by_role("button", name=re.compile("^Valider")).click()  # validated like a pole's request
    page.get_by_role("heading", name=re.compile("^Demandes des pôles et propositions d'aide à valider")).wait_for()
    with live_site.app.app_context():
        offered = db.session.scalars(select(Pairing).where(Pairing.resource_person_id == profile_id)).one()
        assert offered.status is PairingStatus.VALIDATED and offered.requested_by.email == email
    page.get_by_role("link", name=re.compile("^Notifications")).click()
    page.get_by_role("link", name=re.compile(f"^Nouvelle demande de transfert — {re.escape(need_title)}")).wait_for()
    assert "non lue" not in _bell(page)
    _shot(page, "09-cloche-organisatrice-videe")
