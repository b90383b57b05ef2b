"""Object-level checks: nobody sees or changes another pole's or person's private data.

A refusal is a 403 or a 404 and the page never carries the protected text.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models import Need, NeedStatus, Offer, Pole, Role
from tests.app.security.routes import client_as
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

MENTORS_PANEL = "Personnes ressources suggérées"
NEEDS_PANEL = '<h2 id="besoins-titre">Besoins ouverts auxquels'


def _token(client) -> str:
    return extract_csrf(client.get("/mon-espace").get_data(as_text=True))


def _refused(response, *secrets: str) -> None:
    assert response.status_code in (403, 404), response.status_code
    body = response.get_data(as_text=True)
    for secret in secrets:
        assert secret not in body


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.RESOURCE_PERSON, Role.LAWYER])
def test_other_pole_edit_pages_refused(app, world, role):
    client = client_as(app, world, role)
    pole, need = world.other_pole, world.other_need
    _refused(client.get(f"/poles/{pole.id}/modifier"), pole.name)
    _refused(client.get(f"/poles/{pole.id}/besoins/nouveau"))
    _refused(client.get(f"/besoins/{need.id}/modifier"), need.text)


def test_facilitator_cannot_change_other_pole(app, db, world):
    client = client_as(app, world, Role.FACILITATOR)
    token = _token(client)
    pole, need = world.other_pole, world.other_need
    _refused(client.post(f"/poles/{pole.id}/modifier", data={
        "csrf_token": token, "name": "Pôle piraté", "region_code": "53", "maturity": "emergent"}))
    _refused(client.post(f"/poles/{pole.id}/besoins/nouveau", data={
        "csrf_token": token, "title": "Intrus", "text": "Un besoin glissé dans un autre pôle", "kind": "any",
        "urgency": "2"}))
    _refused(client.post(f"/besoins/{need.id}/modifier", data={
        "csrf_token": token, "title": "Modifié", "text": "Texte remplacé par un intrus", "kind": "any",
        "urgency": "2"}))
    _refused(client.post(f"/besoins/{need.id}/statut", data={"csrf_token": token, "status": "closed"}))
    db.expire_all()
    assert db.get(Pole, pole.id).name == "Autre pôle"
    assert db.get(Need, need.id).title == "Besoin privé de l'autre pôle"
    assert db.get(Need, need.id).status is NeedStatus.OPEN
    assert db.scalar(select(func.count()).select_from(Need).filter_by(title="Intrus")) == 0


def test_facilitator_cannot_claim_second_pole(app, db, world):
    client = client_as(app, world, Role.FACILITATOR)
    client.post(f"/poles/{world.other_pole.id}/revendiquer", data={"csrf_token": _token(client)})
    db.expire_all()
    assert world.users[Role.FACILITATOR].pole_id == world.pole.id


def test_other_pole_need_shows_no_suggestions_panel(app, world):
    own = client_as(app, world, Role.FACILITATOR)
    assert MENTORS_PANEL in own.get(f"/besoins/{world.need.id}").get_data(as_text=True)
    other = own.get(f"/besoins/{world.other_need.id}")
    assert MENTORS_PANEL not in other.get_data(as_text=True)
    assert "Modifier" not in other.get_data(as_text=True)


def test_hidden_pole_and_needs_refused_to_anonymous(app, world):
    client = client_as(app, world, None)
    _refused(client.get(f"/poles/{world.other_pole.id}"), world.other_pole.name)
    response = client.get(f"/besoins/{world.other_need.id}")
    assert response.status_code == 302 and world.other_need.text not in response.get_data(as_text=True)
    assert world.other_pole.name not in client.get("/poles/").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, Role.FACILITATOR, Role.LAWYER])
def test_withdrawn_offer_hidden_from_others(app, world, role):
    client = client_as(app, world, role)
    _refused(client.get(f"/personnes-ressources/offres/{world.hidden_offer.id}"), "Brouillon non publié")


def test_other_resource_person_cannot_touch_an_offer(app, db, world, make_resource_person):
    intruder = make_resource_person()
    client = app.test_client()
    from tests.app.security.routes import log_in

    log_in(client, intruder.user)
    token = _token(client)
    offer = world.offer
    _refused(client.get(f"/personnes-ressources/offres/{offer.id}/modifier"), "J'ai accompagné")
    _refused(client.post(f"/personnes-ressources/offres/{offer.id}/modifier", data={
        "csrf_token": token, "title": "Volée", "text": "Texte remplacé par un intrus"}))
    _refused(client.post(f"/personnes-ressources/offres/{offer.id}/activation",
                         data={"csrf_token": token, "active": "0"}))
    _refused(client.get(f"/personnes-ressources/offres/{world.hidden_offer.id}"), "Brouillon non publié")
    db.expire_all()
    assert db.get(Offer, offer.id).title == "Modèle économique des PTCE" and db.get(Offer, offer.id).active


@pytest.mark.parametrize("role", [None, Role.FACILITATOR, Role.LAWYER])
def test_resource_person_needs_panel_only_for_owner_and_organisers(app, world, role):
    page = client_as(app, world, role).get(f"/personnes-ressources/{world.person.id}")
    assert page.status_code == 200 and NEEDS_PANEL not in page.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.RESOURCE_PERSON, Role.ORGANISER])
def test_resource_person_needs_panel_shown_to_owner_and_organiser(app, world, role):
    page = client_as(app, world, role).get(f"/personnes-ressources/{world.person.id}")
    assert NEEDS_PANEL in page.get_data(as_text=True)


def test_downloaded_data_holds_only_own_account(app, world):
    data = client_as(app, world, Role.FACILITATOR).get("/compte/mes-donnees").get_json()
    dumped = str(data)
    assert world.other_need.text not in dumped and "autre-anim@exemple.fr" not in dumped


# --------------------------------------------------------------------------- #
# Regional cells (CRA): the other region's rows are neither shown nor changed
# --------------------------------------------------------------------------- #


def _as(app, user):
    from tests.app.security.routes import log_in

    client = app.test_client()
    log_in(client, user)
    return client


def test_cra_cannot_decide_on_another_regions_transfer(app, db, world, regions):
    from models import Pairing, PairingStatus

    own, other = regions
    client = _as(app, own.cra)
    _refused(client.get(f"/transferts/{other.pairing.id}"), *other.secrets)
    _refused(client.post(f"/transferts/{other.pairing.id}/etape", data={"csrf_token": _token(client),
                                                                        "to": "validated"}))
    db.expire_all()
    assert db.get(Pairing, other.pairing.id).status is PairingStatus.REQUESTED
    # its own region's request, it validates
    mine = _as(app, other.cra)
    mine.post(f"/transferts/{other.pairing.id}/etape", data={"csrf_token": _token(mine), "to": "validated"})
    db.expire_all()
    assert db.get(Pairing, other.pairing.id).status is PairingStatus.VALIDATED


def test_cra_cannot_propose_exclude_or_edit_in_another_region(app, db, world, regions):
    from models import ForbiddenPair, Pairing

    own, other = regions
    client = _as(app, own.cra)
    person = db.get(Pairing, other.pairing.id).resource_person_id
    _refused(client.get(f"/organisation/tsf/proposer?need_id={other.need.id}"), *other.secrets)
    _refused(client.get(f"/poles/{other.pole.id}"), *other.secrets)
    _refused(client.get(f"/besoins/{other.need.id}"), *other.secrets)
    _refused(client.get(f"/poles/{other.pole.id}/modifier"), *other.secrets)
    client.post("/organisation/tsf/interdire", data={"csrf_token": _token(client), "need_id": other.need.id,
                                                     "resource_person_id": person})
    assert db.scalar(select(func.count()).select_from(ForbiddenPair)) == 0


def test_cra_neither_launches_nor_approves_a_national_batch_run(app, db, world, regions):
    from models import BatchRun, BatchRunStatus

    own, _ = regions
    client = _as(app, own.cra)
    token = _token(client)
    assert client.post("/organisation/tsf/calculs", data={"csrf_token": token, "min_score": "0"}).status_code == 403
    assert client.post(f"/organisation/tsf/calculs/{own.run.id}/approuver",
                       data={"csrf_token": token}).status_code == 403
    db.expire_all()
    assert db.get(BatchRun, own.run.id).status is BatchRunStatus.DONE
    assert db.scalar(select(func.count()).select_from(BatchRun)) == 2


def test_national_organiser_still_sees_both_regions(app, db, world, regions):
    client = client_as(app, world, Role.ORGANISER)
    page = client.get("/organisation/suivi").get_data(as_text=True)
    for rows in regions:
        assert rows.secrets[0] in page and rows.secrets[4] in page


def test_cra_cannot_invite_organisers_who_would_see_every_region(app, db, world, regions):
    from models import User

    own, _ = regions
    client = _as(app, own.cra)
    assert client.get("/compte/inviter").status_code == 403
    client.post("/compte/inviter", data={"csrf_token": _token(client), "display_name": "Complice",
                                         "email": "complice@exemple.fr", "role": "organiser"})
    assert db.scalar(select(func.count()).select_from(User).filter_by(email="complice@exemple.fr")) == 0


def test_cra_dashboard_offers_no_page_it_would_be_refused(app, world, regions):
    own, _ = regions
    client = _as(app, own.cra)
    page = client.get("/mon-espace").get_data(as_text=True)
    assert 'href="/organisation/visites"' not in page and "/compte/inviter" not in page and "/admin/" not in page
    assert f"/organisation/region/{own.pole.region_code}" in page
    # What it does link to under the visits, it may open: its region's proposals to host one.
    assert 'href="/organisation/visites/propositions"' in page
    assert client.get("/organisation/visites/propositions").status_code == 200


def test_transfer_mail_goes_to_the_cra_of_the_pole_region_never_another(app, db, world, regions):
    from app.transfers import services
    from models import OutboxMessage, Pairing, PairingStatus

    own, other = regions
    facilitator = db.get(Pairing, other.pairing.id).need.pole.facilitators[0]
    services.transition(db.get(Pairing, other.pairing.id), PairingStatus.CANCELLED, actor=facilitator,
                        note="Plus besoin.")
    recipients = {m.to_email for m in db.scalars(select(OutboxMessage).where(OutboxMessage.key.like("pairing:%")))}
    assert other.cra.email in recipients and world.users[Role.ORGANISER].email in recipients
    assert own.cra.email not in recipients
@pytest.mark.parametrize("role", [None, Role.LAWYER, Role.ADMIN, Role.ORGANISER, Role.FACILITATOR, Role.RESOURCE_PERSON])
def test_conversation_is_seen_by_the_pair_and_organisers_only(app, world, role):
    """Messages are the pair's: the lawyer and anonymous visitors get a 404; the pole, the person and the
    organisers (a national one here: the regional scope is checked with the CRA pass) read them."""
    client = client_as(app, world, role)
    response = client.get(f"/transferts/{world.pairing.id}")
    if role in (Role.FACILITATOR, Role.RESOURCE_PERSON, Role.ORGANISER, Role.ADMIN):
        assert "Message privé du binôme" in response.get_data(as_text=True)
    elif role is None:
        assert response.status_code in (302, 401, 404)
        assert "Message privé du binôme" not in response.get_data(as_text=True)
    else:
        _refused(response, "Message privé du binôme")


def test_another_poles_facilitator_cannot_read_nor_post_in_the_conversation(app, world, db):
    from tests.app.security.routes import log_in

    client = app.test_client()
    log_in(client, world.other_facilitator)
    _refused(client.get(f"/transferts/{world.pairing.id}"), "Message privé du binôme")
    response = client.post(f"/transferts/{world.pairing.id}/messages",
                           data={"csrf_token": _token(client), "body": "intrusion", "idempotency_key": "x" * 24})
    _refused(response)


@pytest.mark.parametrize("role", [None, Role.LAWYER, Role.RESOURCE_PERSON])
def test_the_online_link_is_for_registered_people_only(app, world, role):
    client = client_as(app, world, role)
    assert "visio.exemple.org/secret" not in client.get(f"/agenda/{world.collective.id}").get_data(as_text=True)
