"""``entrepairs create-admin``: a new site's first administrator gets the link to choose a password by mail,
built on PUBLIC_BASE_URL, and can then log in and administer; run again, it sends a new link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from models import AuditEvent, OutboxMessage, Role, User
from tests.app.html_parts import page_html
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

EMAIL = "camille.martin@exemple.fr"
NEW_PASSWORD = "un-mot-de-passe-solide-42"


def _create(app, *args: str):
    return app.test_cli_runner().invoke(args=["create-admin", *args])


def _links(db) -> list[str]:
    mails = db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL).order_by(OutboxMessage.id)).all()
    return [re.search(r"https?://\S+", mail.body).group(0) for mail in mails]


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": extract_csrf(page_html(client.get(url))), **data})


def test_the_first_administrator_chooses_a_password_by_the_mailed_link_then_administers(app, client, db):
    result = _create(app, "Camille.Martin@exemple.fr", "Camille Martin")
    assert result.exit_code == 0, result.output
    assert "Compte d'administration créé pour camille.martin@exemple.fr" in result.output
    admin = db.scalars(select(User).filter_by(email=EMAIL)).one()
    assert (admin.role, admin.password_hash, admin.display_name) == (Role.ADMIN, None, "Camille Martin")
    [link] = _links(db)
    assert link.startswith("http://entrepairs.test/compte/reinitialiser/")  # PUBLIC_BASE_URL of the tests
    mail = db.scalars(select(OutboxMessage).filter_by(to_email=EMAIL)).one()
    assert "Nous vous invitons à rejoindre Entrepairs" in mail.body and "pour administrer le site" in mail.body
    path = link.removeprefix("http://entrepairs.test")
    _post(client, path, password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert _post(client, "/compte/connexion", email=EMAIL, password=NEW_PASSWORD).status_code == 302
    assert client.get("/admin/comptes").status_code == 200
    event = db.scalars(select(AuditEvent)).one()  # the journal says it was made from the command line
    assert (event.action, event.actor_label, event.target_id) == ("account.invite", "système", admin.id)


def test_run_again_before_the_password_is_chosen_it_sends_a_new_link(app, db):
    _create(app, EMAIL, "Camille Martin")
    again = _create(app, EMAIL, "Camille Martin")
    assert again.exit_code == 0, again.output
    assert "un nouveau lien part pour camille.martin@exemple.fr" in again.output
    assert len(_links(db)) == 2
    assert len(db.scalars(select(User).filter_by(email=EMAIL)).all()) == 1
    assert db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == ["account.invite", "account.reinvite"]


@pytest.mark.parametrize(("args", "said"), [
    (("pas-une-adresse", "Camille Martin"), "Erreur : Adresse e-mail invalide : « pas-une-adresse »."),
    ((EMAIL, "  "), "Erreur : Donnez le nom de la personne"),
])
def test_a_wrong_address_or_an_empty_name_is_refused_in_french(app, db, args, said):
    result = _create(app, *args)
    assert result.exit_code == 1
    assert said in result.output
    assert db.scalars(select(User)).all() == []


def test_an_address_that_has_an_account_is_refused(app, db, make_user):
    make_user(Role.FACILITATOR, email=EMAIL)
    result = _create(app, EMAIL, "Camille Martin")
    assert result.exit_code == 1
    assert "Erreur : Un compte existe déjà avec cette adresse e-mail." in result.output
    assert _links(db) == []
