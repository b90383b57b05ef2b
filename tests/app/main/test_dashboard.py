"""« Mon espace »: a facilitator sees the pole's transfers and what each need waits for; a new resource person
reads that the team validates the profile before anyone sees it."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from app.poles import claims
from app.transfers import services as transfers
from app.transfers.awaited import answer_deadline
from models import Need, NeedKind, Offer, Role, ValidationStatus
from tests.app.texts import FINANCE_NEED, FINANCE_OFFER

pytestmark = pytest.mark.web


@pytest.fixture
def need(db, make_user, make_pole) -> Need:
    pole = make_pole("Pôle des Coteaux")
    need = Need(pole=pole, author=make_user(Role.FACILITATOR, pole=pole), title=FINANCE_NEED[0],
                text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add(need)
    db.commit()
    return need


def _person(make_user, make_resource_person, name: str):
    return make_resource_person(user=make_user(Role.RESOURCE_PERSON, name=name))


def _card(page: str, title: str) -> str:
    """The « Mes besoins » card of the need titled ``title``."""
    return re.search(rf'<li class="card"><a [^>]*>{re.escape(title)}</a>.*?</li>', page, re.S).group(0)


def _space(client) -> str:
    return html.unescape(client.get("/mon-espace").get_data(as_text=True))


def test_a_facilitator_sees_the_requests_and_proposals_of_the_pole(client, login, make_user, make_resource_person,
                                                                    need):
    login(need.author)
    assert "Aucun transfert en cours" in _space(client)
    requests = [transfers.request_transfer(need=need, person=_person(make_user, make_resource_person, name),
                                           requester=need.author) for name in ("Gilles Mazurier", "Anne Roux")]
    page = _space(client)
    card = _card(page, FINANCE_NEED[0])
    assert "— Ouvert" in card
    assert "Transferts demandés à Gilles Mazurier et Anne Roux, en attente de validation par l'équipe d'animation" in card
    for pairing in requests:
        assert f'href="/transferts/{pairing.id}"' in page
    assert "Demandé par le pôle" in page and '<th scope="col">Pôle</th>' not in page  # its own pole: no column
    organiser = make_user(Role.ORGANISER)
    transfers.propose_pairing(need=need, person=_person(make_user, make_resource_person, "Léa Marin"),
                              organiser=organiser)
    transfers.transition(requests[1], transfers.S.VALIDATED, actor=organiser)
    assert ("Transfert demandé à Gilles Mazurier, en attente de validation par l'équipe d'animation\u00a0; "
            "demande validée, transmise à Anne Roux\u00a0: en attente de sa réponse\u00a0; "
            "transfert proposé à Léa Marin, en attente de sa réponse") in _card(_space(client), FINANCE_NEED[0])


def test_the_need_progress_says_nothing_once_accepted_and_the_closed_ones_leave_the_list(
        client, login, make_user, make_resource_person, need):
    person = _person(make_user, make_resource_person, "Gilles Mazurier")
    pairing = transfers.propose_pairing(need=need, person=person, organiser=make_user(Role.ORGANISER))
    transfers.transition(pairing, transfers.S.ACCEPTED, actor=person.user)
    login(need.author)
    page = _space(client)
    assert "— En cours" in page and "en attente" not in page and f'href="/transferts/{pairing.id}"' in page
    transfers.transition(pairing, transfers.S.CANCELLED, actor=need.author)
    assert f'href="/transferts/{pairing.id}"' not in _space(client)


def test_a_new_resource_person_reads_that_the_team_validates_first(client, csrf, login, db, make_user,
                                                                   make_resource_person):
    newcomer = make_user(Role.RESOURCE_PERSON)  # no profile yet: told before writing it
    login(newcomer)
    assert "L'équipe d'animation valide chaque profil" in _space(client)
    client.post("/compte/deconnexion", data={"csrf_token": csrf("/mon-espace")})
    person = make_resource_person(status=ValidationStatus.PENDING)
    db.add(Offer(resource_person=person, title=FINANCE_OFFER[0], text=FINANCE_OFFER[1]))
    db.commit()
    login(person.user)
    page = _space(client)
    assert "Votre profil attend la validation de l'équipe d'animation" in page
    assert "(visible quand votre profil sera validé)" in page
    url = "/personnes-ressources/offres/nouvelle"
    response = client.post(url, data={"csrf_token": csrf(url), "title": "Monter une recyclerie",
                                      "text": "J'ai monté une recyclerie employant douze salariés en insertion."},
                           follow_redirects=True)
    page = html.unescape(response.get_data(as_text=True))
    assert "Votre offre est enregistrée\u00a0; elle sera visible quand l'équipe aura validé votre profil." in page
    assert "Votre offre est publiée" not in page and "attend la validation" in page  # the offer page says so too


def test_a_validated_person_publishes_and_sees_the_proposal_to_answer(client, csrf, login, db, make_user,
                                                                      make_resource_person, need):
    person = make_resource_person()
    pairing = transfers.propose_pairing(need=need, person=person, organiser=make_user(Role.ORGANISER))
    login(person.user)
    page = _space(client)
    assert "attend la validation" not in page and f'href="/transferts/{pairing.id}"' in page
    assert "proposé par l'équipe d'animation" in page
    url = "/personnes-ressources/offres/nouvelle"
    response = client.post(url, data={"csrf_token": csrf(url), "title": "Monter une recyclerie",
                                      "text": "J'ai monté une recyclerie employant douze salariés en insertion."},
                           follow_redirects=True)
    assert "Votre offre est publiée." in html.unescape(response.get_data(as_text=True))
    assert db.scalar(select(Offer).where(Offer.title == "Monter une recyclerie")) is not None


def test_a_transfer_waiting_for_the_person_says_so_first_with_its_deadline(db, login, client, make_user,
                                                                             make_resource_person, need, make_pole):
    person = make_resource_person()
    organiser = make_user(Role.ORGANISER)
    waiting = transfers.propose_pairing(need=need, person=person, organiser=organiser)
    other_pole = make_pole("Pôle du Val")
    other = Need(pole=other_pole, author=make_user(Role.FACILITATOR, pole=other_pole), title="Autre besoin",
                 text=FINANCE_NEED[1], kind=NeedKind.TRANSFER)
    db.add(other)
    db.commit()
    accepted = transfers.propose_pairing(need=other, person=person, organiser=organiser)
    transfers.transition(accepted, transfers.S.ACCEPTED, actor=person.user)
    login(person.user)
    page = _space(client)
    deadline = answer_deadline(waiting)  # the transfer page's own day
    said = f"À vous de répondre d'ici au {deadline}\u00a0: "
    assert said in page
    assert page.index(said) < page.index("Mon profil de personne ressource")  # first, before the profile
    # the waiting one is not repeated in the table of the others, which keeps its columns
    table = page[page.index("Autres transferts en cours"):]
    assert f'href="/transferts/{accepted.id}"' in table and f'href="/transferts/{waiting.id}"' not in table
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)  # with their roles (app/table_cells.py)
    assert "Pôle" in headers and "Personne ressource" not in headers


def _claim(client, csrf, pole) -> None:
    url = f"/poles/{pole.id}/revendiquer"
    response = client.post(url, data={"csrf_token": csrf(url), "message": "Je coordonne le pôle depuis janvier."})
    assert response.status_code == 302


def test_a_claim_waiting_for_the_network_team_says_where_the_facilitator_stands(client, csrf, login, make_user,
                                                                               make_pole):
    pole = make_pole("Pôle des Coteaux")
    newcomer = make_user(Role.FACILITATOR)
    login(newcomer)
    _claim(client, csrf, pole)
    page = re.sub(r"\s+", " ", _space(client))
    assert ("Votre demande pour animer « Pôle des Coteaux », envoyée le " in page
            and "attend l'acceptation de l'équipe d'animation du réseau." in page)
    assert "En attendant, vous pouvez déjà" in page and "Une fois la demande acceptée" in page
    # nothing that makes no sense before the decision: no other pole to look for or to create, no empty lists
    assert "Rattachez-vous à votre pôle" not in page and "Créer la fiche de mon pôle" not in page
    assert "Mes besoins" not in page and "Aucun transfert en cours" not in page
    claims.decide_claim(claims.pending_claim_of(newcomer).id, by=make_user(Role.ORGANISER), accept=True)
    page = _space(client)
    assert "Mon pôle\u00a0: Pôle des Coteaux" in re.sub(r"<[^>]+>", "", page)
    assert "Votre demande pour animer" not in page and "Publier un besoin" in page


def test_a_claim_decided_by_the_pole_facilitators_says_so(client, csrf, login, make_user, make_pole):
    pole = make_pole("Pôle des Coteaux")
    make_user(Role.FACILITATOR, pole=pole)
    login(make_user(Role.FACILITATOR))
    _claim(client, csrf, pole)
    assert "attend l'acceptation des animateur·rices actuel·les du pôle." in re.sub(r"\s+", " ", _space(client))



def test_a_pole_without_needs_reads_a_sentence_not_a_lone_card(client, login, make_user, make_pole):
    login(make_user(Role.FACILITATOR, pole=make_pole("Pôle des Coteaux")))
    page = _space(client)
    mine = page[page.index("Mes besoins"):]
    assert re.match(r"Mes besoins</h3>\s*<p>Aucun besoin publié\u00a0: décrivez ce qui vous manque", mine)


def test_a_lone_transfer_waiting_for_an_answer_leaves_no_empty_heading_of_others(login, client, make_user,
                                                                                  make_resource_person, need):
    person = make_resource_person()
    waiting = transfers.propose_pairing(need=need, person=person, organiser=make_user(Role.ORGANISER))
    login(person.user)
    page = _space(client)
    assert f'href="/transferts/{waiting.id}"' in page
    # no « Autres transferts en cours » heading above nothing: only the link to all of them
    assert "Autres transferts en cours" not in page and "Transferts en cours" not in page
    assert "Tous mes transferts" in page
