"""« Mon compte », the services: the name by the rules of sign-up; the address changed only by the link mailed to
the new address, opened by the account's owner; the old address told; the link bound to the account, both
addresses and the password."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth import account
from app.auth.account import ADDRESS_TAKEN, LINK_FOR_ANOTHER_ACCOUNT, LINK_REPLACED, LINK_SPENT, SAME_ADDRESS
from app.auth.password_change import WrongCurrentPassword, change_password
from app.auth.services import AccountError, reset_token, user_for_reset
from app.auth.tokens import TokenError, make_token
from app.mail import memory_outbox
from app.notifications.delivery import deliver_all_due
from app.notifications.outbox import enqueue
from models import AuditEvent, OutboxMessage, User, utcnow
from tests.app.mail_texts import mail_text_faults
from tests.conftest import PASSWORD

OLD, NEW = "claire@pole-ancien.fr", "claire.martin@pole-nouveau.fr"


def _ask(user: User, new: str = NEW, password: str = PASSWORD) -> str:
    return account.ask_email_change(user, new_email=new, current_password=password, ip="127.0.0.1")


def _mails(app) -> dict[str, object]:
    deliver_all_due()
    return {mail["To"]: mail for mail in memory_outbox(app)}


def _link_token(mail) -> str:
    match = re.search(r"https?://\S+/compte/mon-compte/adresse/(\S+)", mail.get_content())
    assert match, mail.get_content()
    return match.group(1)


# --------------------------------------------------------------------------- #
# The name
# --------------------------------------------------------------------------- #


def test_the_name_is_saved_stripped(db, make_user):
    user = make_user()
    account.rename(user, "  Claire Martin-Dupuis ")
    db.refresh(user)
    assert user.display_name == "Claire Martin-Dupuis"


def test_the_name_loses_the_marks_forcing_a_direction(db, make_user):
    """« Élodie \u202eNouvelle » turned her role, beside her name, backwards on every page that shows both."""
    user = make_user()
    account.rename(user, "Élodie \u202eNouvelle\u2069")
    db.refresh(user)
    assert user.display_name == "Élodie Nouvelle"


def test_a_new_name_is_journaled_as_the_address_is(db, make_user):
    """The administrators read in the audit log who was called what, as for an address: a name changed by its
    owner (then acting under it) is there, before and after; the same name saved again adds nothing."""
    user = make_user(name="Claire Martin")
    account.rename(user, "Claire Martin-Dupuis")
    account.rename(user, "Claire Martin-Dupuis ")
    [event] = db.scalars(select(AuditEvent).where(AuditEvent.action == "account.rename")).all()
    assert event.actor_id == event.target_id == user.id
    assert event.before == {"nom": "Claire Martin"} and event.after == {"nom": "Claire Martin-Dupuis"}


@pytest.mark.parametrize("name, said", [
    ("C", "au moins 2 caractères"),
    ("x" * 121, "120\u00a0caractères au plus"),
    ("Claire\x1b Martin", "caractères de contrôle"),
    ("   ", "des lettres ou des chiffres"),
])
def test_a_name_refused_at_sign_up_is_refused_here_beside_its_field(db, make_user, name, said):
    user = make_user(name="Claire Martin")
    with pytest.raises(AccountError) as refused:
        account.rename(user, name)
    [problem] = refused.value.problems
    assert problem.field == "display_name" and said in problem.message
    db.refresh(user)
    assert user.display_name == "Claire Martin"


# --------------------------------------------------------------------------- #
# Asking for a new address
# --------------------------------------------------------------------------- #


def test_asking_mails_a_link_to_the_new_address_and_a_notice_to_the_old_one_and_changes_nothing(app, db, make_user):
    user = make_user(email=OLD, name="Claire Martin")
    assert _ask(user, new="  Claire.Martin@Pole-Nouveau.fr ") == NEW
    db.refresh(user)
    assert user.email == OLD
    mails = _mails(app)
    assert set(mails) == {OLD, NEW}
    to_new, to_old = mails[NEW].get_content(), mails[OLD].get_content()
    assert "Confirmez votre nouvelle adresse" in mails[NEW]["Subject"]
    assert "http://entrepairs.test/compte/mon-compte/adresse/" in to_new and "connectez-vous à votre compte" in to_new
    # Never « au lieu de animation… »: an address starting with a vowel is named after « l'adresse actuelle ».
    assert f"au lieu de l'adresse actuelle ({OLD})" in " ".join(to_new.split())
    assert "Votre adresse e-mail va changer" in mails[OLD]["Subject"]
    assert NEW in to_old and "Si ce n'est pas vous" in to_old
    assert "http://entrepairs.test/compte/mot-de-passe-oublie" in to_old
    assert "/compte/mon-compte/adresse/" not in to_old  # the link goes to the new address only
    assert not mail_text_faults(mails[NEW]) and not mail_text_faults(mails[OLD])


def test_a_wrong_current_password_mails_nothing(app, db, make_user):
    user = make_user(email=OLD)
    with pytest.raises(WrongCurrentPassword) as refused:
        _ask(user, password="pas-le-bon-mot-de-passe")
    assert refused.value.problems[0].field == "current_password"
    assert _mails(app) == {}


def test_the_present_address_is_refused_in_french(app, db, make_user):
    user = make_user(email=OLD)
    with pytest.raises(AccountError) as refused:
        _ask(user, new=" Claire@Pole-Ancien.fr")
    assert [(p.field, p.message) for p in refused.value.problems] == [("new_email", SAME_ADDRESS)]
    assert _mails(app) == {}


def test_an_address_with_an_account_is_told_by_mail_not_on_the_page_as_at_sign_up(app, db, make_user):
    user = make_user(email=OLD)
    make_user(email=NEW)
    assert _ask(user) == NEW  # the same answer as for a free address: the page tells nothing
    mails = _mails(app)
    to_new = mails[NEW].get_content()
    assert "déjà celle d'un compte Entrepairs" in to_new and "rien n'a changé" in to_new
    assert "/compte/mon-compte/adresse/" not in to_new and not mail_text_faults(mails[NEW])
    assert OLD not in to_new  # the other account's address is not given away either
    db.refresh(user)
    assert user.email == OLD


# --------------------------------------------------------------------------- #
# The link
# --------------------------------------------------------------------------- #


def test_the_link_changes_the_address_tells_the_old_one_and_is_audited(app, db, make_user):
    user = make_user(email=OLD, name="Claire Martin")
    _ask(user)
    token = _link_token(_mails(app)[NEW])
    memory_outbox(app).clear()
    assert account.confirm_email_change(user, token) == NEW
    db.refresh(user)
    assert user.email == NEW and user.is_confirmed and user.session_version == 1  # the password is the same
    [notice] = _mails(app).values()
    assert notice["To"] == OLD and "Votre adresse e-mail a changé" in notice["Subject"]
    assert NEW in notice.get_content() and not mail_text_faults(notice)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "account.email_change"))
    assert event.target_id == user.id and event.before == {"email": OLD} and event.after == {"email": NEW}


def test_mails_waiting_to_be_sent_follow_the_account_to_its_new_address(app, db, make_user):
    user = make_user(email=OLD)
    enqueue(db, key="reminder:test", to=user, subject="Rappel", body="Demain.", due_at=utcnow() + timedelta(days=1))
    db.commit()
    _ask(user)
    account.confirm_email_change(user, _link_token(_mails(app)[NEW]))
    assert db.scalar(select(OutboxMessage.to_email).where(OutboxMessage.key == "reminder:test")) == NEW


def test_a_link_for_another_account_is_refused_in_french(app, db, make_user):
    user, other = make_user(email=OLD), make_user()
    _ask(user)
    with pytest.raises(TokenError, match=re.escape(LINK_FOR_ANOTHER_ACCOUNT)):
        account.confirm_email_change(other, _link_token(_mails(app)[NEW]))
    db.refresh(user), db.refresh(other)
    assert user.email == OLD and other.email != NEW


def test_a_link_whose_address_was_altered_is_refused(app, db, make_user):
    """The new address is in the signed part: another address's payload under this link's signature fails."""
    user = make_user(email=OLD)
    token = account.email_change_token(user, NEW)
    other = account.email_change_token(user, "pirate@exemple.fr")
    forged = other.rsplit(".", 2)[0] + "." + ".".join(token.rsplit(".", 2)[1:])
    assert forged != token and forged != other
    with pytest.raises(TokenError, match="Ce lien n'est pas valide."):
        account.confirm_email_change(user, forged)
    db.refresh(user)
    assert user.email == OLD


def test_a_link_made_for_another_purpose_is_refused(app, db, make_user):
    user = make_user(email=OLD)
    forged = make_token("confirm", {"uid": user.id, "from": OLD, "to": NEW})
    with pytest.raises(TokenError, match="Ce lien n'est pas valide."):
        account.confirm_email_change(user, forged)


def test_an_expired_link_is_refused_in_french(app, db, make_user):
    user = make_user(email=OLD)
    _ask(user)
    token = _link_token(_mails(app)[NEW])
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    with pytest.raises(TokenError, match="Ce lien a expiré."):
        account.confirm_email_change(user, token)
    db.refresh(user)
    assert user.email == OLD


def test_a_used_link_spends_the_other_links_asked_before_it_and_does_nothing_more_when_opened_again(
        app, db, make_user):
    user = make_user(email=OLD)
    _ask(user)
    first = _link_token(_mails(app)[NEW])
    _ask(user, new="claire@ailleurs.fr")
    second = _link_token(_mails(app)["claire@ailleurs.fr"])
    memory_outbox(app).clear()
    account.confirm_email_change(user, second)
    with pytest.raises(TokenError, match=re.escape(LINK_SPENT)):
        account.confirm_email_change(user, first)
    assert account.confirm_email_change(user, second) == "claire@ailleurs.fr"  # opened twice: one change
    db.refresh(user)
    assert user.email == "claire@ailleurs.fr"
    assert len(_mails(app)) == 1
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "account.email_change")).all()) == 1


def test_a_new_change_asked_voids_the_link_asked_before_it(app, db, make_user):
    """A typo in the first address asked: the link mailed there must not work once a second change is asked, even
    before the second link is used."""
    user = make_user(email=OLD)
    _ask(user, new="claire@pole-nouvau.fr")
    typo = _link_token(_mails(app)["claire@pole-nouvau.fr"])
    _ask(user)
    with pytest.raises(TokenError, match=re.escape(LINK_REPLACED)):
        account.confirm_email_change(user, typo)
    account.confirm_email_change(user, _link_token(_mails(app)[NEW]))
    db.refresh(user)
    assert user.email == NEW


def test_a_pending_link_stays_dead_when_the_address_comes_back(app, db, make_user):
    """Asked at the old address, then the address changed, then changed back: the first link was made for an
    address the account had, but a change was made since — it must not come back to life."""
    user = make_user(email=OLD)
    _ask(user)
    pending = _link_token(_mails(app)[NEW])
    memory_outbox(app).clear()
    _ask(user, new="claire@ailleurs.fr")
    account.confirm_email_change(user, _link_token(_mails(app)["claire@ailleurs.fr"]))
    memory_outbox(app).clear()
    _ask(user, new=OLD)
    account.confirm_email_change(user, _link_token(_mails(app)[OLD]))
    with pytest.raises(TokenError, match="Ce lien n'est plus valide"):
        account.confirm_email_change(user, pending)
    db.refresh(user)
    assert user.email == OLD


def test_a_new_password_voids_the_pending_link(app, db, make_user):
    """What the old address's notice advises when the request was not the owner's."""
    user = make_user(email=OLD)
    _ask(user)
    token = _link_token(_mails(app)[NEW])
    change_password(user, current=PASSWORD, new="un-autre-mot-de-passe-solide", ip="127.0.0.1")
    with pytest.raises(TokenError, match=re.escape(LINK_SPENT)):
        account.confirm_email_change(user, token)


def test_an_address_taken_meanwhile_is_refused_when_the_link_is_opened(app, db, make_user):
    user = make_user(email=OLD)
    _ask(user)
    token = _link_token(_mails(app)[NEW])
    make_user(email=NEW)
    with pytest.raises(AccountError, match=re.escape(ADDRESS_TAKEN)):
        account.confirm_email_change(user, token)
    db.refresh(user)
    assert user.email == OLD


def test_a_reset_link_mailed_to_the_old_address_dies_with_the_change(app, db, make_user):
    user = make_user(email=OLD)
    with app.test_request_context():
        old_reset = reset_token(user)
    _ask(user)
    account.confirm_email_change(user, _link_token(_mails(app)[NEW]))
    with pytest.raises(TokenError):
        user_for_reset(old_reset)


def test_the_old_address_is_told_whom_to_write_to_when_the_change_was_not_theirs(app, db, make_user, make_pole,
                                                                                 monkeypatch):
    """The mail comes from a no-reply address and the person can no longer sign in with it: without a privacy
    contact set, « prévenez tout de suite l'équipe d'animation » gave no way to reach anyone. It names the
    organisers of the person's region (a pole's facilitator: the pole's region), else the national ones."""
    from models import Role

    make_user(Role.ORGANISER, email="cra@reseau.fr", region_code="84")
    make_user(Role.ORGANISER, email="national@reseau.fr")
    make_user(Role.ORGANISER, email="autre-region@reseau.fr", region_code="76")
    user = make_user(email=OLD, name="Claire Martin", pole=make_pole("Pôle des Monts", region_code="84"))
    _ask(user)
    token = _link_token(_mails(app)[NEW])
    memory_outbox(app).clear()
    account.confirm_email_change(user, token)
    [notice] = _mails(app).values()
    assert "quelqu'un a pris votre compte : écrivez tout de suite à cra@reseau.fr." in notice.get_content()

    monkeypatch.setitem(app.config, "PRIVACY_CONTACT_EMAIL", "dpo@reseau.fr")  # the site's own contact wins
    memory_outbox(app).clear()
    user = make_user(email="autre@pole.fr")
    account.confirm_email_change(user, account.email_change_token(user, "encore@pole.fr"))
    [notice] = _mails(app).values()
    assert "écrivez tout de suite à dpo@reseau.fr." in notice.get_content()
