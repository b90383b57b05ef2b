"""« List-Unsubscribe » (RFC 2369, 8058): optional mails carry it, transactional ones do not; the link is signed,
expires, and turns off only the kind of mail it came with."""

from __future__ import annotations

import re

import pytest

from app.mail import memory_outbox
from app.notifications import inbox, unsubscribe
from app.notifications.delivery import deliver_all_due
from app.notifications.outbox import enqueue
from models import Notification, NotificationPreferences
from models.notification import DIGEST, IMMEDIATE, OFF
from tests.app.html_parts import page_text
from tests.conftest import extract_csrf


def _prefs(db, user_id: int) -> NotificationPreferences:
    db.expire_all()
    return db.get(NotificationPreferences, user_id)


def _path(link: str) -> str:
    return link.strip("<>").removeprefix("http://entrepairs.test")


def test_the_digest_carries_its_link_and_turns_off_what_it_carried(app, db, client, make_user):
    reader = make_user()
    db.add(NotificationPreferences(user_id=reader.id, messages=DIGEST, seats=IMMEDIATE))
    db.commit()
    inbox.notify(user=reader, category="message", text="Nouveau message", url="/transferts/1", key="k:message:1",
                 subject="Nouveau message", template="pair_space/mail_message.txt")
    assert inbox.send_digests() == 1
    db.commit()
    deliver_all_due()
    [digest] = memory_outbox(app)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = _path(digest["List-Unsubscribe"])
    assert "le récapitulatif quotidien des notifications" in page_text(client.get(path))
    assert _prefs(db, reader.id).messages == DIGEST  # the GET changed nothing
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    prefs = _prefs(db, reader.id)
    assert (prefs.messages, prefs.seats) == (OFF, IMMEDIATE)  # freed seats came at once, not in the digest: kept


def test_a_transactional_mail_carries_no_unsubscribe(app, db, make_user):
    enqueue(db, key="auth:reset:1", to=make_user(), subject="Réinitialiser votre mot de passe", body="Bonjour")
    db.commit()
    deliver_all_due()
    [mail] = memory_outbox(app)
    assert mail["List-Unsubscribe"] is None and mail["List-Unsubscribe-Post"] is None


def test_a_long_link_stays_one_readable_line_in_the_raw_mail(app, db, make_user):
    user = make_user()
    enqueue(db, key="k:seat:1", to=user, subject="Une place", body="Bonjour", unsubscribe="seat")
    db.commit()
    deliver_all_due()
    raw = bytes(memory_outbox(app)[0]).decode()
    line = next(line for line in raw.split("\n") if line.startswith("List-Unsubscribe:"))
    assert line.rstrip("\r") == f"List-Unsubscribe: <{unsubscribe.link(user.id, 'seat')}>"


@pytest.mark.parametrize("change", ["forged", "expired", "other purpose"])
def test_a_forged_or_expired_link_changes_nothing(app, db, client, make_user, monkeypatch, change):
    from app.auth.tokens import make_token

    user = make_user()
    token = _path(unsubscribe.link(user.id, "seat")).rsplit("/", 1)[1]
    if change == "forged":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    elif change == "other purpose":
        token = make_token("confirm", {"u": user.id, "k": "seat"})
    else:
        monkeypatch.setattr(unsubscribe, "LINK_DAYS", -1)
    response = client.post(f"/desabonnement/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "Ce lien" in page_text(response) and "vos préférences de notification" in page_text(response)
    if change == "expired":  # nobody can ask for another link: the page does not tell one to
        assert "a expiré" in page_text(response) and "Demandez-en un nouveau" not in page_text(response)
    assert _prefs(db, user.id) is None


def test_off_is_chosen_on_the_preferences_page_and_keeps_the_bell(app, db, client, login, csrf, make_user):
    user = make_user()
    login(user)
    token = csrf("/mon-compte/notifications")
    assert "Aucun e-mail (la cloche seulement)" in page_text(client.get("/mon-compte/notifications"))
    response = client.post("/mon-compte/notifications", data={"csrf_token": token, "messages": IMMEDIATE,
                                                               "seats": OFF, "share_contact": "y"})
    assert response.status_code == 302
    assert _prefs(db, user.id).seats == OFF
    inbox.notify(user=user, category="seat", text="Une place est disponible", url="/agenda/1", key="k:seat:2",
                 subject="Une place", template="pair_space/mail_message.txt")
    db.commit()
    assert db.query(Notification).filter(Notification.user_id == user.id).one().digested_at is not None
    assert deliver_all_due().sent == 0


def test_the_preferences_page_opened_before_the_link_does_not_undo_it(app, db, client, login, make_user):
    """The page opened (mails of messages at once), the mail's link used meanwhile (off), then the page saved for its
    phone number: the messages' mails stay off — the field left as the page showed it is not written back over what
    changed meanwhile — and the page says so. A mode chosen on the page is written, whatever changed meanwhile."""
    user = make_user()
    login(user)
    opened = client.get("/mon-compte/notifications").get_data(as_text=True)
    sent = {"csrf_token": extract_csrf(opened), "messages": IMMEDIATE, "seats": IMMEDIATE, "share_contact": "y",
            "phone": "06 12 34 56 78", **_hidden(opened, "shown_messages", "shown_seats")}
    client.post(_path(unsubscribe.link(user.id, "message")))
    response = client.post("/mon-compte/notifications", data=sent, follow_redirects=True)
    prefs = _prefs(db, user.id)
    assert (prefs.messages, prefs.seats, prefs.phone) == (OFF, IMMEDIATE, "06 12 34 56 78")
    assert ("Vos préférences sont enregistrées. « Messages de vos transferts » avait changé entre-temps (par le lien "
            "d'un e-mail ou dans une autre fenêtre) : ce réglage est gardé, tel que la page le montre."
            ) in " ".join(page_text(response).split()).replace("\u00a0", " ")
    client.post("/mon-compte/notifications", data={**sent, "messages": DIGEST})  # the old page, a mode chosen
    assert _prefs(db, user.id).messages == DIGEST


def _hidden(page: str, *names: str) -> dict[str, str]:
    return {name: re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1) for name in names}


@pytest.mark.parametrize("data", [{"u": 1, "k": ["seat"]}, {"u": 2**40, "k": "seat"}, {"u": True, "k": "seat"},
                                  {"u": "1", "k": "seat"}, {"u": 1, "k": "autre"}])
def test_a_link_signed_with_odd_data_is_refused_not_a_500(app, db, client, make_user, data):
    """Only the site signs these links (an id and a kind): a kind as a list, an id past PostgreSQL's integers, a
    boolean read as id 1 — a key leaked, a format of another version — are « Ce lien n'est pas valide. »."""
    from app.auth.tokens import make_token

    make_user()
    response = client.post(f"/desabonnement/{make_token('unsubscribe', data)}")
    assert response.status_code == 400 and "Ce lien n'est pas valide." in page_text(response).replace("\u00a0", " ")
    assert db.query(NotificationPreferences).count() == 0
