"""The demo's proposals to host a visit: one from an Occitanie pole waits for an answer (Coorace and the CRA Occitanie
read it, the CRA Auvergne-Rhône-Alpes does not), one from an Auvergne-Rhône-Alpes pole was declined kindly; both made
through the services, on working days, for months to come.

The demo is loaded once for the module (it hashes a password per account), as on a Sunday: the tests only read it,
except the last one, which loads it again and checks that nothing is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import create_app
from app.database import seed_reference_data, upgrade_database
from app.demo import DEMO_PASSWORD, load_demo
from app.extensions import db
from app.visits.demo import load_demo_proposals
from app.visits.demo_visits import load_demo_visits
from config import TestConfig
from models import HostProposalStatus, LearningVisit, Notification, OutboxMessage, User, VisitHostProposal, utcnow
from tests.app.html_parts import page_text
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web

LAURAGAIS = "Pôle Territoire Solidaire du Lauragais"
LIVRADOIS = "Collectif Coopér'Acteurs du Livradois"
#: Loaded as on a Sunday: a step counted back one day from it would fall on a Saturday.
LAST_SUNDAY = utcnow().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=(utcnow().weekday() + 1) % 7)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = tmp_path_factory.mktemp("demo")
    app = create_app(TestConfig, DATABASE_URL=f"sqlite:///{root / 'demo.sqlite'}", SERVER_NAME="entrepairs.test",
                     MAIL_BACKEND="file", MAIL_FILE_DIR=root / "mail", JOBS_RUNNER="inline")
    with app.app_context():
        upgrade_database(db.engine)
        seed_reference_data(db.session)
        load_demo(db.session, today=LAST_SUNDAY)
        db.session.close()
    yield app
    with app.app_context():
        db.engine.dispose()


def _page(app: Flask, who: str, address: str) -> str:
    client = app.test_client()
    token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
    signed_in = client.post("/compte/connexion", data={"csrf_token": token, "email": f"{who}@demo.entrepairs.fr",
                                                       "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302, who
    response = client.get(address)
    assert response.status_code == 200, (who, address)
    return page_text(response)


def _waiting_part(page: str) -> str:
    """The proposals page's « En attente de réponse » section."""
    return page.split('id="ouvertes-titre"', 1)[1].split("</section>", 1)[0]


def test_coorace_and_the_cra_occitanie_read_the_open_one_the_cra_aura_does_not(demo_app):
    for who in ("coorace", "cra.occitanie"):
        waiting = _waiting_part(_page(demo_app, who, "/organisation/visites/propositions"))
        assert LAURAGAIS in waiting and "groupement d'employeurs" in waiting, who
        assert LIVRADOIS not in waiting, who
    aura = _page(demo_app, "cra.aura", "/organisation/visites/propositions")
    assert LAURAGAIS not in aura and "Aucune proposition n'attend de réponse." in _waiting_part(aura)
    assert "Déclinée" in aura and "vos tournées solidaires intéresseront" in aura  # its region's, answered


def test_mon_espace_counts_the_one_waiting(demo_app):
    link = re.compile(r'<a href="/organisation/visites/propositions">([^<]*)</a>')
    assert link.search(_page(demo_app, "coorace", "/mon-espace")).group(1).endswith("(1 proposition en attente)")
    assert link.search(_page(demo_app, "cra.occitanie", "/mon-espace")).group(1).endswith(
        "(1 proposition en attente)")
    assert "en attente" not in link.search(_page(demo_app, "cra.aura", "/mon-espace")).group(1)


def test_the_declined_one_carries_a_kind_message_its_pole_and_cra_were_told_of(demo_app):
    with demo_app.app_context():
        declined = db.session.scalars(select(VisitHostProposal).where(
            VisitHostProposal.status == HostProposalStatus.DECLINED)).one()
        assert declined.pole.name == LIVRADOIS and declined.decided_by.email == "coorace@demo.entrepairs.fr"
        assert declined.decision_message.startswith("Merci")
        told = set(db.session.scalars(select(User.email).join(Notification, Notification.user_id == User.id).where(
            Notification.url.endswith(f"proposition-{declined.id}"), Notification.text.contains("déclinée"))))
        assert told == {"cra.aura@demo.entrepairs.fr"}
        pole_page = _page(demo_app, "animation.collectif.cooper.acteurs.du.livradois", f"/poles/{declined.pole_id}")
        assert "Déclinée" in pole_page and "Merci pour cette belle proposition" in pole_page
        assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
            OutboxMessage.key.startswith("host-proposal:"), OutboxMessage.sent_at.is_(None))) == 0  # none leaves


def test_made_and_answered_on_working_days_for_months_to_come(demo_app):
    with demo_app.app_context():
        proposals = db.session.scalars(select(VisitHostProposal)).all()
        assert len(proposals) == 2
        this_month = utcnow().date().replace(day=1)
        for proposal in proposals:
            assert this_month < proposal.first_month <= proposal.last_month
            stamps = [proposal.created_at] + ([proposal.decided_at] if proposal.decided_at else [])
            assert all(stamp.weekday() < 5 and stamp < LAST_SUNDAY for stamp in stamps), proposal.pole.name
        cra = db.session.scalars(select(User).where(User.email == "cra.occitanie@demo.entrepairs.fr")).one()
        assert cra.unread_notifications >= 1  # the waiting one, a few days old, under its bell


def test_a_past_visit_with_its_presences_noted_shows_in_the_review_and_to_its_region(demo_app):
    """The demo's visit of weeks ago: three poles registered, two came (three people and two); the review counts them
    apart from the registrations, the CRA Occitanie (the host's region) opens its presences, the CRA AURA does not."""
    with demo_app.app_context():
        visit = db.session.scalars(select(LearningVisit)).one()
        assert visit.start_date < LAST_SUNDAY.date() and visit.host_pole.region_code == "76"
        year, visit_id = visit.start_date.year, visit.id
    review = _page(demo_app, "coorace", f"/organisation/bilan?annee={year}")
    assert "Visites apprenantes réalisées : 1 ; 3 pôles inscrits, 2 pôles venus avec 5 personnes" in review
    assert "Présences notées : 2 pôles venus, 5 personnes." in _page(demo_app, "cra.occitanie", f"/visites/{visit_id}")
    assert "Modifier les présences" in _page(demo_app, "cra.occitanie", f"/visites/{visit_id}")
    client = demo_app.test_client()
    token = extract_csrf(client.get("/compte/connexion").get_data(as_text=True))
    client.post("/compte/connexion", data={"csrf_token": token, "email": "cra.aura@demo.entrepairs.fr",
                                           "password": DEMO_PASSWORD})
    assert client.get(f"/visites/{visit_id}/presences").status_code == 403


def test_loading_it_again_adds_nothing(demo_app):
    with demo_app.app_context():
        assert load_demo_proposals(db.session, today=LAST_SUNDAY) == 0
        assert db.session.scalar(select(func.count(VisitHostProposal.id))) == 2
        assert load_demo_visits(db.session, today=LAST_SUNDAY) == 0
