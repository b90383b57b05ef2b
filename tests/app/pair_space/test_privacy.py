"""Messages are personal data: in the author's export; after deletion they stay for the other side."""

from __future__ import annotations

from sqlalchemy import select

from app.notifications.inbox import notify
from app.pair_space.conversation import post_message
from app.privacy.services import delete_account, export_user_data
from app.typography import elide
from models import Notification, NotificationPreferences, TransferMessage, User


def test_the_export_holds_the_person_s_messages_and_notices(db, pair):
    post_message(pairing=pair.pairing, author=pair.facilitator, body="Voici notre bilan.", idempotency_key="a" * 24)
    post_message(pairing=pair.pairing, author=pair.person, body="Merci, je le lis.", idempotency_key="b" * 24)
    data = export_user_data(db, user=pair.facilitator)
    assert [m["texte"] for m in data["messages_des_transferts"]] == ["Voici notre bilan."]
    assert data["messages_des_transferts"][0]["besoin"] == "Pérenniser l'animation"
    assert [n["texte"] for n in data["notifications"]["avis"]] == [
        f"Nouveau message {elide('de', pair.person.display_name)} sur le transfert « Pérenniser l'animation »"]


def test_deletion_keeps_the_messages_for_the_other_side_as_compte_supprime(client, login, db, pair):
    post_message(pairing=pair.pairing, author=pair.facilitator, body="Voici notre bilan.", idempotency_key="a" * 24)
    db.add(NotificationPreferences(user_id=pair.facilitator.id, messages="digest", reminders="immediate",
                                   seats="immediate", share_contact=False, phone="06 00 00 00 00"))
    notify(user=pair.facilitator, category="message", text="Un avis", url="/", key="k-test",
           subject="Un avis", template="pair_space/mail_message.txt", message=None, pairing=pair.pairing,
           author=pair.person)
    db.commit()
    facilitator_id = pair.facilitator.id
    delete_account(db, user=pair.facilitator)
    db.expire_all()
    assert db.get(User, facilitator_id) is None
    message = db.scalars(select(TransferMessage)).one()
    assert message.author_id is None and message.body == "Voici notre bilan."
    assert db.scalars(select(Notification).where(Notification.user_id == facilitator_id)).all() == []
    assert db.get(NotificationPreferences, facilitator_id) is None
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "Compte supprimé" in page and "Voici notre bilan." in page


def test_when_the_resource_person_leaves_the_pole_keeps_the_conversation(client, login, db, pair):
    post_message(pairing=pair.pairing, author=pair.person, body="Voici ma méthode.", idempotency_key="c" * 24)
    post_message(pairing=pair.pairing, author=pair.facilitator, body="Merci !", idempotency_key="d" * 24)
    delete_account(db, user=pair.person)
    db.expire_all()
    bodies = {m.body: m.author_id for m in db.scalars(select(TransferMessage))}
    assert bodies == {"Voici ma méthode.": None, "Merci !": pair.facilitator.id}
    login(pair.facilitator)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "Compte supprimé" in page and "Voici ma méthode." in page
    assert "la conversation est close" in page and "message-body" not in page
