"""A resource person who lowers her yearly capacity to or below what this year already engaged is told, on saving,
what it means: the transfers engaged go on, no new request reaches her this year (walk of 6 December 2026: she saved
without a word and her page then read « 2 transferts engagés sur 1 »)."""

from __future__ import annotations

import html

import pytest

from app.scheduling.wall_clock import year_of
from models import Need, NeedKind, Pairing, PairingStatus, Role, utcnow

pytestmark = pytest.mark.web


def _profile_data(token: str, capacity: int) -> dict:
    return {"csrf_token": token, "headline": "Ancienne directrice d'un pôle consolidé", "employer": "", "bio": "",
            "region_code": "53", "departement_code": "29", "pole_id": "", "yearly_capacity": str(capacity),
            "mobility": "both", "availability": ""}


@pytest.fixture
def engaged(db, make_user, make_resource_person, coordination_need):
    """A person with capacity 3 and two transfers this year: one accepted, one proposed (waiting for her)."""
    person = make_resource_person(user=make_user(Role.RESOURCE_PERSON), capacity=3)
    other = Need(pole=coordination_need.pole, author=coordination_need.author, title="Un second besoin",
                 text="Structurer la fonction employeur mutualisée du pôle.", kind=NeedKind.TRANSFER)
    db.add_all([other,
                Pairing(need=coordination_need, resource_person=person, status=PairingStatus.ACCEPTED),
                Pairing(need=other, resource_person=person, status=PairingStatus.PROPOSED)])
    db.commit()
    return person


def _save(client, csrf, capacity: int) -> str:
    url = "/personnes-ressources/mon-profil"
    response = client.post(url, data=_profile_data(csrf(url), capacity), follow_redirects=True)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True)).replace("\u00a0", " ")


def test_lowering_below_what_is_engaged_says_what_goes_on_and_what_stops(client, csrf, login, db, engaged):
    login(engaged.user)
    page = _save(client, csrf, 1)
    db.refresh(engaged)
    assert engaged.yearly_capacity == 1  # accepted, with a warning: lowering is her way to say « no more »
    assert ('<p class="flash flash-warning" role="status">Cette année, 2 transferts sont déjà engagés pour une '
            "capacité de 1 transfert par an : ils continuent comme prévu, mais aucune nouvelle demande ne pourra "
            f"vous parvenir avant le 1er janvier {year_of(utcnow()) + 1}. Le transfert qui attend votre réponse ne "
            "pourra être accepté qu'en relevant votre capacité ; sinon, déclinez-le en disant pourquoi.</p>") in page


def test_down_to_exactly_what_is_engaged_says_no_new_request(client, csrf, login, db, engaged):
    login(engaged.user)
    page = _save(client, csrf, 2)
    assert "2 transferts sont déjà engagés pour une capacité de 2 transferts par an : ils continuent" in page
    assert "qui attend votre réponse" not in page  # only 1 accepted under 2: she may still accept it


def test_lowering_with_room_left_or_raising_says_nothing_more(client, csrf, login, db, engaged):
    login(engaged.user)
    assert "flash-warning" not in _save(client, csrf, 5)  # raised
    page = _save(client, csrf, 4)  # lowered, still room
    assert "Votre profil est enregistré." in page and "flash-warning" not in page


def test_lowering_to_zero_promises_no_date(client, csrf, login, db, engaged):
    """Zero is a pause, not a full year (walk of 7 December 2026: « aucune nouvelle demande ne pourra vous parvenir
    avant le 1er janvier » while nothing would reach her on 1 January either)."""
    login(engaged.user)
    page = _save(client, csrf, 0)
    assert ("Cette année, 2 transferts sont déjà engagés pour une capacité de zéro transfert par an : ils continuent "
            "comme prévu, mais aucune nouvelle demande ne pourra vous parvenir tant que votre capacité restera à "
            "zéro.") in page
    assert "1er janvier" not in page


def test_her_own_offer_waiting_for_the_pole_is_hers_to_withdraw(client, csrf, login, db, engaged):
    """Her own offer of help, validated, waits for the pole's answer, not hers: the notice said « Le transfert qui
    attend votre réponse … déclinez-le », while the pole accepts it and she may only withdraw it."""
    waiting = db.query(Pairing).filter_by(resource_person_id=engaged.id, status=PairingStatus.PROPOSED).one()
    waiting.status, waiting.requested_by_id = PairingStatus.VALIDATED, engaged.user_id  # « Je peux aider », validated
    db.commit()
    login(engaged.user)
    page = _save(client, csrf, 1)
    assert ("aucune nouvelle demande ne pourra vous parvenir avant le 1er janvier "
            f"{year_of(utcnow()) + 1}. Votre proposition d'aide, qui attend la réponse du pôle, ne pourra être "
            "acceptée qu'en relevant votre capacité ; sinon, retirez-la.</p>") in page
    assert "qui attend votre réponse" not in page and "déclinez" not in page


def test_an_offer_and_a_proposal_waiting_are_each_said_their_way(client, csrf, login, db, engaged, coordination_need):
    third = Need(pole=coordination_need.pole, author=coordination_need.author, title="Un troisième besoin",
                 text="Mutualiser la comptabilité des structures du pôle.", kind=NeedKind.TRANSFER)
    db.add_all([third, Pairing(need=third, resource_person=engaged, status=PairingStatus.VALIDATED,
                               requested_by_id=engaged.user_id)])
    db.commit()
    login(engaged.user)
    page = _save(client, csrf, 1)
    assert ("Le transfert qui attend votre réponse ne pourra être accepté qu'en relevant votre capacité ; sinon, "
            "déclinez-le en disant pourquoi. Votre proposition d'aide, qui attend la réponse du pôle, ne pourra être "
            "acceptée qu'en relevant votre capacité ; sinon, retirez-la.") in page
