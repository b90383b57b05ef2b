"""One rule says which poles a viewer sees named and which the figures count (``policy.pole_sight``,
``policy.counted_in_figures``; ``scopes.pole_named_to``, ``scopes.pole_counted``): a pole not yet confirmed
(created by a new account) is named only to its facilitators and the organisers of its region, and counted
nowhere; a confirmed pole that chose not to be listed is counted, and named to the same people."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from app.access import policy, scopes
from models import Departement, Need, NeedStatus, Pairing, PairingStatus, Pole, Role


@pytest.fixture
def poles(make_pole, db):
    """A listed pole (Bretagne), an unlisted confirmed one (Bretagne), a pole awaiting confirmation (Occitanie)."""
    listed = make_pole("Pôle public", region_code="53")
    private = make_pole("Pôle discret", region_code="53", public=False)
    waiting = make_pole("Pôle à confirmer", region_code="76", confirmed=False)
    for pole in (listed, private, waiting):
        db.add(Need(pole=pole, title=f"Besoin de {pole.name}", text="x" * 40, status=NeedStatus.OPEN))
    db.commit()
    return listed, private, waiting


def _named(db, user) -> set[str]:
    return set(db.scalars(select(Pole.name).where(scopes.pole_named_to(user))))


def test_who_sees_which_pole_named(db, poles, make_user):
    listed, private, waiting = poles
    assert _named(db, None) == {"Pôle public"}
    assert _named(db, make_user(Role.FACILITATOR, pole=waiting)) == {"Pôle public", "Pôle à confirmer"}
    assert _named(db, make_user(Role.FACILITATOR, pole=listed)) == {"Pôle public"}
    assert _named(db, make_user(Role.RESOURCE_PERSON)) == {"Pôle public"}
    assert _named(db, make_user(Role.ORGANISER, region_code="53")) == {"Pôle public", "Pôle discret"}
    assert _named(db, make_user(Role.ORGANISER, region_code="76")) == {"Pôle public", "Pôle à confirmer"}
    assert _named(db, make_user(Role.ORGANISER)) == {"Pôle public", "Pôle discret", "Pôle à confirmer"}


def test_the_sql_form_and_the_decision_agree(db, poles, make_user):
    viewers = [None, make_user(Role.FACILITATOR, pole=poles[2]), make_user(Role.RESOURCE_PERSON),
               make_user(Role.LAWYER), make_user(Role.ORGANISER, region_code="76"), make_user(Role.ADMIN)]
    for viewer in viewers:
        decided = {p.name for p in poles
                   if policy.may_list_pole(viewer, pole_id=p.id, region_code=p.region_code, listed=p.listed)}
        assert decided == _named(db, viewer), viewer


def test_resource_persons_open_unlisted_pages_they_are_sent_to_but_lists_do_not_name_them(poles, make_user):
    _, private, _ = poles
    person = make_user(Role.RESOURCE_PERSON)
    facts = dict(pole_id=private.id, region_code=private.region_code, listed=False)
    assert policy.may_open_pole(person, **facts, serves=True) and not policy.may_list_pole(person, **facts)
    # Not a pole she serves: trying ids opens nothing.
    assert not policy.may_open_pole(person, **facts)
    assert not policy.may_open_pole(make_user(Role.FACILITATOR, pole=poles[0]), **facts, serves=True)


def test_home_figures_count_confirmed_poles_and_their_needs_only(client, poles):
    page = html.unescape(client.get("/").get_data(as_text=True))
    # the listed pole and the unlisted confirmed one are members; the pole awaiting confirmation is not yet
    assert "<strong>2</strong> pôles" in page
    assert "<strong>2</strong> besoins ouverts" in page


def test_the_directory_names_a_pole_awaiting_confirmation_to_its_facilitator_only(client, login, make_user, poles):
    _, _, waiting = poles
    assert "Pôle à confirmer" not in client.get("/poles/").get_data(as_text=True)
    login(make_user(Role.FACILITATOR, pole=waiting))
    page = html.unescape(client.get("/poles/").get_data(as_text=True))
    assert "Pôle à confirmer" in page and "Pôle discret" not in page


def test_a_resource_person_names_her_pole_among_those_she_sees_named(client, login, csrf, make_user, poles, db):
    """Typed (``app.poles.pole_lookup``): a pole she may not see named is found neither by words nor by number."""
    from models import ResourcePerson

    login(make_user(Role.RESOURCE_PERSON))
    url = "/personnes-ressources/mon-profil"
    data = {"headline": "Ancienne directrice d'un pôle", "region_code": "53", "yearly_capacity": "2",
            "mobility": "both"}
    for pole in poles[1:]:
        for typed in (pole.name, str(pole.id)):
            response = client.post(url, data={**data, "csrf_token": csrf(url), "pole_id": typed})
            page = html.unescape(response.get_data(as_text=True))
            assert response.status_code == 200 and 'id="pole_id-erreur">Aucun pôle ne' in page
            assert "Pôle à confirmer (" not in page and "Pôle discret (" not in page
    assert client.post(url, data={**data, "csrf_token": csrf(url), "pole_id": "pole"}).status_code == 302
    assert db.scalars(select(ResourcePerson)).one().pole_id == poles[0].id  # « pole » names the one she sees


def test_a_cra_sees_the_poles_to_confirm_of_its_region_only(client, login, make_user, poles):
    login(make_user(Role.ORGANISER, region_code="53"))
    assert "Pôle à confirmer" not in html.unescape(client.get("/poles/demandes").get_data(as_text=True))
    waiting = poles[2]
    client.post(f"/poles/{waiting.id}/confirmer", data={"csrf_token": _token(client)})
    assert waiting.confirmed_at is None


def _token(client) -> str:
    from tests.conftest import extract_csrf

    return extract_csrf(client.get("/poles/demandes").get_data(as_text=True))


def test_a_cra_map_does_not_name_another_region_unlisted_pole_on_a_pairing_line(
        client, login, make_user, make_pole, make_resource_person, db):
    hidden = make_pole("Pôle discret lyonnais", region_code="84", public=False)
    hidden.departements = [db.get(Departement, "69")]
    need = Need(pole=hidden, title="Gouvernance", text="x" * 40)
    db.add(need)
    db.add(Pairing(need=need, resource_person=make_resource_person(region_code="84"),
                   status=PairingStatus.IN_PROGRESS))
    db.commit()
    login(make_user(Role.ORGANISER, region_code="53"))
    assert "Pôle discret lyonnais" not in html.unescape(client.get("/organisation/carte").get_data(as_text=True))


def test_statistics_do_not_count_a_pole_awaiting_confirmation(app, poles):
    from app.network import stats

    chart = stats.build_chart("poles-par-eligibilite")
    non_eligible = dict(zip(chart.categories, chart.series[0].values))["non-eligibles"]
    assert non_eligible == 2
    by_region = stats.build_chart("besoins-par-region")
    assert "76" not in by_region.categories or sum(
        s.values[by_region.categories.index("76")] for s in by_region.series) == 0


def test_an_unlisted_pole_s_page_opens_to_the_resource_person_and_lawyer_who_serve_it(
        app, db, poles, make_user, make_resource_person):
    from datetime import timedelta

    from models import Booking, BookingStatus, LawyerProfile, LegalSlot, Meeting, MeetingKind, utcnow
    from tests.app.security.routes import log_in

    _, private, _ = poles
    person, stranger = make_resource_person(), make_resource_person()
    lawyer, other_lawyer = make_user(Role.LAWYER), make_user(Role.LAWYER)
    need = Need(pole=private, title="Gouvernance", text="x" * 40)
    profile = LawyerProfile(user=lawyer)
    start = utcnow()
    meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Créneau", starts_at=start, ends_at=start + timedelta(hours=1))
    db.add_all([need, profile, LawyerProfile(user=other_lawyer), meeting,
                Pairing(need=need, resource_person=person, status=PairingStatus.ACCEPTED)])  # a mere proposal: no
    db.flush()
    slot = LegalSlot(lawyer_profile_id=profile.id, session_id=meeting.id, starts_at=start)
    db.add(slot)
    db.flush()
    db.add(Booking(slot_id=slot.id, pole_id=private.id, question="Statuts ?", question_key="k",
                   status=BookingStatus.CONFIRMED, idempotency_key="k"))
    db.commit()
    for user, status in ((person.user, 200), (lawyer, 200), (stranger.user, 404), (other_lawyer, 404)):
        client = app.test_client()
        log_in(client, user)
        assert client.get(f"/poles/{private.id}").status_code == status, user
        assert client.get(f"/besoins/{need.id}").status_code == status, user
