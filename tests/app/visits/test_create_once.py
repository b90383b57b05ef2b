"""The same visit form sent twice (double click, or Back then send again) creates one visit and invites once,
from a pole's proposal to host it too."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.visits import hosting, services
from models import HostProposalStatus, LearningVisit, Meeting, OutboxMessage, Role, VisitHostProposal
from tests.app.html_parts import page_text
from tests.app.visits.conftest import TIERS_LIEU
from tests.app.visits.hosting_world import WHAT_TO_SEE, HostingWorld, proposal_data

FORM = "/organisation/visites/nouvelle"


def _details(network, **changes: object) -> dict[str, object]:
    return dict(organiser=network.organiser, host=network.host, title="Ouvrir un tiers-lieu dans une friche",
                theme_text="; ".join(t for t, _ in TIERS_LIEU), start_date=date.today() + timedelta(days=30),
                capacity=2, programme="Visite puis ateliers.", place="Toulouse", invited=network.poles) | changes


def _counts(db) -> tuple[int, int, int]:
    return (db.scalar(select(func.count(LearningVisit.id))), db.scalar(select(func.count(Meeting.id))),
            db.scalar(select(func.count(OutboxMessage.id))))


def test_the_same_key_twice_creates_one_visit_and_invites_once(db, network):
    first = services.create_visit(**_details(network), idempotency_key="cle-visite-1")
    before = _counts(db)
    assert before[:2] == (1, 2) and before[2] >= len(network.poles) + 1  # the invitations, the host told
    again = services.create_visit(**_details(network), idempotency_key="cle-visite-1")
    assert again.id == first.id and _counts(db) == before
    assert services.create_visit(**_details(network), idempotency_key="cle-visite-2").id != first.id


def test_another_organisers_key_is_refused(db, network, make_user):
    services.create_visit(**_details(network), idempotency_key="cle-visite-1")
    with pytest.raises(services.VisitError, match="Ce formulaire a déjà servi"):
        services.create_visit(**_details(network, organiser=make_user(Role.ORGANISER)), idempotency_key="cle-visite-1")


def _key(page: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)


def test_the_form_sent_again_after_back_creates_once(client, login, csrf, db, network):
    login(network.organiser)
    token = csrf(FORM)
    data = {"csrf_token": token, "idempotency_key": _key(client.get(FORM).get_data(as_text=True)),
            "title": "Tiers-lieux en friche", "theme_text": "tiers-lieu friche", "host": str(network.host.id),
            "start_date": (date.today() + timedelta(days=40)).isoformat(), "capacity": "2",
            "invited": [str(p.id) for p in network.poles]}
    first = client.post(FORM, data=data)
    mails = db.scalar(select(func.count(OutboxMessage.id)))
    again = client.post(FORM, data=data)
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert db.scalar(select(func.count(LearningVisit.id))) == 1
    assert db.scalar(select(func.count(OutboxMessage.id))) == mails
    assert "La visite est créée" in page_text(client.get(again.headers["Location"]))
    shown_again = client.post(FORM, data={**data, "idempotency_key": "", "capacity": "0"}).get_data(as_text=True)
    assert _key(shown_again)  # a form shown again with errors carries a key
    kept = client.post(FORM, data={**data, "idempotency_key": "cle-gardee", "capacity": "0"}).get_data(as_text=True)
    assert _key(kept) == "cle-gardee"  # ... the one it came with


def test_the_form_of_a_proposal_sent_again_gives_the_visit_it_created(client, login, csrf, db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    login(w.coorace)
    url = f"{FORM}?proposition={proposal.id}"
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf(url), "idempotency_key": _key(page), "proposal": str(proposal.id),
            "title": "Alimentation durable et tiers-lieux", "theme_text": WHAT_TO_SEE, "host": str(w.pole.id),
            "capacity": "6", "start_date": (date.today() + timedelta(days=60)).isoformat(),
            "invited": [str(w.other_pole.id)]}
    first = client.post(FORM, data=data)
    again = client.post(FORM, data=data)  # the proposal is converted now: no 404, the visit it made
    assert first.status_code == again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert db.scalar(select(func.count(LearningVisit.id))) == 1
    db.expire_all()
    assert db.get(VisitHostProposal, proposal.id).status is HostProposalStatus.CONVERTED
    back = client.get(url)  # Back to the form of a proposal now converted: its visit, not « Page introuvable »
    assert back.status_code == 302 and back.headers["Location"] == first.headers["Location"]
    assert "Cette proposition est déjà devenue une visite : la voici." in page_text(client.get(back.headers["Location"]))


def test_the_proposal_service_answers_the_same_key_with_its_visit(db, hosting_world):
    w: HostingWorld = hosting_world
    proposal = hosting.propose_hosting(pole=w.pole, author=w.facilitator, data=proposal_data())
    details = dict(proposal_id=proposal.id, organiser=w.coorace, host=w.pole, title="Alimentation durable",
                   theme_text=WHAT_TO_SEE, start_date=date.today() + timedelta(days=60), capacity=6, programme="",
                   place="", invited=[w.other_pole], idempotency_key="cle-proposition")
    first = hosting.create_visit_from_proposal(**details)
    mails = db.scalar(select(func.count(OutboxMessage.id)))
    assert hosting.create_visit_from_proposal(**details).id == first.id
    assert db.scalar(select(func.count(OutboxMessage.id))) == mails
    with pytest.raises(hosting.HostProposalRefused, match="déjà reçu une réponse"):
        hosting.create_visit_from_proposal(**details | {"idempotency_key": "autre-formulaire"})
