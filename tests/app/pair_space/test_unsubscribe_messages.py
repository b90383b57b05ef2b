"""A transfer's message mail can be turned off from the mail (« List-Unsubscribe », RFC 8058): the header goes out
through the SMTP backend, the mail client's one-click POST turns the messages' mails off, the bell keeps them."""

from __future__ import annotations

import email

from sqlalchemy import select

from app.notifications import inbox
from app.notifications.delivery import deliver_due
from app.pair_space import conversation
from models import Notification, NotificationPreferences, OutboxMessage
from tests.app.html_parts import page_text
from tests.smtp_server import smtp_server


def _post(pair, body="Bonjour, quand pouvons-nous nous voir ?"):
    return conversation.post_message(pairing=pair.pairing, author=pair.facilitator, body=body,
                                     idempotency_key=conversation.new_key())


def test_a_message_mail_carries_a_one_click_unsubscribe_through_smtp(app, db, client, pair, tmp_path):
    _post(pair)
    db.commit()
    with smtp_server(tmp_path) as server:
        app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False,
                          MAIL_USE_SSL=False, MAIL_USERNAME=None)
        assert deliver_due(worker="a").sent == 2
    received = {m["To"]: m for m in map(email.message_from_bytes, server.messages)}
    mail = received[pair.person.email]
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = mail["List-Unsubscribe"]
    assert link.startswith("<http://entrepairs.test/desabonnement/") and link.endswith(">")
    path = link[1:-1].removeprefix("http://entrepairs.test")

    # A mail scanner's GET (no session, no sign-in) changes nothing: it reads the page and its button.
    page = client.get(path)
    assert page.status_code == 200
    text = page_text(page)
    assert "Ce bouton arrête les e-mails des messages de vos transferts" in text and "Ne plus les recevoir" in text
    assert inbox.preferences_of(pair.person.id).messages == "immediate"

    # The mail client's one click: a POST with no form token and no sign-in.
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "C'est fait" in page_text(done)
    db.expire_all()
    assert db.get(NotificationPreferences, pair.person.id).messages == "off"
    assert db.get(NotificationPreferences, pair.person.id).seats == "immediate"  # only the kind of that mail

    # The next message rings the bell, and no mail nor digest carries it.
    before = set(db.scalars(select(OutboxMessage.id).where(OutboxMessage.recipient_id == pair.person.id)))
    _post(pair, body="Et une deuxième question.")
    after = set(db.scalars(select(OutboxMessage.id).where(OutboxMessage.recipient_id == pair.person.id)))
    assert after == before
    assert db.query(Notification).filter(Notification.user_id == pair.person.id).count() == 2
    assert inbox.send_digests() == 0
    # The others still get it by mail.
    assert db.query(OutboxMessage).filter(OutboxMessage.recipient_id == pair.organiser.id).count() == 2
