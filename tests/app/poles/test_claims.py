"""Running a pole is a request its facilitators or an organiser decide; new poles wait for confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.poles.importer import import_poles
from app.refdata import DATA_DIR
from models import ClaimState, OutboxMessage, Pole, PoleClaim, Role
from tests.app.html_parts import page_html

pytestmark = pytest.mark.web

MESSAGE = "Je coordonne le pôle depuis 2023, salariée de la structure porteuse."


def _ask(client, csrf, pole, message=MESSAGE):
    url = f"/poles/{pole.id}/revendiquer"
    return client.post(url, data={"csrf_token": csrf(url), "message": message})


def _switch(client, csrf, login, user):
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/poles/")})
    login(user)


def _mails_to(db, user):
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.to_email == user.email)))


def test_claim_is_a_request_that_gives_no_right_until_accepted(client, csrf, login, make_user, make_pole, db):
    pole = make_pole("Le Damier")
    organiser = make_user(Role.ORGANISER)
    user = make_user(Role.FACILITATOR)
    login(user)
    assert _ask(client, csrf, pole).status_code == 302
    db.refresh(user)
    assert user.pole_id is None
    claim = db.scalars(select(PoleClaim)).one()
    assert claim.state is ClaimState.PENDING and claim.message == MESSAGE
    assert client.get(f"/poles/{pole.id}/modifier").status_code == 403
    assert client.get(f"/poles/{pole.id}/besoins/nouveau").status_code == 403
    page = page_html(client.get(f"/poles/{pole.id}")).replace("&#39;", "'")
    assert "attend la décision de l'équipe d'animation" in page
    assert "Modifier la fiche" not in page
    # Nobody runs the pole: the organisers are asked, with the message.
    told = _mails_to(db, organiser)
    assert len(told) == 1 and MESSAGE in told[0].body


def test_current_facilitator_is_asked_and_accepts(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    facilitator = make_user(Role.FACILITATOR, pole=pole)
    organiser = make_user(Role.ORGANISER)
    claimant = make_user(Role.FACILITATOR, name="Inès Garnier")
    login(claimant)
    _ask(client, csrf, pole)
    assert len(_mails_to(db, facilitator)) == 1
    assert _mails_to(db, organiser) == []
    _switch(client, csrf, login, facilitator)
    page = page_html(client.get("/poles/demandes")).replace("&#39;", "'")
    assert "Inès Garnier" in page and MESSAGE in page
    claim = db.scalars(select(PoleClaim)).one()
    response = client.post(f"/poles/demandes/{claim.id}/accepter", data={"csrf_token": csrf("/poles/demandes")})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(PoleClaim, claim.id).state is ClaimState.ACCEPTED
    assert db.get(PoleClaim, claim.id).decided_by_id == facilitator.id
    assert claimant.pole_id == pole.id
    assert any("vous animez désormais" in m.body for m in _mails_to(db, claimant))


def test_refused_claim_leaves_no_right_and_tells_the_claimant(client, csrf, login, make_user, make_pole, db):
    pole = make_pole()
    organiser = make_user(Role.ORGANISER)
    claimant = make_user(Role.FACILITATOR)
    login(claimant)
    _ask(client, csrf, pole)
    claim = db.scalars(select(PoleClaim)).one()
    _switch(client, csrf, login, organiser)
    client.post(f"/poles/demandes/{claim.id}/refuser", data={"csrf_token": csrf("/poles/demandes")})
    db.expire_all()
    assert db.get(PoleClaim, claim.id).state is ClaimState.REFUSED
    assert claimant.pole_id is None
    assert any("n'a pas été acceptée" in m.body for m in _mails_to(db, claimant))


def test_a_refused_claimant_is_told_whom_to_write_to_not_to_reply_to_a_no_reply_address(db, make_user, make_pole):
    """The mail leaves from « ne-pas-repondre@ »: « répondez à l'équipe » led nowhere (mail audit)."""
    from app.poles.claims import decide_claim, request_claim

    pole = make_pole(region_code="76")
    make_user(Role.ORGANISER, email="avise@exemple.fr")
    regional = make_user(Role.ORGANISER, email="cra.occitanie@exemple.fr", region_code="76")
    claimant = make_user(Role.FACILITATOR)
    claim = request_claim(pole, user=claimant, message=MESSAGE)
    decide_claim(claim.id, by=regional, accept=False)
    body = _mails_to(db, claimant)[0].body
    assert "répondez" not in body
    assert "écrivez à l'équipe d'animation du réseau : cra.occitanie@exemple.fr." in body.replace("\u00a0", " ")


def test_other_pole_facilitator_cannot_decide(client, csrf, login, make_user, make_pole, db):
    pole, other = make_pole(), make_pole()
    make_user(Role.FACILITATOR, pole=pole)
    outsider = make_user(Role.FACILITATOR, pole=other)
    claimant = make_user(Role.FACILITATOR)
    login(claimant)
    _ask(client, csrf, pole)
    claim = db.scalars(select(PoleClaim)).one()
    _switch(client, csrf, login, outsider)
    assert "Aucune demande en attente" in page_html(client.get("/poles/demandes")).replace("&#39;", "'")
    client.post(f"/poles/demandes/{claim.id}/accepter", data={"csrf_token": csrf("/poles/demandes")})
    db.expire_all()
    assert db.get(PoleClaim, claim.id).state is ClaimState.PENDING
    assert claimant.pole_id is None


def test_one_pending_claim_at_a_time_and_a_message_is_required(client, csrf, login, make_user, make_pole, db):
    first, second = make_pole(), make_pole()
    login(make_user(Role.FACILITATOR))
    page = page_html(_ask(client, csrf, first, message="   ")).replace("&#39;", "'")
    assert "error-text" in page and db.scalars(select(PoleClaim)).all() == []
    _ask(client, csrf, first)
    page = client.post(f"/poles/{second.id}/revendiquer", follow_redirects=True,
                       data={"csrf_token": csrf(f"/poles/{second.id}/revendiquer"), "message": MESSAGE})
    assert "attend déjà une décision" in page_html(page).replace("&#39;", "'")
    assert db.scalars(select(PoleClaim)).all()[0].pole_id == first.id
    assert len(db.scalars(select(PoleClaim)).all()) == 1


def test_pole_created_by_new_account_is_unlisted_until_an_organiser_confirms(client, csrf, login, make_user, db):
    creator = make_user(Role.FACILITATOR)
    login(creator)
    url = "/poles/nouveau"
    client.post(url, data={"csrf_token": csrf(url), "name": "Pôle des Coteaux", "region_code": "76",
                           "maturity": "en_creation", "description": "Un jeune pôle culturel.",
                           "public_listing": "y"})
    pole = db.scalars(select(Pole)).one()
    assert pole.confirmed_at is None
    assert "en attente de confirmation" in page_html(client.get(f"/poles/{pole.id}")).replace("&#39;", "'").lower()
    _switch(client, csrf, login, make_user(Role.FACILITATOR))
    assert "Pôle des Coteaux" not in page_html(client.get("/poles/?q=Coteaux")).replace("&#39;", "'")
    assert client.get(f"/poles/{pole.id}").status_code == 404
    assert "Pôle des Coteaux" not in page_html(client.get("/carte")).replace("&#39;", "'")
    organiser = make_user(Role.ORGANISER)
    _switch(client, csrf, login, organiser)
    assert "Pôle des Coteaux" in page_html(client.get("/poles/demandes")).replace("&#39;", "'")
    client.post(f"/poles/{pole.id}/confirmer", data={"csrf_token": csrf("/poles/demandes")})
    db.expire_all()
    assert db.get(Pole, pole.id).confirmed_at is not None
    assert db.get(Pole, pole.id).confirmed_by == organiser.display_name
    _switch(client, csrf, login, make_user(Role.FACILITATOR))
    assert "Pôle des Coteaux" in page_html(client.get("/poles/?q=Coteaux")).replace("&#39;", "'")
    assert "Pôle des Coteaux" in page_html(client.get("/carte")).replace("&#39;", "'")


def test_facilitator_cannot_confirm_a_pole(client, csrf, login, make_user, make_pole, db):
    pole = make_pole(confirmed=False)
    login(make_user(Role.FACILITATOR, pole=pole))
    assert client.post(f"/poles/{pole.id}/confirmer", data={"csrf_token": csrf("/poles/")}).status_code == 403
    db.refresh(pole)
    assert pole.confirmed_at is None


def test_imported_poles_are_confirmed(db):
    import_poles(DATA_DIR / "ptce_signataires_2014.csv", db, charter_signatories=True)
    assert db.scalar(select(Pole).where(Pole.confirmed_at.is_(None))) is None


def test_claims_are_in_the_claimants_data_export(client, csrf, login, make_user, make_pole, db):
    from app.poles.claims import export_claims

    pole = make_pole("Le Damier")
    user = make_user(Role.FACILITATOR)
    login(user)
    _ask(client, csrf, pole)
    assert [(c["pole"], c["message"]) for c in export_claims(db, user)] == [("Le Damier", MESSAGE)]


def test_the_claim_page_agrees_with_who_decides(client, login, make_user, make_pole):
    login(make_user(Role.FACILITATOR))
    page = " ".join(page_html(client.get(f"/poles/{make_pole('Sans animateur').id}/revendiquer"))
                    .replace("&#39;", "'").split())
    assert "L'équipe d'animation du réseau recevra votre demande par e-mail et l'acceptera ou la refusera." in page
