"""A national day at scale (walk of a national day: 400 registrations): noting the presences, or telling everyone
of a change, ran the same query once per person (each person's account read again after ``check_and_stamp`` had
expired it, the outbox asked once per mail whether it held it): 1,620 statements for 400 people."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta


from app.agenda import cancellation, services
from app.transactions import unit_of_work
from tests.sql_statements import statements
from models import CollectiveSession, Meeting, OutboxMessage, RegistrationStatus, Role, utcnow

PEOPLE = 12




def _repeated_reads(sent: Counter, *, of: str = "") -> dict[str, int]:
    """The reads (of the table ``of``, or any) sent once per person or more (a write per person, one mail each, is
    what is asked)."""
    return {sql[:120]: n for sql, n in sent.items()
            if sql.lstrip().startswith("SELECT") and f"FROM {of}" in sql and n >= PEOPLE}


def _crowd(publish, make_user, make_pole) -> tuple:
    session = publish(capacity=PEOPLE)
    registrations = [services.register(session_id=session.id, user=make_user(
        Role.FACILITATOR, pole=make_pole(f"Pôle {n}"), name=f"Personne {n}")) for n in range(PEOPLE)]
    return session, registrations


def test_noting_everyone_present_reads_nobody_one_by_one(client, db, login, csrf, publish, organiser, make_user,
                                                         make_pole):
    session, registrations = _crowd(publish, make_user, make_pole)
    slot = db.get(Meeting, session.slots[0].id)
    slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=2)
    db.commit()
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    token = csrf(url)
    page = client.get(url).get_data(as_text=True)
    shown = re.search(r'name="shown_present" type="hidden" value="([^"]*)"', page).group(1)
    present, session_id = [str(r.id) for r in registrations], session.id
    db.expunge_all()  # as in production: the request reads what it needs, nothing left from the test's session
    with statements() as sent:
        response = client.post(url, data={"csrf_token": token, "shown_present": shown,
                                          "present": present})
    assert response.status_code == 302
    assert _repeated_reads(sent) == {}
    thanked = db.query(OutboxMessage).filter(OutboxMessage.key.like(f"agenda:{session_id}:%:thanks")).count()
    assert thanked == PEOPLE  # one mail each, still


def test_cancelling_tells_everyone_without_a_look_up_per_mail(db, publish, organiser, make_user, make_pole):
    session, _ = _crowd(publish, make_user, make_pole)
    kind, session_id, organiser_id = type(session), session.id, organiser.id
    db.expunge_all()
    with statements() as sent:
        told = cancellation.cancel(session=db.get(kind, session_id), organiser=db.get(type(organiser), organiser_id),
                                   message="")
    assert told == PEOPLE
    assert _repeated_reads(sent) == {}


def test_places_added_promote_the_waitlist_without_reading_each_person_alone(db, publish, make_user, make_pole):
    """Ten places added to a full national day: each person promoted was read on their own, then told."""
    session = publish(capacity=1)
    waiting = [services.register(session_id=session.id, user=make_user(
        Role.FACILITATOR, pole=make_pole(f"Pôle {n}"))) for n in range(PEOPLE + 1)][1:]
    session.capacity = PEOPLE + 1
    db.commit()
    session_id, first_waiting = session.id, [r.id for r in waiting]
    db.expunge_all()
    with statements() as sent, unit_of_work():
        promoted = services.fill_free_seats(db.get(CollectiveSession, session_id))
    assert [r.id for r in promoted] == first_waiting  # in the order they asked
    assert all(r.status is RegistrationStatus.REGISTERED for r in promoted)
    # Each one's notification preferences are still read alone (``inbox.notify``: mail now or in the digest).
    assert _repeated_reads(sent, of="users") == {} and _repeated_reads(sent, of="outbox_messages") == {}
    told = db.query(OutboxMessage).filter(OutboxMessage.key.like(f"agenda:{session_id}:%:promoted")).count()
    assert told == PEOPLE  # one mail each


def test_the_sheet_reads_each_table_once_and_before_the_day_nothing_for_the_presences(client, db, login, publish,
                                                                                     organiser, make_user, make_pole):
    """« Inscrit·es et présences » of a national day (bench/bench_national_day.py): before the day it read its
    registrations twice (``session.registrations`` for the walk-ins), the people and poles by their ids, and all
    the poles, the edit stamp and those marked present for a presences form the page does not show yet."""
    session, _registrations = _crowd(publish, make_user, make_pole)
    slot_id = session.slots[0].id
    login(organiser)
    url = f"/organisation/agenda/{session.id}/presences"
    client.get(url)
    db.expunge_all()
    with statements() as before_the_day:
        assert client.get(url).status_code == 200
    read = [" ".join(sql.split()) for sql in before_the_day if sql.lstrip().startswith("SELECT")]
    assert sum(" FROM collective_registrations" in sql for sql in read) == 1, read
    assert not any(" FROM poles" in sql.split("WHERE")[0] and "JOIN" not in sql for sql in read), read
    assert not any("edit_stamps" in sql for sql in read), read
    slot = db.get(Meeting, slot_id)
    slot.starts_at, slot.ends_at = utcnow() - timedelta(hours=1), utcnow() + timedelta(hours=2)
    db.commit()
    db.expunge_all()
    with statements() as begun:
        page = client.get(url).get_data(as_text=True)
    assert page.count('name="present" type="checkbox"') == PEOPLE
    read = [" ".join(sql.split()) for sql in begun]
    assert sum(" FROM collective_registrations" in sql.split("WHERE")[0] and "users.display_name, poles.name" not in sql
               for sql in read) == 1, read
