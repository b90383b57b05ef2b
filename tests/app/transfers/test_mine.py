"""« Mes transferts »: what waits for the viewer's answer first, for every side of a transfer — the regional
cell (CRA) finds the requests of its region's poles it is mailed about, never another region's."""

from __future__ import annotations

import re

import pytest

from app.transfers import services
from models import PairingStatus, Role

pytestmark = pytest.mark.web


def _section(page: str, heading_id: str) -> str:
    """The text of the ``<section>`` whose heading has this id ('' when the page has none)."""
    found = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    return found.group(1) if found else ""


def test_a_cra_finds_the_requests_of_its_region_to_validate(client, login, make_user, scene):
    request = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    elsewhere = services.request_transfer(need=scene.food_need, person=scene.food, requester=scene.other_facilitator)
    login(make_user(Role.ORGANISER, region_code=scene.pole.region_code))
    page = client.get("/transferts/").get_data(as_text=True)
    to_validate = _section(page, "a-traiter")
    assert "Demandes des pôles et propositions d'aide à valider (1)" in to_validate
    assert f'href="/transferts/{request.id}"' in to_validate and scene.finance.user.display_name in to_validate
    assert f"/transferts/{elsewhere.id}\"" not in page and scene.food_need.title not in page
    assert "Aucun transfert pour l'instant" not in page


def test_a_national_organiser_sees_every_region_and_the_steps_that_follow(client, login, db, scene):
    request = services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    proposal = services.propose_pairing(need=scene.food_need, person=scene.food, organiser=scene.organiser)
    closed = services.request_transfer(need=scene.food_need, person=scene.finance, requester=scene.other_facilitator)
    services.transition(closed, PairingStatus.CANCELLED, actor=scene.other_facilitator)
    login(scene.organiser)
    page = client.get("/transferts/").get_data(as_text=True)
    assert f'href="/transferts/{request.id}"' in _section(page, "a-traiter")
    assert f'href="/transferts/{proposal.id}"' in _section(page, "en-cours")  # the person answers, not them
    assert f'href="/transferts/{closed.id}"' not in page  # closed ones are in the follow-up


def test_the_resource_person_sees_the_proposal_to_answer_and_the_pole_its_request(client, login, csrf, scene):
    proposal = services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.finance.user)
    page = client.get("/transferts/").get_data(as_text=True)
    assert "En attente de votre réponse (1)" in page and f'href="/transferts/{proposal.id}"' in _section(page, "a-traiter")
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene.facilitator)
    page = client.get("/transferts/").get_data(as_text=True)
    assert f'href="/transferts/{proposal.id}"' in _section(page, "mes-transferts") and "a-traiter" not in page


def test_a_deactivated_account_lists_nothing(db, scene):
    from app.access.scopes import pairing_of_party

    services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    scene.facilitator.is_active = False
    assert services.my_transfers(scene.facilitator) == services.MyTransfers(awaiting_me=[], others=[])
    assert str(pairing_of_party(None)) == "false"


def _column(page: str, header: str) -> re.Match[str] | None:
    """The table's column header ``header`` (with the role a stacked list gives it, app/table_cells.py)."""
    return re.search(rf'<th scope="col"[^>]*>{header}</th>', page)


def test_each_reader_is_spared_the_column_they_are(client, login, csrf, scene):
    services.propose_pairing(need=scene.finance_need, person=scene.finance, organiser=scene.organiser)
    login(scene.finance.user)
    page = client.get("/transferts/").get_data(as_text=True)
    assert _column(page, "Personne ressource") is None and _column(page, "Pôle")
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene.facilitator)
    page = client.get("/transferts/").get_data(as_text=True)
    assert _column(page, "Pôle") is None and _column(page, "Personne ressource")


def _links(page: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', page))


def test_a_new_account_with_nothing_yet_is_told_its_next_step_with_its_link(client, csrf, login, make_user,
                                                                              make_pole, make_resource_person):
    """« Mes transferts » is in the menu from the first visit: there, a new account read one sentence about what
    facilitators and resource people do, and no link; each now reads its own next step, and its link."""
    from models import ValidationStatus

    signed_in = []

    def page_of(user) -> str:
        if signed_in:
            client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
        login(user)
        signed_in.append(user)
        return client.get("/transferts/").get_data(as_text=True)

    page = page_of(make_user(Role.FACILITATOR))  # no pole yet
    assert "Rattachez-vous d'abord à votre pôle" in page and "/mon-espace" in _links(page)

    pole = make_pole("Pôle des Coteaux")
    page = page_of(make_user(Role.FACILITATOR, pole=pole))
    assert {f"/poles/{pole.id}", f"/poles/{pole.id}/besoins/nouveau"} <= _links(page)

    page = page_of(make_user(Role.RESOURCE_PERSON))  # no profile yet
    assert "Complétez d'abord votre profil" in page and "/personnes-ressources/mon-profil" in _links(page)

    waiting = make_resource_person(status=ValidationStatus.PENDING)
    page = page_of(waiting.user)
    assert "attend la validation" in page and f"/personnes-ressources/{waiting.id}" in _links(page)

    listed = make_resource_person()
    page = page_of(listed.user)
    assert f"/personnes-ressources/{listed.id}#besoins-titre" in _links(page)


def test_each_table_of_transfers_is_a_region_of_its_own_name(client, login, csrf, scene):
    """Each scrolling table is a region a screen reader lists by name: the two tables of an organiser's page (to
    validate, in progress) were both « Transferts », as was the person's table beside its section « Mes transferts »."""
    from tests.app.page_walk import same_landmarks

    services.request_transfer(need=scene.finance_need, person=scene.finance, requester=scene.facilitator)
    services.propose_pairing(need=scene.food_need, person=scene.food, organiser=scene.organiser)
    login(scene.organiser)
    page = client.get("/transferts/").get_data(as_text=True)
    assert 'aria-label="Tableau des demandes à valider"' in _section(page, "a-traiter")
    assert 'aria-label="Tableau des autres transferts en cours"' in _section(page, "en-cours")
    assert same_landmarks(page) == []
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/transferts/")})
    login(scene.food.user)
    page = client.get("/transferts/").get_data(as_text=True)
    assert 'aria-label="Tableau des transferts en attente de votre réponse"' in _section(page, "a-traiter")
    assert same_landmarks(page) == []
