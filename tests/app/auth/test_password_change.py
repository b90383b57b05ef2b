"""Changing one's password, the service: the current one checked within the login limits, the mail, the sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.password_change import WRONG_CURRENT, WrongCurrentPassword, change_password, check_current_password
from app.auth.passwords import verify_password
from app.auth.services import TooManyAttempts
from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from models import LoginAttempt
from tests.app.mail_texts import mail_text_faults
from tests.conftest import PASSWORD

NEW = "un-autre-mot-de-passe-solide"


def test_the_change_sets_the_new_password_and_ends_every_session(db, make_user):
    user = make_user()
    change_password(user, current=PASSWORD, new=NEW, ip="127.0.0.1")
    db.refresh(user)
    assert verify_password(user.password_hash, NEW) and not verify_password(user.password_hash, PASSWORD)
    assert user.session_version == 2


def test_a_wrong_current_password_changes_nothing_and_names_its_field(db, make_user):
    user = make_user()
    with pytest.raises(WrongCurrentPassword) as refused:
        change_password(user, current="pas-le-bon-mot-de-passe", new=NEW, ip="127.0.0.1")
    assert [(p.field, p.message) for p in refused.value.problems] == [("current_password", WRONG_CURRENT)]
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD) and user.session_version == 1


def test_wrong_current_passwords_count_with_the_login_and_stop_at_its_limit(db, make_user):
    user = make_user()
    for _ in range(5):
        with pytest.raises(WrongCurrentPassword):
            check_current_password(user, "pas-le-bon-mot-de-passe", ip="127.0.0.1")
    with pytest.raises(TooManyAttempts):  # even the right one is no longer checked
        change_password(user, current=PASSWORD, new=NEW, ip="127.0.0.1")
    db.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_the_right_current_password_forgets_the_failures_of_the_address(db, make_user):
    user = make_user()
    for _ in range(3):
        with pytest.raises(WrongCurrentPassword):
            check_current_password(user, "pas-le-bon-mot-de-passe", ip="127.0.0.1")
    check_current_password(user, PASSWORD, ip="127.0.0.1")
    assert db.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.key == f"email:{user.email}")) == 0


def test_the_account_address_is_told_with_the_forgotten_password_link(app, db, make_user):
    user = make_user(email="claire@pole.fr")
    change_password(user, current=PASSWORD, new=NEW, ip="127.0.0.1")
    deliver_all_due()
    [mail] = memory_outbox(app)
    body = mail.get_content()
    assert mail["To"] == "claire@pole.fr" and "Votre mot de passe a été changé" in mail["Subject"]
    assert "Si ce n'est pas vous" in body and "/compte/mot-de-passe-oublie" in body
    assert NEW not in body and not mail_text_faults(mail)


def test_each_change_mails_once(app, db, make_user):
    user = make_user()
    change_password(user, current=PASSWORD, new=NEW, ip="127.0.0.1")
    change_password(user, current=NEW, new=PASSWORD, ip="127.0.0.1")
    deliver_all_due()
    assert len(memory_outbox(app)) == 2
