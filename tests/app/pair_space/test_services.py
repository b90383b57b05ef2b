"""The pair's conversation: who talks, what is stored once, who is told and how."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.pair_space import conversation as services
from app.pair_space.conversation import ConversationRefused
from app.notifications import inbox
from models import Notification, NotificationPreferences, OutboxMessage, PairingStatus, TransferMessage, User


def _post(pair, author, body="Bonjour, quand pouvons-nous nous voir ?", key=None):
    return services.post_message(pairing=pair.pairing, author=author, body=body,
                                 idempotency_key=key or services.new_key())


def test_a_message_reaches_the_others_under_the_bell_and_by_mail(db, pair):
    message = _post(pair, pair.facilitator)
    recipients = set(db.scalars(select(Notification.user_id)))
    assert recipients == {pair.person.id, pair.organiser.id}
    keys = set(db.scalars(select(OutboxMessage.key)))
    assert keys == {f"message:{message.id}:user:{pair.person.id}", f"message:{message.id}:user:{pair.organiser.id}"}
    db.refresh(pair.person)
    assert pair.person.unread_notifications == 1


def test_the_same_form_posted_twice_is_stored_once(db, pair):
    key = services.new_key()
    first = _post(pair, pair.facilitator, key=key)
    again = _post(pair, pair.facilitator, key=key)
    assert first.id == again.id
    assert db.scalar(select(func.count(TransferMessage.id))) == 1


def test_outsiders_and_unaccepted_transfers_cannot_talk(db, pair):
    with pytest.raises(ConversationRefused, match="binôme"):
        _post(pair, pair.outsider)
    pair.pairing.status = PairingStatus.VALIDATED
    db.commit()
    with pytest.raises(ConversationRefused, match="accepté"):
        _post(pair, pair.facilitator)
    with pytest.raises(ConversationRefused, match="ou par le pôle quand elle lui a proposé son aide"):
        _post(pair, pair.facilitator)  # the help she offered is the pole's to accept: the sentence says both


@pytest.mark.parametrize("body, message", [("   \n ", "Écrivez"), ("abc\x00def", "contrôle"), ("x" * 5001, "au plus")])
def test_hostile_or_empty_messages_are_refused(pair, body, message):
    with pytest.raises(ConversationRefused, match=message):
        _post(pair, pair.facilitator, body=body)


def test_digest_instead_of_each_message(db, pair):
    db.add(NotificationPreferences(user_id=pair.person.id, messages="digest"))
    db.commit()
    _post(pair, pair.facilitator)
    _post(pair, pair.facilitator, body="Et une deuxième question.")
    assert not db.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.recipient_id == pair.person.id))
    assert inbox.send_digests() == 1
    digest = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == pair.person.id)).one()
    assert "2\u00a0nouveautés" in digest.subject and "/transferts/" in digest.body
    assert inbox.send_digests() == 0  # nothing twice


def test_contacts_are_shown_once_validated_and_only_with_consent(db, pair):
    pair.pairing.status = PairingStatus.REQUESTED
    db.commit()
    assert services.contacts(pair.pairing, pair.facilitator) == []
    pair.pairing.status = PairingStatus.VALIDATED
    db.add(NotificationPreferences(user_id=pair.person.id, share_contact=False))
    db.commit()
    shown = services.contacts(pair.pairing, pair.facilitator)
    assert [c.email for c in shown] == [None]
    assert [c.email for c in services.contacts(pair.pairing, pair.person)] == [pair.facilitator.email]


def test_reading_the_bell_clears_it(db, pair):
    _post(pair, pair.facilitator)
    person = db.get(User, pair.person.id)
    assert inbox.mark_all_read(user=person) == 1
    db.refresh(person)
    assert person.unread_notifications == 0


def test_a_message_mail_says_once_where_to_choose_the_digest(db, pair):
    """The footer moved from the message template to ``inbox.notify``, which adds it to every mail of a category
    the person may switch to the digest: said once, under the signature."""
    message = _post(pair, pair.facilitator)
    body = db.scalar(select(OutboxMessage.body).where(
        OutboxMessage.key == f"message:{message.id}:user:{pair.person.id}"))
    assert body.count("http://entrepairs.test/mon-compte/notifications") == 1
    assert body.endswith("L'équipe Entrepairs\n\n-- \nVous recevez chaque message par e-mail ; pour un récapitulatif "
                         "quotidien à la place :\nhttp://entrepairs.test/mon-compte/notifications\n")
