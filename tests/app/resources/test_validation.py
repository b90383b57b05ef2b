"""Resource persons are validated by an organiser before they are listed or suggested."""

from __future__ import annotations

import html
import re
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from app.refused import Refused
from app.resources import validation
from app.suggestions.services import suggestions_for_need
from app.transfers import batch
from app.transfers import services as transfers
from models import Need, NeedKind, Offer, OutboxMessage, ResourcePerson, Role, ValidationStatus
from tests.app.mail_texts import mail_text_faults
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER

pytestmark = pytest.mark.web


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    need = Need(pole=pole, author=facilitator, title=FINANCE_NEED[0], text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    pending = make_resource_person(region_code="84", status=ValidationStatus.PENDING)
    pending.user.display_name = "Camille En Attente"
    db.add_all([Offer(resource_person=pending, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1])])
    db.commit()
    return {"need": need, "facilitator": facilitator, "pending": pending, "organiser": make_user(Role.ORGANISER)}


def _suggested_people(need: Need) -> set[int]:
    return {s.card.person_id for s in suggestions_for_need(need)}


def test_pending_person_is_nowhere_for_others(client, login, db, scene):
    person, need = scene["pending"], scene["need"]
    assert "Camille En Attente" not in client.get("/personnes-ressources/").get_data(as_text=True)
    assert client.get(f"/personnes-ressources/{person.id}").status_code == 404
    assert client.get(f"/personnes-ressources/offres/{person.offers[0].id}").status_code == 404
    assert person.id not in _suggested_people(need)
    assert person.id not in {p.id for p, _ in batch.available_people()}
    assert person.id not in {p.id for p, _ in transfers.proposal_candidates()}
    with pytest.raises(transfers.TransferError, match="pas encore validée"):
        transfers.request_transfer(need=need, person=person, requester=scene["facilitator"])
    login(scene["facilitator"])
    assert client.get(f"/personnes-ressources/{person.id}").status_code == 404


def test_person_reads_the_pending_message_organiser_sees_the_profile(client, csrf, login, db, scene):
    person = scene["pending"]
    login(person.user)
    assert "attend la validation" in client.get(f"/personnes-ressources/{person.id}").get_data(as_text=True)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(scene["organiser"])
    assert client.get(f"/personnes-ressources/{person.id}").status_code == 200
    person.departement_code = "13"
    db.commit()
    page = client.get("/personnes-ressources/a-valider").get_data(as_text=True)
    assert "Camille En Attente" in page and "1\u00a0profil en attente" in page
    # Where she lives, to the department, as on her profile (a walk of 7 December 2026).
    assert "(Bouches-du-Rhône)" in page


def test_organiser_validates_then_listed_suggested_and_told_by_mail(client, csrf, login, db, scene):
    person, need = scene["pending"], scene["need"]
    login(scene["organiser"])
    response = client.post(f"/personnes-ressources/{person.id}/valider",
                           data={"csrf_token": csrf("/personnes-ressources/a-valider")})
    assert response.status_code == 302
    db.expire_all()
    assert person.validation_status is ValidationStatus.VALIDATED and person.validated_at is not None
    assert "Camille En Attente" in client.get("/personnes-ressources/").get_data(as_text=True)
    assert person.id in _suggested_people(need)
    assert person.id in {p.id for p, _ in batch.available_people()}
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == person.user_id))
    assert "est validé" in mail.subject and "apparaît désormais dans l'annuaire" in mail.body


def test_refusal_needs_a_reason_which_the_person_reads(client, csrf, login, db, scene):
    person = scene["pending"]
    with pytest.raises(Refused, match="motif"):
        validation.refuse(person, organiser=scene["organiser"], reason="  ")
    login(scene["organiser"])
    client.post(f"/personnes-ressources/{person.id}/refuser",
                data={"csrf_token": csrf("/personnes-ressources/a-valider"),
                      "reason": "Votre expérience ne porte pas encore sur un PTCE."})
    db.expire_all()
    assert person.validation_status is ValidationStatus.REFUSED
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == person.user_id))
    assert "Votre expérience ne porte pas encore sur un PTCE." in mail.body
    empty = client.get("/personnes-ressources/a-valider").get_data(as_text=True)
    assert empty.count("profil en attente") == 1 and "Aucun profil en attente." in empty  # said once, not « 0 profil »
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(person.user)
    page = client.get(f"/personnes-ressources/{person.id}").get_data(as_text=True)
    assert "Votre expérience ne porte pas encore sur un PTCE." in page and "de nouveau examiné" in page


def test_a_refused_person_who_edits_the_profile_is_examined_again(db, scene):
    from app.resources.services import save_profile

    person = scene["pending"]
    validation.refuse(person, organiser=scene["organiser"], reason="Profil incomplet.")
    save_profile(person.user, data={"headline": "Ancienne directrice de pôle, vingt ans d'ESS", "region_code": "84",
                                    "yearly_capacity": "2", "mobility": "both"})
    db.expire_all()
    assert person.validation_status is ValidationStatus.PENDING


def test_only_organisers_decide(client, csrf, login, make_user, scene):
    login(scene["facilitator"])
    assert client.get("/personnes-ressources/a-valider").status_code == 403
    token = csrf("/mon-espace")
    assert client.post(f"/personnes-ressources/{scene['pending'].id}/valider",
                       data={"csrf_token": token}).status_code == 403
    with pytest.raises(Refused):
        validation.validate(scene["pending"], organiser=scene["facilitator"])


def test_new_profiles_start_pending(db, make_user):
    from app.resources.services import save_profile

    user = make_user(Role.RESOURCE_PERSON)
    profile = save_profile(user, data={"headline": "Ancien coordinateur", "region_code": "53",
                                       "yearly_capacity": "2", "mobility": "both"})
    assert db.get(ResourcePerson, profile.id).validation_status is ValidationStatus.PENDING
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == user.id))
    assert "attend la validation" in mail.subject and "dès qu'elle l'aura validé" in mail.body


def test_the_pending_mail_reads_as_written_once_received(app, db, make_user):
    """Its subject arrived as « attend la validation de␣␣l'équipe d'animation » (header folding)."""
    from app.mail import memory_outbox
    from app.notifications.delivery import deliver_all_due
    from app.resources.services import save_profile

    save_profile(make_user(Role.RESOURCE_PERSON), data={"headline": "Ancien coordinateur", "region_code": "53",
                                                        "yearly_capacity": "2", "mobility": "both"})
    deliver_all_due()
    received = message_from_bytes(bytes(memory_outbox(app)[0]), policy=policy.default)
    assert received["Subject"] == "Votre profil de personne ressource attend la validation de l'équipe d'animation"
    assert mail_text_faults(memory_outbox(app)[0]) == []


def test_the_validation_message_names_the_profile_without_a_gender_mark(client, csrf, login, db, scene):
    """Walk 3: « Camille En Attente est validé·e » put a gender mark beside a name."""
    login(scene["organiser"])
    page = client.post(f"/personnes-ressources/{scene['pending'].id}/valider",
                       data={"csrf_token": csrf("/personnes-ressources/a-valider")},
                       follow_redirects=True).get_data(as_text=True)
    assert "Le profil de Camille En Attente est validé\u00a0: il apparaît dans l&#39;annuaire." in page
    assert "validé·e" not in page


def test_the_validated_mail_says_what_comes_next(db, scene):
    """Walk of 6 December 2026 (a resource person's year): « votre profil … est validé » and nothing on what
    happens next, nor where the needs she could answer are."""
    person = scene["pending"]
    validation.validate(person, organiser=scene["organiser"])
    db.commit()
    mail = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == person.user_id,
                                                 OutboxMessage.key.like("%:validated:%")))
    body = " ".join(mail.body.split())
    assert ("Et maintenant : quand un pôle vous demandera un transfert, ou que l'équipe d'animation vous en "
            "proposera un, un e-mail vous le dira ; vous l'accepterez ou le déclinerez sur sa page.") in body
    assert f"/personnes-ressources/{person.id}#besoins-titre" in body


def test_a_profile_already_decided_is_not_decided_again(db, scene):
    """The page lists pending profiles only; a decision posted again (another organiser's, a second tab) is told
    what was decided and changes nothing: the person never gets « validé » then « pas retenu »."""
    person = scene["pending"]
    validation.validate(person, organiser=scene["organiser"])
    with pytest.raises(Refused, match="a déjà été validé par l'équipe d'animation : rien n'a été enregistré"):
        validation.refuse(person, organiser=scene["organiser"], reason="Profil incomplet.")
    db.expire_all()
    assert person.validation_status is ValidationStatus.VALIDATED


def _text(response) -> str:
    """The page's text as read: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.get_data(as_text=True)))


def test_the_pending_card_says_what_the_person_offers(client, login, db, scene):
    """Walk of 7 December 2026: the card to validate gave a name, a sentence and a region; what she would pass on
    (her offers) and how many transfers a year were one click away, on each profile."""
    scene["pending"].yearly_capacity = 3
    db.add(Offer(resource_person=scene["pending"], title="Une offre retirée", text="Retirée.", active=False))
    db.commit()
    login(scene["organiser"])
    page = _text(client.get("/personnes-ressources/a-valider"))
    assert "3\u00a0transferts par an" in page
    assert f"Ce que Camille En Attente peut transmettre\u00a0: «\u00a0{FINANCE_OFFER[0]}\u00a0»" in page
    assert "Une offre retirée" not in page


def test_the_pending_card_says_when_no_offer_is_written_yet(client, login, db, scene):
    db.query(Offer).filter_by(resource_person_id=scene["pending"].id).delete()
    db.commit()
    db.expire_all()
    login(scene["organiser"])
    page = _text(client.get("/personnes-ressources/a-valider"))
    assert "Aucune offre écrite pour l'instant." in page
