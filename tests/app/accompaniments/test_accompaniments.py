"""A CRA records accompaniments of its region's poles; organisers read the pole's history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.accompaniments.services import AccompanimentData, may_accompany, record_accompaniment
from app.refused import Refused
from models import Accompaniment, AccompanimentKind, ReferralTarget, Role
from tests.app.accompaniments.scene import pole_asking_a_transfer

pytestmark = pytest.mark.web


@pytest.fixture
def cra(make_user):
    """The regional cell of Bretagne (53)."""
    return make_user(Role.ORGANISER, region_code="53", name="CRA Bretagne")


def _form(csrf, url, **overrides):
    data = {"csrf_token": csrf(url), "kind": "diagnostic", "happened_on": date.today().isoformat(),
            "notes": "Gouvernance fragile, à revoir en juin.", "next_step": "Atelier statuts",
            "next_step_on": (date.today() + timedelta(days=30)).isoformat()}
    data.update(overrides)
    return data


def test_cra_records_an_accompaniment_of_a_pole_of_its_region(client, csrf, login, db, make_pole, cra):
    pole = make_pole(region_code="53")
    login(cra)
    url = f"/poles/{pole.id}/accompagnements/nouveau"
    response = client.post(url, data=_form(csrf, url))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    accompaniment = db.scalars(select(Accompaniment)).one()
    assert accompaniment.kind is AccompanimentKind.DIAGNOSTIC and accompaniment.author_id == cra.id
    assert accompaniment.next_step == "Atelier statuts"
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "Diagnostic de besoins" in page and "Gouvernance fragile" in page


def test_cra_of_another_region_may_not(client, csrf, login, db, make_pole, cra):
    pole = make_pole(region_code="84")
    login(cra)
    assert client.get(f"/poles/{pole.id}/accompagnements/nouveau").status_code == 403
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "Enregistrer un accompagnement" not in page and "Historique du pôle" not in page
    with pytest.raises(Refused, match="votre région"):
        record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
            kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today()))
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0


def test_who_may_accompany(make_user, make_pole):
    pole = make_pole(region_code="53")
    assert may_accompany(make_user(Role.ORGANISER), pole)  # national organiser
    assert may_accompany(make_user(Role.ADMIN, region_code="84"), pole)
    assert may_accompany(make_user(Role.ORGANISER, region_code="53"), pole)
    assert not may_accompany(make_user(Role.ORGANISER, region_code="84"), pole)
    assert not may_accompany(make_user(Role.FACILITATOR, pole=pole), pole)
    assert not may_accompany(make_user(Role.RESOURCE_PERSON), pole)


@pytest.mark.parametrize(("data", "message"), [
    (AccompanimentData(kind=AccompanimentKind.REFERRAL, happened_on=date.today()), "vers quel dispositif"),
    (AccompanimentData(kind=AccompanimentKind.REFERRAL, happened_on=date.today(),
                       referral_target=ReferralTarget.OTHER), "Nommez l'autre dispositif"),
    (AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today() + timedelta(days=2)), "futur"),
    (AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today(),
                       next_step_on=date.today()), "prochaine étape"),
])
def test_incomplete_accompaniments_are_refused(db, make_pole, cra, data, message):
    with pytest.raises(Refused, match=message):
        record_accompaniment(pole=make_pole(region_code="53"), author=cra, data=data)
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0


@pytest.mark.parametrize(("data", "message"), [
    (AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today(), next_step="n" * 301),
     "« Prochaine étape » : 300\u00a0caractères au plus"),
    (AccompanimentData(kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today(), notes="n" * 5001),
     "« Notes » : 5\u202f000\u00a0caractères au plus"),
    (AccompanimentData(kind=AccompanimentKind.REFERRAL, happened_on=date.today(), referral_target=ReferralTarget.OTHER,
                       referral_other="o" * 201), "« Autre dispositif » : 200\u00a0caractères au plus"),
])
def test_texts_too_long_are_refused_not_cut(db, make_pole, cra, data, message):
    with pytest.raises(Refused, match=message):
        record_accompaniment(pole=make_pole(region_code="53"), author=cra, data=data)
    assert db.scalar(select(func.count()).select_from(Accompaniment)) == 0


def test_referrals_name_their_scheme(db, make_pole, cra):
    pole = make_pole(region_code="53")
    dla = record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
        kind=AccompanimentKind.REFERRAL, happened_on=date.today(), referral_target=ReferralTarget.DLA))
    other = record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
        kind=AccompanimentKind.REFERRAL, happened_on=date.today(), referral_target=ReferralTarget.OTHER,
        referral_other="Programme régional de l'ADEME"))
    follow_up = record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
        kind=AccompanimentKind.FOLLOW_UP, happened_on=date.today(), referral_target=ReferralTarget.DLA))
    assert dla.referral_label == "Dispositif local d'accompagnement (DLA)"
    assert other.referral_label == "Programme régional de l'ADEME"
    assert follow_up.referral_target is None  # only a referral says where to


def test_history_lists_every_service_in_order_for_organisers_only(client, login, db, make_pole, make_user,
                                                                 make_resource_person, cra):
    pole, facilitator, _pairing = pole_asking_a_transfer(db, make_pole, make_user, make_resource_person)
    record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
        kind=AccompanimentKind.REFERRAL, happened_on=date.today() - timedelta(days=40),
        referral_target=ReferralTarget.FRANCE_ACTIVE, notes="Note interne de la CRA"))
    login(cra)
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    history = page[page.index("Historique du pôle"):]
    assert history.index("Financer la coordination") < history.index("France Active")  # latest first
    assert "Note interne de la CRA" in history and "Transfert" in history
    client.post("/compte/deconnexion", data={"csrf_token": _token(client)})
    login(facilitator)
    page = client.get(f"/poles/{pole.id}").get_data(as_text=True)
    assert "Historique du pôle" not in page and "Note interne de la CRA" not in page


def _token(client) -> str:
    from tests.conftest import extract_csrf

    return extract_csrf(client.get("/mon-espace").get_data(as_text=True))


#: 23 h 30 UTC on 4 March 2027: 0 h 30 on 5 March in Paris, where the CRA of Bretagne is.
PARIS_JUST_AFTER_MIDNIGHT = datetime(2027, 3, 4, 23, 30)


def test_just_after_midnight_in_paris_today_is_the_cra_s_today_not_the_server_s(
        monkeypatch, client, login, db, make_pole, cra):
    monkeypatch.setattr("app.templating.utcnow", lambda: PARIS_JUST_AFTER_MIDNIGHT)
    pole = make_pole(region_code="53")
    record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
        kind=AccompanimentKind.FOLLOW_UP, happened_on=date(2027, 3, 5)))  # the meeting that just ended, « today »
    with pytest.raises(Refused, match="futur"):
        record_accompaniment(pole=pole, author=cra, data=AccompanimentData(
            kind=AccompanimentKind.FOLLOW_UP, happened_on=date(2027, 3, 6)))
    login(cra)
    form = client.get(f"/poles/{pole.id}/accompagnements/nouveau").get_data(as_text=True)
    assert 'value="2027-03-05"' in form  # the date offered is the CRA's day
