"""A pending invitation as the administrator sees it: when it left, whether its link expired, « Renvoyer
l'invitation » (a fresh link, once per form), the list's state, and inviting the same address again."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from models import AuditEvent, OutboxMessage, Role, User
from tests.conftest import extract_csrf
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

INVITEE = "lea.invitee@exemple.fr"


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html(response))).split())


def _invite(client, email: str = INVITEE):
    token = extract_csrf(page_html(client.get("/admin/comptes/inviter")))
    return client.post("/admin/comptes/inviter", data={
        "csrf_token": token, "display_name": "Léa Invitée", "email": email, "role": "organiser",
        "organisation": "", "region": ""})


def _invitee(db) -> User:
    return db.scalars(select(User).filter_by(email=INVITEE)).one()


def _mails_to(db, email: str = INVITEE) -> list[OutboxMessage]:
    return list(db.scalars(select(OutboxMessage).filter_by(to_email=email).order_by(OutboxMessage.id)))


def _resend_form(client, user: User) -> dict[str, str]:
    page = page_html(client.get(f"/admin/comptes/{user.id}"))
    form = page.split(f'action="/admin/comptes/{user.id}/renvoyer-invitation"')[1].split("</form>")[0]
    key = re.search(r'name="idempotency_key"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="idempotency_key"', form)
    return {"csrf_token": extract_csrf(page), "idempotency_key": key.group(1)}


def test_the_account_page_says_when_the_invitation_left_and_until_when_its_link_works(as_admin, db):
    _invite(as_admin)
    text = _text(as_admin.get(f"/admin/comptes/{_invitee(db).id}"))
    assert "État Invitation envoyée, pas encore acceptée" in text
    assert "Envoyée" in text and "Lien valable jusqu'au" in text
    assert "Renvoyer l'invitation" in text


def test_an_expired_link_is_said_expired(app, as_admin, db):
    _invite(as_admin)
    lifetime = timedelta(seconds=app.config["TOKEN_MAX_AGE_SECONDS"])
    for mail in _mails_to(db):
        mail.created_at -= lifetime + timedelta(hours=1)
    db.commit()
    text = _text(as_admin.get(f"/admin/comptes/{_invitee(db).id}"))
    assert "Lien expiré depuis le" in text
    assert "Le lien reçu ne fonctionne plus" in text


def test_resend_mails_a_fresh_link_once_per_form_and_says_so(as_admin, db):
    _invite(as_admin)
    user = _invitee(db)
    first = _resend_form(as_admin, user)
    for _ in range(2):  # a double click sends the same form twice
        response = as_admin.post(f"/admin/comptes/{user.id}/renvoyer-invitation", data=first)
        assert response.status_code == 302
    assert len(_mails_to(db)) == 2  # the invitation, and one resend
    text = _text(as_admin.get(response.headers["Location"]))
    assert f"Invitation renvoyée à {INVITEE}" in text
    assert "Dernier envoi" in text and "2 envois en tout" in text

    as_admin.post(f"/admin/comptes/{user.id}/renvoyer-invitation", data=_resend_form(as_admin, user))
    mails = _mails_to(db)
    assert len(mails) == 3  # a later click (a new form) mails again
    assert all("/compte/reinitialiser/" in mail.body for mail in mails)
    assert db.scalar(select(func.count()).select_from(AuditEvent).filter_by(action="account.reinvite")) == 2


def test_resend_needs_the_csrf_token(as_admin, db):
    _invite(as_admin)
    user = _invitee(db)
    as_admin.post(f"/admin/comptes/{user.id}/renvoyer-invitation", data={"idempotency_key": "x" * 32})
    assert len(_mails_to(db)) == 1


def test_nothing_to_resend_once_a_password_is_chosen(as_admin, db, make_user):
    person = make_user(Role.ORGANISER, email="active@exemple.fr")
    page = page_html(as_admin.get(f"/admin/comptes/{person.id}"))
    assert "Renvoyer l'invitation" not in page
    token = extract_csrf(page)
    response = as_admin.post(f"/admin/comptes/{person.id}/renvoyer-invitation",
                             data={"csrf_token": token, "idempotency_key": "k" * 32})
    assert "déjà choisi son mot de passe" in _text(as_admin.get(response.headers["Location"]))
    assert _mails_to(db, "active@exemple.fr") == []


def test_the_list_shows_a_pending_invitation_apart_from_active_accounts(as_admin, db, make_user):
    make_user(Role.ORGANISER, email="active@exemple.fr", name="Anne Active")
    _invite(as_admin)
    page = page_html(as_admin.get("/admin/comptes"))
    rows = {email: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())
            for row in re.findall(r"<tr\b.*?</tr>", page, re.S)
            for email in (INVITEE, "active@exemple.fr") if email in row}
    assert rows[INVITEE].endswith("Invitation envoyée, pas encore acceptée")
    assert "Actif" not in rows[INVITEE]
    assert rows["active@exemple.fr"].endswith("Actif")


def test_inviting_a_pending_address_again_points_to_its_account_page(as_admin, db):
    _invite(as_admin)
    user = _invitee(db)
    response = _invite(as_admin, INVITEE.upper())
    page = page_html(response)
    text = _text(response)
    assert "a déjà reçu une invitation le" in text and "renvoyez-la depuis la page du compte" in text
    assert f'href="/admin/comptes/{user.id}"' in page
    assert len(_mails_to(db)) == 1


def test_the_state_filter_finds_pending_invitations_apart_from_active_accounts(as_admin, db, make_user):
    make_user(Role.ORGANISER, email="active@exemple.fr", name="Anne Active")
    _invite(as_admin)
    pending = _text(as_admin.get("/admin/comptes?active=invite"))
    active = _text(as_admin.get("/admin/comptes?active=1"))
    assert "Léa Invitée" in pending and "Anne Active" not in pending
    assert "Anne Active" in active and "Léa Invitée" not in active
