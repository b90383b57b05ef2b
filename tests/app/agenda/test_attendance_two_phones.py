"""Two or three organisers tick arrivals at a national day's door, each on a phone (walk of the rebuilt sheet): a save
records only what that phone changed, compared with what it showed (the hidden ``shown_present``). Before, the
second phone met « Modification concurrente », and sending its form again — as the notice invited — turned the
people the first phone had noted present back into « non noté·e » (after the end: absent) without anyone touching
their box."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.agenda import services
from models import CollectiveRegistration, CollectiveSession, EditStamp, OutboxMessage, Role, utcnow
from tests.app.agenda.held import set_slots_at
from tests.app.edit_forms import open_form, signed_in
from tests.conftest import extract_csrf

pytestmark = pytest.mark.web


@pytest.fixture
def cra(make_user):
    return make_user(Role.ORGANISER, region_code="84", name="Claire Cra")


@pytest.fixture
def door(db, publish, cra, make_user, make_pole):
    """A session of the CRA's region begun half an hour ago, with Alice, Bob and Chloé registered."""
    session = publish(by=cra)
    seats = [services.register(session_id=session.id, user=make_user(
        Role.FACILITATOR, name=name, pole=make_pole(f"Pôle de {name}", region_code="84")))
        for name in ("Alice Arrivée", "Bob Bientôt", "Chloé Coche")]
    set_slots_at(db, session, utcnow() - timedelta(minutes=30))
    return session, seats


def _states(db, seats) -> list[bool | None]:
    db.expire_all()
    return [db.get(CollectiveRegistration, r.id).attended for r in seats]


def _thanks(db, seat) -> int:
    """The thanks mails of ``seat`` still to be sent or sent (not those taken back)."""
    return db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.key.like(f"agenda:%:registration:{seat.id}:%:thanks"), OutboxMessage.cancelled_at.is_(None)))


def _url(session) -> str:
    return f"/organisation/agenda/{session.id}/presences"


def _sheet(client, session) -> dict[str, list[str]]:
    """The presences form as a phone's browser would send it."""
    return open_form(client, _url(session), marker="shown_present")


def test_phone_b_saving_after_phone_a_keeps_alice_present(app, client, login, organiser, cra, door, db):
    session, (alice, bob, chloe) = door
    login(organiser)
    phone_b = signed_in(app, cra)
    a, b = _sheet(client, session), _sheet(phone_b, session)  # B opened before A saved

    a["present"] = [str(alice.id)]
    assert client.post(_url(session), data=a).status_code == 302
    b["present"] = [str(bob.id)]
    response = phone_b.post(_url(session), data=b)
    assert response.status_code == 302  # no conflict to resolve at the door: B's arrival is recorded
    assert _states(db, (alice, bob, chloe)) == [True, True, None]
    assert _thanks(db, alice) == 1 and _thanks(db, bob) == 1

    again = _sheet(client, session)  # A unticks Alice, ticked by mistake: that is a change of A's
    again["present"] = [v for v in again["present"] if v != str(alice.id)]
    assert client.post(_url(session), data=again).status_code == 302
    assert _states(db, (alice, bob, chloe)) == [None, True, None]
    assert _thanks(db, alice) == 0  # her thanks, not sent yet, taken back


def test_after_the_end_a_stale_phone_keeps_presents_and_absents_noted_by_another(app, client, login, organiser, cra,
                                                                                door, db):
    session, (alice, bob, chloe) = door
    login(organiser)
    phone_b = signed_in(app, cra)
    services.record_attendance(session=session, organiser=organiser, attended_ids={bob.id}, shown_present=set())
    b = _sheet(phone_b, session)  # during the session: Bob ticked, Alice and Chloé not
    set_slots_at(db, session, utcnow() - timedelta(hours=3))  # the session is over

    a = _sheet(client, session)
    a["present"] = [str(alice.id)]  # A: Alice came; Bob, unticked, was not there after all (absent)
    assert client.post(_url(session), data=a).status_code == 302
    assert _states(db, (alice, bob, chloe)) == [True, False, False]

    assert phone_b.post(_url(session), data=b).status_code == 302  # B saves its stale sheet untouched
    assert _states(db, (alice, bob, chloe)) == [True, False, False]  # neither Alice's presence nor Bob's absence lost
    assert _thanks(db, alice) == 1 and _thanks(db, bob) == 0


def test_the_same_form_sent_twice_thanks_once_and_stamps_each_save(client, login, organiser, door, db):
    session, (alice, _, _) = door
    login(organiser)
    form = _sheet(client, session)
    form["present"] = [str(alice.id)]
    for _ in range(3):  # two clicks, then Back and send again
        assert client.post(_url(session), data=form).status_code == 302
    assert _thanks(db, alice) == 1
    stamp = db.get(EditStamp, f"collective_attendance:{session.id}")
    db.refresh(stamp)
    assert stamp.version == 3  # each save counted once, under the stamp's lock

    untick = _sheet(client, session)
    untick["present"] = []
    for _ in range(2):
        assert client.post(_url(session), data=untick).status_code == 302
    assert _thanks(db, alice) == 0
    assert client.post(_url(session), data=form).status_code == 302  # the first page sent again: ticked anew
    assert _thanks(db, alice) == 1


@pytest.mark.parametrize("present", [
    ["abc"], ["12345678901234567890"], ["-1"], [str(n) for n in range(10_000)]])
def test_a_hostile_present_list_is_refused_in_french_and_writes_nothing(client, login, organiser, door, db, present):
    session, seats = door
    login(organiser)
    form = _sheet(client, session)
    form["present"] = [str(seats[0].id), *present]
    response = client.post(_url(session), data=form)
    assert response.status_code == 200
    assert "Choix inconnu" in html.unescape(response.get_data(as_text=True))
    assert _states(db, seats) == [None, None, None]


def test_ids_of_another_session_write_nothing_there(client, login, organiser, door, publish, make_user, make_pole,
                                                    db):
    session, seats = door
    other = publish()
    theirs = services.register(session_id=other.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
    set_slots_at(db, other, utcnow() - timedelta(minutes=30))
    services.record_attendance(session=other, organiser=organiser, attended_ids={theirs.id}, shown_present=set())
    login(organiser)
    form = _sheet(client, session)
    form["present"] = [str(theirs.id)]
    assert client.post(_url(session), data=form).status_code == 200  # « Choix inconnu » beside the boxes
    form["present"], form["shown_present"] = [str(seats[0].id)] * 3, [f"{theirs.id} x 99999999999 {theirs.id}"]
    assert client.post(_url(session), data=form).status_code == 302  # a duplicated box is one tick
    assert _states(db, [*seats, theirs]) == [True, None, None, True]  # the other session's presence untouched


def test_a_hostile_search_or_shown_list_never_fails(client, login, organiser, door, db):
    session, (alice, bob, chloe) = door
    services.record_attendance(session=session, organiser=organiser, attended_ids={bob.id}, shown_present=set())
    login(organiser)
    form = _sheet(client, session)
    form["present"] = [str(bob.id), str(alice.id)]
    junk = " ".join(str(n) for n in range(10_000, 20_000))  # no one of this session
    form["shown_present"] = [f"{form['shown_present'][0]} {junk} abc -3 {bob.id}{bob.id} {bob.id}"]
    for query in ("", "?q=" + "é" * 5000, "?q=%ff", "?q=bob"):
        assert client.post(_url(session) + query, data=form).status_code == 302
    refused = client.post(_url(session) + "?q=%00", data=form)  # the site's edge guard, before any view
    assert refused.status_code == 400 and "caractères invisibles" in html.unescape(refused.get_data(as_text=True))
    assert _states(db, (alice, bob, chloe)) == [True, True, None]


@pytest.mark.parametrize("who", ["other_region", "facilitator", "anonymous"])
def test_who_does_not_run_the_session_writes_nothing(app, client, login, organiser, door, make_user, make_pole, db,
                                                     who):
    session, seats = door
    login(organiser)
    form = _sheet(client, session)
    form["present"] = [str(r.id) for r in seats]
    intruder = app.test_client()
    if who == "other_region":
        intruder = signed_in(app, make_user(Role.ORGANISER, region_code="53", name="Cra Occitanie"))
    elif who == "facilitator":
        intruder = signed_in(app, make_user(Role.FACILITATOR, pole=make_pole("Pôle voisin", region_code="84")))
    own = intruder.get("/compte/connexion" if who == "anonymous" else "/", follow_redirects=True)
    form["csrf_token"] = [extract_csrf(own.get_data(as_text=True))]  # its own
    response = intruder.post(_url(session), data=form)
    assert response.status_code in (302, 403)  # the access policy, not the CSRF check, refuses it
    if response.status_code == 302:
        assert "/compte/connexion" in response.location
    assert _states(db, seats) == [None, None, None]
    assert db.get(EditStamp, f"collective_attendance:{session.id}") is None


def test_two_phones_adding_then_taking_away_the_same_walk_in(app, client, login, organiser, cra, door, make_pole,
                                                             db):
    """Both phones see the same pole come in without registering: the second save was « Choix inconnu » (its pole
    was no longer offered), then the same when both took it away."""
    session, _ = door
    walk_in = make_pole("Pôle venu sans inscription", region_code="84")
    login(organiser)
    phone_b = signed_in(app, cra)
    a, b = _sheet(client, session), _sheet(phone_b, session)
    a["walk_ins"] = b["walk_ins"] = [str(walk_in.id)]
    assert client.post(_url(session), data=a).status_code == 302
    assert phone_b.post(_url(session), data=b).status_code == 302
    db.expire_all()
    [noted] = [r for r in db.get(CollectiveSession, session.id).registrations if r.walk_in]

    a, b = _sheet(client, session), _sheet(phone_b, session)
    a["removed_walk_ins"] = b["removed_walk_ins"] = [str(noted.id)]
    assert client.post(_url(session), data=a).status_code == 302
    assert phone_b.post(_url(session), data=b).status_code == 302
    db.expire_all()
    assert not any(r.walk_in for r in db.get(CollectiveSession, session.id).registrations)


OTHERS_NOTED = "Une autre personne a noté des présences entre-temps\u00a0: la feuille montre l'ensemble."


def _said(client, response) -> str:
    """The flashes of the page a save led to."""
    assert response.status_code == 302, response.status_code
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    return " ".join(re.findall(r'<p class="flash flash-\w+" role="(?:status|alert)">(.*?)</p>', page))


def test_a_save_says_when_another_persons_save_came_in_between(app, client, login, organiser, cra, door, db):
    """Walk: phone B's save merged with phone A's in silence; B's sheet then showed Alice ticked by nobody on B."""
    session, (alice, bob, _) = door
    login(organiser)
    phone_b = signed_in(app, cra)
    a, b = _sheet(client, session), _sheet(phone_b, session)  # both drawn before either saved
    a["present"] = [str(alice.id)]
    said_a = _said(client, client.post(_url(session), data=a))
    assert "Présences enregistrées" in said_a and OTHERS_NOTED not in said_a  # nobody saved since A's sheet was drawn
    b["present"] = [str(bob.id)]
    response = phone_b.post(_url(session), data=b)
    assert response.status_code == 302
    page = html.unescape(phone_b.get(response.headers["Location"]).get_data(as_text=True))
    assert f'<p class="flash flash-info" role="status">{OTHERS_NOTED}</p>' in page
    assert OTHERS_NOTED not in _said(phone_b, phone_b.post(_url(session), data=_sheet(phone_b, session)))  # said once


def test_a_save_after_ones_own_in_another_tab_says_nothing_of_others(client, login, organiser, door, db):
    session, (alice, _, _) = door
    login(organiser)
    first, second = _sheet(client, session), _sheet(client, session)
    first["present"] = [str(alice.id)]
    assert OTHERS_NOTED not in _said(client, client.post(_url(session), data=first))
    assert OTHERS_NOTED not in _said(client, client.post(_url(session), data=second))


@pytest.mark.parametrize("sent", [None, "", "abc", "-1", "1 2", "9" * 10, "²"])
def test_a_drawn_version_that_is_no_count_says_nothing(sent):
    from app.agenda.door_saves import sent_version

    assert sent_version(sent) is None
    assert sent_version("12") == 12
