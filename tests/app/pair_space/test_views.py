"""The conversation on the transfer page, the bell, the preferences page."""

from __future__ import annotations

import re

from sqlalchemy import select

from models import NotificationPreferences, TransferMessage


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def test_the_pair_talks_on_the_transfer_page_and_the_bell_counts(client, login, csrf, pair, db):
    login(pair.facilitator)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert 'id="conversation"' in page
    token = csrf(f"/transferts/{pair.pairing.id}")
    data = {"csrf_token": token, "body": "<script>alert(1)</script> Voici notre bilan : https://exemple.fr/bilan",
            "idempotency_key": _key(page)}
    for _ in range(2):  # a double click
        response = client.post(f"/transferts/{pair.pairing.id}/messages", data=data)
        assert response.status_code == 302
    assert len(db.scalars(select(TransferMessage)).all()) == 1
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    assert "&lt;script&gt;" in page and "<script>alert(1)" not in page
    assert 'href="https://exemple.fr/bilan"' in page
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})

    login(pair.person)
    home = client.get("/mon-espace").get_data(as_text=True)
    assert re.search(r'Notifications <span class="badge badge-count">1<span class="visually-hidden"> non lue', home)
    notices = client.get("/notifications").get_data(as_text=True)
    assert "Nouveau message de Camille Animatrice" in notices
    assert "badge-count" not in client.get("/mon-espace").get_data(as_text=True)


def test_outsiders_get_a_404(client, login, csrf, pair):
    login(pair.outsider)
    token = csrf("/mon-espace")
    response = client.post(f"/transferts/{pair.pairing.id}/messages",
                           data={"csrf_token": token, "body": "Bonjour", "idempotency_key": "k" * 24})
    assert response.status_code == 404


def test_preferences_page_saves_the_choice(client, login, csrf, pair, db):
    login(pair.person)
    token = csrf("/mon-compte/notifications")
    response = client.post("/mon-compte/notifications", data={
        "csrf_token": token, "messages": "digest", "seats": "immediate",
        "share_contact": "y", "phone": "06 12 34 56 78"}, follow_redirects=True)
    assert "préférences sont enregistrées" in response.get_data(as_text=True)
    prefs = db.get(NotificationPreferences, pair.person.id)
    assert (prefs.messages, prefs.share_contact, prefs.phone) == ("digest", True, "06 12 34 56 78")


def test_a_message_from_a_name_starting_with_a_vowel_elides_de(db, pair):
    """« Message d'Équipe d'animation », never « Message de Équipe d'animation », in the bell and the subject."""
    from app.pair_space.conversation import post_message
    from models import Notification, OutboxMessage

    pair.facilitator.display_name = "Équipe d'animation"
    db.commit()
    post_message(pairing=pair.pairing, author=pair.facilitator, body="Voici notre bilan.", idempotency_key="e" * 32)
    subjects = set(db.scalars(select(OutboxMessage.subject)))
    assert "Message d'Équipe d'animation\u00a0: Pérenniser l'animation" in subjects
    assert not any("de Équipe" in s for s in subjects)
    assert "Nouveau message d'Équipe d'animation sur le transfert « Pérenniser l'animation »" in set(
        db.scalars(select(Notification.text)))


def test_each_objective_box_is_a_field_of_its_own(client, login, pair):
    """The five objectives' labels and boxes were glued to each other and to the button, unlike every other form
    of the site (walk of 6 December 2026): one ``.field`` each, spaced by the site's CSS."""
    login(pair.person)
    page = client.get(f"/transferts/{pair.pairing.id}").get_data(as_text=True)
    fields = re.findall(r'<div class="field">\s*<label class="label" for="(objectif-\d)"', page)
    assert fields == [f"objectif-{n}" for n in range(5)]
