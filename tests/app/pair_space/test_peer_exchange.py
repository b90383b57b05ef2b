"""« Proposer un échange »: a message to a peer pole's facilitators, with a link back."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.pair_space.initiative import InitiativeRefused
from app.pair_space.peer_exchange import propose_exchange
from models import Notification, OutboxMessage, Role

KEY = "e" * 24


@pytest.fixture
def poles(db, make_user, make_pole):
    mine, peer = make_pole("Pôle des Coteaux"), make_pole("Pôle du Littoral")
    me = make_user(Role.FACILITATOR, pole=mine, name="Camille Animatrice")
    them = make_user(Role.FACILITATOR, pole=peer, name="Dominique Animateur")
    return mine, peer, me, them


def test_the_peer_facilitators_get_the_message_once(db, poles):
    mine, peer, me, them = poles
    assert propose_exchange(sender=me, from_pole=mine, to_pole=peer, message="Parlons de nos cantines.",
                            idempotency_key=KEY) == 1
    db.commit()
    notice = db.scalars(select(Notification).where(Notification.user_id == them.id)).one()
    assert notice.url == f"/poles/{mine.id}" and "Pôle des Coteaux" in notice.text
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == them.id)).one()
    assert "Parlons de nos cantines." in mail.body and f"/poles/{mine.id}" in mail.body
    assert propose_exchange(sender=me, from_pole=mine, to_pole=peer, message="Parlons de nos cantines.",
                            idempotency_key=KEY) == 0  # a double click
    assert len(db.scalars(select(Notification)).all()) == 1


def test_the_mail_names_both_poles_with_their_article(db, make_user, make_pole):
    """« qui anime Pôle des Coteaux, propose un échange à Le Damier » (mail audit): a pole's name takes « le »,
    « au » as French says it, and no « pôle Pôle »."""
    mine, peer = make_pole("Pôle des Coteaux"), make_pole("Le Damier")
    me = make_user(Role.FACILITATOR, pole=mine, name="Camille Animatrice")
    them = make_user(Role.FACILITATOR, pole=peer, name="Dominique Animateur")
    propose_exchange(sender=me, from_pole=mine, to_pole=peer, message="Parlons de nos cantines.", idempotency_key=KEY)
    mail = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == them.id)).one()
    assert "Camille Animatrice, qui anime le Pôle des Coteaux, propose un échange au pôle Le Damier :" in mail.body


@pytest.mark.parametrize(("message", "error"), [
    ("", "Écrivez votre message"),
    ("Bonjour\x00", "caractères de contrôle"),
    ("é" * 2001, "2\u202f000 caractères"),
])
def test_hostile_input_is_refused_in_french(db, poles, message, error):
    mine, peer, me, _ = poles
    with pytest.raises(InitiativeRefused, match=error):
        propose_exchange(sender=me, from_pole=mine, to_pole=peer, message=message, idempotency_key=KEY)
    assert db.scalars(select(Notification)).all() == []


def test_only_the_pole_s_facilitators_speak_for_it(db, poles, make_user):
    mine, peer, me, them = poles
    with pytest.raises(InitiativeRefused, match="animateur"):
        propose_exchange(sender=them, from_pole=mine, to_pole=peer, message="Bonjour", idempotency_key=KEY)


def test_the_form_on_the_pole_page(client, login, csrf, db, poles, monkeypatch):
    mine, peer, me, them = poles
    from app.suggestions import services as suggestions

    class Suggestion:
        pole, need, explanation = peer, mine, None

    monkeypatch.setattr(suggestions, "peer_poles", lambda pole, needs: [Suggestion()])
    login(me)
    page = client.get(f"/poles/{mine.id}").get_data(as_text=True)
    assert "Proposer un échange" in page
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    response = client.post(f"/poles/{mine.id}/proposer-un-echange/{peer.id}", data={
        "csrf_token": csrf(f"/poles/{mine.id}"), "idempotency_key": key, "message": "Échangeons !"},
        follow_redirects=True)
    assert "proposition d&#39;échange est envoyée" in response.get_data(as_text=True)
    assert db.scalars(select(Notification).where(Notification.user_id == them.id)).one()
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    login(them)  # the peer sees the suggestion list without the form (it is not their pole)
    assert "Proposer un échange" not in client.get(f"/poles/{mine.id}").get_data(as_text=True)


def test_no_form_for_a_peer_pole_nobody_animates_on_the_site(client, login, db, poles, make_pole, monkeypatch):
    """Walk 6: the first pole suggested to the Livradois had no facilitator on the site; the message, once written,
    was refused (« … n'a pas encore d'animateur·rice inscrit·e ») and lost."""
    mine, peer, me, them = poles
    unanimated = make_pole("Pôle des Hautes Terres")
    from app.suggestions import services as suggestions

    class Suggestion:
        need, explanation = mine, None

        def __init__(self, pole):
            self.pole = pole

    monkeypatch.setattr(suggestions, "peer_poles", lambda pole, needs: [Suggestion(unanimated), Suggestion(peer)])
    login(me)
    page = client.get(f"/poles/{mine.id}").get_data(as_text=True)
    assert f"/proposer-un-echange/{unanimated.id}" not in page
    assert "Personne n'anime encore ce pôle sur Entrepairs" in page
    assert f"/proposer-un-echange/{peer.id}" in page


def test_no_exchange_proposed_to_a_pole_off_the_directory(client, login, csrf, db, poles, make_pole):
    """A pole that chose not to be listed is named to no other pole's facilitators (``policy.pole_sight``): an
    exchange sent to it by trying ids is the 404 of a missing pole — not « envoyée à l'animation du Pôle … », nor
    « Pôle … n'a pas encore d'animateur·rice », which would name it."""
    mine, peer, me, them = poles
    peer.public_listing = False
    unanimated = make_pole("Pôle Sans Animation", public=False)
    db.commit()
    login(me)
    for hidden in (peer, unanimated):
        response = client.post(f"/poles/{mine.id}/proposer-un-echange/{hidden.id}", data={
            "csrf_token": csrf(f"/poles/{mine.id}"), "idempotency_key": KEY, "message": "Échangeons !"},
            follow_redirects=True)
        assert response.status_code == 404 and hidden.name not in response.get_data(as_text=True)
    assert db.scalars(select(Notification)).all() == []
