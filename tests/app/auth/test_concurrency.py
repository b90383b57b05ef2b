"""Accounts under simultaneous clicks (PostgreSQL): « Renvoyer l'invitation » sent twice at once, a resend while
the person chooses a password, the same invitation link accepted in two tabs, « Inviter » clicked twice, and the
password changed from two tabs at once.
"""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from app.admin import accounts, audit
from app.auth import invitations
from app.auth.passwords import verify_password
from app.extensions import db as db_ext
from models import AuditEvent, OutboxMessage, Role, User
from tests.app.auth.conftest import INVITEE_EMAIL
from tests.app.html_parts import page_html
from tests.conftest import extract_csrf
from tests.races import hold, in_step, on_postgres, together

pytestmark = [pytest.mark.web, *on_postgres]

EMAIL = INVITEE_EMAIL


def _mails(db) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL).order_by(OutboxMessage.id)))


def _link(mail: OutboxMessage) -> str:
    return re.search(r"https?://\S+", mail.body).group(0).split("entrepairs.test", 1)[-1]


def _choose(app, link: str, password: str) -> str:
    """A tab opened on the invitation link sends its password; where it is sent next."""
    client = app.test_client()
    token = extract_csrf(page_html(client.get(link)))
    response = client.post(link, data={"csrf_token": token, "password": password, "password_confirm": password})
    return response.headers.get("Location", str(response.status_code))


def test_resend_clicked_twice_at_once_mails_once_without_an_error(app, db, make_user, invitee, monkeypatch):
    """Both clicks look for the form's mail before either has written it: the second one must not end in an
    error page (the outbox's unique key refusing the same mail twice)."""
    admin_id, user_id = make_user(Role.ADMIN, email="admin@exemple.fr").id, invitee.id
    # Each click has looked for the form's mail (the outbox's unique key) before either writes it.
    in_step(monkeypatch, audit, "record")

    def resend():
        return accounts.resend_invitation(admin=db_ext.session.get(User, admin_id),
                                          user=db_ext.session.get(User, user_id), form_key="cle-du-formulaire")

    outcomes = together(app, {"clic": resend, "double clic": resend})
    assert sorted(map(repr, outcomes.values())) == ["False", "True"], outcomes
    assert len(_mails(db)) == 2  # the invitation, and one resend
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="account.reinvite")) == 1


def test_a_resend_never_mails_a_link_after_the_password_was_chosen(app, db, make_user, invitee, monkeypatch):
    """The resend checks « no password yet », then mails: the person choosing a password in between would get an
    invitation mail whose link is already dead. Either the resend leaves first, or it is refused."""
    admin_id, user_id = make_user(Role.ADMIN, email="admin@exemple.fr").id, invitee.id
    link = _link(_mails(db)[0])
    chosen, order = threading.Event(), []
    hold(monkeypatch, invitations, "_enqueue_invitation", thread="resend", until=chosen)

    def resend():
        try:
            return accounts.resend_invitation(admin=db_ext.session.get(User, admin_id),
                                              user=db_ext.session.get(User, user_id), form_key="cle")
        finally:
            order.append("resend")

    def accept():
        where = _choose(app, link, "une-phrase-choisie-par-paul")
        order.append("accept")
        chosen.set()
        return where

    outcomes = together(app, {"resend": resend, "accept": accept})
    assert outcomes["accept"] == "/compte/connexion", outcomes
    if outcomes["resend"] is True:
        assert order == ["resend", "accept"], "an invitation mail left after the password was chosen"
    else:
        assert isinstance(outcomes["resend"], accounts.AdminRefused), outcomes
        assert "déjà choisi son mot de passe" in outcomes["resend"].message
        assert len(_mails(db)) == 1


def test_the_same_link_sent_from_two_tabs_sets_one_password(app, db, invitee):
    """Two tabs on the invitation link, two passwords typed: one tab saves its password, the other is told the
    link no longer works — never both « enregistré » with only the last one working."""
    link = _link(_mails(db)[0])
    outcomes = together(app, {"onglet 1": lambda: _choose(app, link, "premiere-phrase-de-paul"),
                              "onglet 2": lambda: _choose(app, link, "seconde-phrase-de-paul")})
    saved = [tab for tab, where in outcomes.items() if where == "/compte/connexion"]
    assert len(saved) == 1, outcomes
    refused = next(where for tab, where in outcomes.items() if tab not in saved)
    assert refused.startswith("/compte/mot-de-passe-oublie"), outcomes
    db.expire_all()
    password = {"onglet 1": "premiere-phrase-de-paul", "onglet 2": "seconde-phrase-de-paul"}[saved[0]]
    assert verify_password(db.get(User, invitee.id).password_hash, password)


def test_invite_clicked_twice_at_once_invites_once_and_says_so(app, db, make_user, monkeypatch):
    """Both clicks find the address free before either creates the account: the second answer (the one the browser
    shows) says the invitation left and is pending, not « Un compte existe déjà » as if nobody had been invited."""
    organiser_id = make_user(Role.ORGANISER, email="avise@exemple.fr").id
    in_step(monkeypatch, invitations, "savepoint")  # both checked the address before either inserts

    def invite():
        return invitations.invite_user(inviter=db_ext.session.get(User, organiser_id), display_name="Paul Invité",
                                       email=EMAIL, role=Role.ORGANISER).id

    outcomes = together(app, {"clic": invite, "double clic": invite})
    made = [o for o in outcomes.values() if isinstance(o, int)]
    refused = [o for o in outcomes.values() if not isinstance(o, int)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], invitations.AlreadyInvited), refused
    assert len(_mails(db)) == 1


def test_two_tabs_changing_the_password_at_once_change_it_once(app, db, make_user, monkeypatch):
    """Both tabs checked the current password before either wrote: the second must hear that the password it
    checked is no longer the current one, not « Votre mot de passe est changé » for a password that then fails."""
    from app.auth import password_change
    from tests.conftest import PASSWORD

    user_id = make_user(Role.FACILITATOR).id
    in_step(monkeypatch, password_change, "_set_and_tell")  # both checked the current password first
    new = {"onglet 1": "premiere-nouvelle-phrase", "onglet 2": "seconde-nouvelle-phrase"}

    def change(tab: str):
        return lambda: password_change.change_password(db_ext.session.get(User, user_id), current=PASSWORD,
                                                       new=new[tab], ip="127.0.0.1")

    outcomes = together(app, {tab: change(tab) for tab in new})
    changed = [tab for tab, said in outcomes.items() if said is None]
    assert len(changed) == 1, outcomes
    refused = next(said for tab, said in outcomes.items() if tab not in changed)
    assert isinstance(refused, password_change.WrongCurrentPassword), refused
    db.expire_all()
    assert verify_password(db.get(User, user_id).password_hash, new[changed[0]])
