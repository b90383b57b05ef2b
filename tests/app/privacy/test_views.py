"""Privacy page, "Télécharger mes données", account deletion, retention job."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.privacy.registry import account_deletions, data_exports, register_account_deletion, register_data_export
from app.privacy.services import purge_inactive
from matching.pipeline import content_hash
from matching.text import profile_text
from models import (
    EmbeddingVector, LawyerProfile, LoginAttempt, Need, Offer, OutboxMessage, ParticipantRole, ResourcePerson, Role,
    Meeting, MeetingKind, MeetingParticipant, User, utcnow,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.web


def _count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def world(db, make_user, make_pole, make_resource_person):
    """A resource person with an offer, a facilitator with a need, a future and a past meeting."""
    pole = make_pole("Pôle des Monts")
    facilitator = make_user(Role.FACILITATOR, pole=pole, email="anim@exemple.fr")
    person = make_resource_person()
    offer = Offer(resource_person=person, title="Gouvernance partagée", text="Animer un conseil coopératif")
    need = Need(pole=pole, author=facilitator, title="Statuts", text="Passer en SCIC")
    now = utcnow()
    future = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée de transfert",
                     starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=10, hours=6))
    past = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journée passée",
                   starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=10, hours=-6))
    for meeting in (future, past):
        meeting.participants += [MeetingParticipant(user=person.user, role=ParticipantRole.HOST),
                                 MeetingParticipant(user=facilitator)]
    db.add_all([offer, need, future, past])
    db.add(EmbeddingVector(model="hashing", content_hash=content_hash(profile_text(offer.title, offer.text)),
                           dim=1, vector=b"\x00\x00\x80?"))
    db.add(OutboxMessage(key="rappel:1", recipient_id=person.user.id, to_email=person.user.email,
                         subject="Rappel", body="Demain"))
    db.commit()
    return {"pole": pole, "facilitator": facilitator, "person": person, "offer": offer, "need": need,
            "future": future, "past": past}


def test_privacy_page_in_french_linked_from_footer(client):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/confidentialite"' in home
    page = client.get("/confidentialite").get_data(as_text=True)
    for phrase in ("Confidentialité et données personnelles", "Universal Sentence Encoder", "TF-IDF",
                   "thèmes", "maturité", "région", "capacité", "organisateur·rices valident", "plongements",
                   "inutilisé pendant trois ans", "depuis trois ans, ses messages sont supprimés"):
        assert phrase in " ".join(page.split()), phrase
    assert "Télécharger mes données" not in page  # only for a logged-in user


def test_download_my_data_contains_every_section(client, login, world):
    login(world["person"].user)
    assert "Télécharger mes données" in client.get("/confidentialite").get_data(as_text=True)
    response = client.get("/compte/mes-donnees")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["compte"]["adresse_e_mail"] == world["person"].user.email
    assert data["profil_personne_ressource"]["offres"][0]["titre"] == "Gouvernance partagée"
    assert {r["rencontre"] for r in data["rencontres"]} == {"Journée de transfert", "Journée passée"}
    assert data["messages"][0]["objet"] == "Rappel"
    assert set(data) >= {name for name, _ in data_exports()}


def test_download_my_data_requires_login(client):
    response = client.get("/compte/mes-donnees")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]


def test_download_facilitator_lists_needs_written(client, login, world):
    login(world["facilitator"])
    data = client.get("/compte/mes-donnees").get_json()
    assert [n["titre"] for n in data["besoins_rediges"]] == ["Statuts"]
    assert data["compte"]["pole"]["nom"] == "Pôle des Monts"


def test_delete_account_wrong_password_keeps_everything(client, login, csrf, db, world):
    login(world["person"].user)
    page = client.post("/compte/supprimer", data={"csrf_token": csrf("/compte/supprimer"),
                                                  "password": "pas-le-bon", "confirm": "y"})
    assert page.status_code == 200
    assert "Mot de passe incorrect" in page.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, world["person"].user.id) is not None


def test_delete_resource_person_account_removes_personal_data(app, client, login, csrf, db, world):
    person, facilitator = world["person"], world["facilitator"]
    user_id, email = person.user.id, person.user.email
    login(person.user)
    response = client.post("/compte/supprimer", data={"csrf_token": csrf("/compte/supprimer"),
                                                      "password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, user_id) is None
    assert _count(db, ResourcePerson) == 0 and _count(db, Offer) == 0
    assert _count(db, EmbeddingVector) == 0
    assert _count(db, OutboxMessage, OutboxMessage.to_email == email) == 0
    # Future meeting: removed as participant, the other participant is told; past one loses the row too.
    future = db.get(Meeting, world["future"].id)
    assert [p.user_id for p in future.participants] == [facilitator.id]
    told = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == facilitator.id)).all()
    assert len(told) == 1 and "Journée de transfert" in told[0].body
    # Logged out.
    assert client.get("/mon-espace").status_code == 302


def test_delete_facilitator_account_anonymises_needs(client, login, csrf, db, world):
    login(world["facilitator"])
    client.post("/compte/supprimer", data={"csrf_token": csrf("/compte/supprimer"),
                                           "password": PASSWORD, "confirm": "y"})
    db.expire_all()
    need = db.get(Need, world["need"].id)
    assert need is not None and need.author_id is None and need.pole_id == world["pole"].id


def test_delete_lawyer_account_removes_profile_and_login_attempts(db, make_user):
    from app.privacy.services import delete_account
    from app.ratelimit import email_key

    lawyer = make_user(Role.LAWYER)
    db.add(LawyerProfile(user=lawyer, specialties="Droit des coopératives"))
    db.add(EmbeddingVector(model="m", content_hash=content_hash("Droit des coopératives"), dim=1, vector=b"0000"))
    db.add(LoginAttempt(key=email_key(lawyer.email)))
    invited = make_user(Role.ORGANISER)
    invited.invited_by_id = lawyer.id
    db.commit()
    delete_account(db, user=lawyer)
    assert _count(db, LawyerProfile) == 0 and _count(db, EmbeddingVector) == 0 and _count(db, LoginAttempt) == 0
    db.refresh(invited)
    assert invited.invited_by_id is None


def test_registered_hooks_run_for_export_and_deletion(db, make_user):
    from app.privacy.services import delete_account, export_user_data

    seen: list[int] = []
    register_data_export("essai", lambda session, user: {"id": user.id})
    register_account_deletion("essai", lambda session, user, now: seen.append(user.id), order=5)
    try:
        user = make_user()
        assert export_user_data(db, user=user)["essai"] == {"id": user.id}
        user_id = user.id
        delete_account(db, user=user)
        assert seen == [user_id]
        assert account_deletions()[0][0] == "essai"
    finally:
        from app.privacy import registry

        registry._exports.pop("essai")
        registry._deletions.pop("essai")


def test_purge_inactive_warns_then_deletes_and_is_idempotent(app, db, make_user):
    now = datetime(2030, 6, 1, 12, 0)
    old = make_user(email="ancien@exemple.fr")
    old.last_seen_at = now - timedelta(days=1070)  # warned now, deletable in 25 days
    active = make_user(email="actif@exemple.fr")
    active.last_seen_at = now - timedelta(days=10)
    admin = make_user(Role.ADMIN, email="admin@exemple.fr")
    admin.last_seen_at = now - timedelta(days=4000)
    db.commit()

    first = purge_inactive(db, inactive_days=1095, warning_days=30, now=now)
    assert first.warned == [old.id] and first.deleted == []
    warning = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient_id == old.id))
    assert "sera supprimé" in warning.body
    assert "http://entrepairs.test/compte/connexion" in warning.body and "http://entrepairs.test/confidentialite" in warning.body
    warning.created_at = now
    db.commit()
    assert purge_inactive(db, inactive_days=1095, warning_days=30, now=now).warned == []  # idempotent
    # Past the limit but warned only 26 days ago: still kept.
    later = now + timedelta(days=26)
    assert purge_inactive(db, inactive_days=1095, warning_days=30, now=later).deleted == []
    last = purge_inactive(db, inactive_days=1095, warning_days=30, now=now + timedelta(days=31))
    assert last.deleted == [old.id]
    assert purge_inactive(db, inactive_days=1095, warning_days=30, now=now + timedelta(days=32)).deleted == []
    assert {u.email for u in db.scalars(select(User))} == {"actif@exemple.fr", "admin@exemple.fr"}


def test_purge_inactive_logging_in_again_cancels_deletion(db, make_user):
    now = datetime(2030, 6, 1, 12, 0)
    user = make_user()
    user.last_seen_at = now - timedelta(days=1080)
    db.commit()
    purge_inactive(db, inactive_days=1095, warning_days=30, now=now)
    user.last_seen_at = now + timedelta(days=5)  # came back
    db.commit()
    report = purge_inactive(db, inactive_days=1095, warning_days=30, now=now + timedelta(days=40))
    assert report.deleted == [] and db.get(User, user.id) is not None


def test_purge_inactive_cli(app, db, make_user):
    user = make_user()
    user.last_seen_at = utcnow() - timedelta(days=2000)
    db.commit()
    result = app.test_cli_runner().invoke(args=["purge-inactive"])
    assert result.exit_code == 0, result.output
    assert "1\u00a0compte prévenu, 0\u00a0compte supprimé" in result.output


def test_login_sets_last_seen_at(client, login, db, make_user):
    user = make_user()
    assert user.last_seen_at is None
    login(user)
    db.refresh(user)
    assert user.last_seen_at is not None


def test_the_privacy_page_states_the_retention_of_bell_notices_and_sent_mail(app, client):
    app.config.update(NOTIFICATIONS_RETENTION_DAYS=200, OUTBOX_RETENTION_DAYS=45)
    page = " ".join(client.get("/confidentialite").get_data(as_text=True).split())
    assert "Les notifications de la cloche" in page
    assert "supprimées 200 jours après leur envoi une fois lues, et après 400 jours" in page
    assert "au bout de 45 jours" in page
