"""The « appui renforcé » queue: poles in creation or emerging, open needs, nothing for N months."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.accompaniments.queue import reinforced_support_queue
from models import (
    Accompaniment, AccompanimentKind, LearningVisit, Maturity, Need, NeedStatus, Offer, Pairing, PairingStatus,
    Role, VisitRegistration, VisitRegistrationStatus,
)

TODAY = date(2026, 12, 4)


@pytest.fixture
def pole_with_need(db, make_pole):
    def make(name: str, *, maturity: Maturity = Maturity.EMERGENT, region_code: str = "53",
             status: NeedStatus = NeedStatus.OPEN):
        pole = make_pole(name, region_code=region_code, maturity=maturity)
        need = Need(pole=pole, title="Structurer la gouvernance", text="Texte du besoin.", status=status)
        db.add(need)
        db.commit()
        return pole, need

    return make


def _names(entries) -> list[str]:
    return [e.pole.name for e in entries]


def test_silent_young_poles_with_open_needs_are_listed_with_a_reason(app, db, pole_with_need):
    pole_with_need("Pôle émergent")
    pole_with_need("Pôle en création", maturity=Maturity.EN_CREATION)
    pole_with_need("Pôle consolidé", maturity=Maturity.CONSOLIDE)
    pole_with_need("Pôle sans besoin ouvert", status=NeedStatus.CLOSED)
    pole_with_need("Pôle d'une autre région", region_code="84")
    entries = reinforced_support_queue(region_code="53", today=TODAY)
    assert _names(entries) == ["Pôle émergent", "Pôle en création"]  # « é » sorts as « e »
    assert entries[1].reason == ("En création, 1\u00a0besoin ouvert ; aucun transfert, visite ni accompagnement "
                                 "depuis 6 mois (jamais accompagné ni mis en relation).")
    assert "Pôle d'une autre région" in _names(reinforced_support_queue(region_code=None, today=TODAY))


def test_a_recent_accompaniment_transfer_or_visit_takes_the_pole_out(db, pole_with_need, make_pole, make_user,
                                                                      make_resource_person):
    accompanied, _ = pole_with_need("Pôle accompagné")
    long_ago, _ = pole_with_need("Pôle accompagné il y a longtemps")
    paired, need = pole_with_need("Pôle en transfert")
    visiting, _ = pole_with_need("Pôle en visite")
    cra = make_user(Role.ORGANISER, region_code="53")
    db.add_all([
        Accompaniment(pole=accompanied, author=cra, kind=AccompanimentKind.FOLLOW_UP,
                      happened_on=TODAY - timedelta(days=30)),
        Accompaniment(pole=long_ago, author=cra, kind=AccompanimentKind.DIAGNOSTIC, happened_on=date(2026, 5, 3)),
    ])
    person = make_resource_person(region_code="84")
    offer = Offer(resource_person=person, title="Offre", text="x" * 40)
    db.add(offer)
    db.add(Pairing(need=need, resource_person=person, offer=offer, status=PairingStatus.REQUESTED,
                   status_changed_at=datetime(2026, 11, 1)))
    visit = LearningVisit(title="Tiers-lieux", host_pole=make_pole("Hôte"), start_date=TODAY - timedelta(days=20),
                          capacity=4)
    db.add(visit)
    db.add(VisitRegistration(visit=visit, pole=visiting, status=VisitRegistrationStatus.REGISTERED))
    db.commit()
    entries = reinforced_support_queue(region_code="53", today=TODAY)
    assert _names(entries) == ["Pôle accompagné il y a longtemps"]
    assert "dernier contact le 03/05/2026" in entries[0].reason
    # With a window of 8 months, the May accompaniment is recent enough.
    assert reinforced_support_queue(region_code="53", today=TODAY, months=8) == []


def test_a_contact_counts_on_its_day_in_paris(db, monkeypatch, pole_with_need, make_resource_person):
    # Before: the UTC date of the transfer's change (3 June), six months and a day before 4 December: listed.
    from app.accompaniments import queue

    pole, need = pole_with_need("Pôle en transfert")
    person = make_resource_person(region_code="84")
    offer = Offer(resource_person=person, title="Offre", text="x" * 40)
    db.add(Pairing(need=need, resource_person=person, offer=offer, status=PairingStatus.REQUESTED,
                   status_changed_at=datetime(2026, 6, 3, 23, 30)))  # 0 h 30 on 4 June in Paris
    db.commit()
    assert reinforced_support_queue(region_code="53", today=TODAY) == []
    monkeypatch.setattr(queue, "utcnow", lambda: datetime(2026, 12, 4, 23, 30))  # 5 December in Paris
    entries = reinforced_support_queue(region_code="53")
    assert _names(entries) == ["Pôle en transfert"] and "dernier contact le 04/06/2026" in entries[0].reason


def test_cra_sees_its_region_national_organiser_every_region(client, login, make_user, pole_with_need):
    pole_with_need("Pôle breton")
    pole_with_need("Pôle rhônalpin", region_code="84")
    login(make_user(Role.ORGANISER, region_code="53"))
    page = client.get("/organisation/appui-renforce").get_data(as_text=True)
    assert "Pôle breton" in page and "Pôle rhônalpin" not in page and "1\u00a0pôle à accompagner" in page
    response = client.get("/organisation/appui-renforce?region=84")  # another region: refused, and said so
    assert response.status_code == 403 and "Pôle rhônalpin" not in response.get_data(as_text=True)
    assert "Auvergne-Rhône-Alpes est hors de votre périmètre" in response.get_data(as_text=True)


def test_national_organiser_sees_all_or_one_region(client, login, make_user, pole_with_need):
    pole_with_need("Pôle breton")
    pole_with_need("Pôle rhônalpin", region_code="84")
    login(make_user(Role.ORGANISER))
    page = client.get("/organisation/appui-renforce").get_data(as_text=True)
    assert "Pôle breton" in page and "Pôle rhônalpin" in page
    page = client.get("/organisation/appui-renforce?region=84").get_data(as_text=True)
    assert "Pôle breton" not in page and "Pôle rhônalpin" in page
    page = client.get("/organisation/appui-renforce?region=11").get_data(as_text=True)
    assert "0\u00a0pôle" not in page and page.count("Aucun pôle en attente d'appui renforcé.") == 1  # said once


def test_queue_is_for_organisers(client, login, make_user):
    assert client.get("/organisation/appui-renforce").status_code == 302
    login(make_user(Role.FACILITATOR))
    assert client.get("/organisation/appui-renforce").status_code == 403
