"""An organiser changes the time of a slot after people signed up; they are told, with their calendar updated
(walk 4: a published session could not be changed at all, short of cancelling it)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.agenda import cancellation, services, slot_times
from app.agenda.services import AgendaRefused
from app.templating import local_datetime
from models import Meeting, OutboxMessage, RegistrationStatus, Role, utcnow
from tests.app.agenda.slot_helpers import mails_of, two_slots


def test_moving_a_slot_tells_the_registered_with_the_updated_calendar_and_the_waitlisted(
        db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1, slots=two_slots())
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    assert services.register(session_id=session.id, user=waiting).status is RegistrationStatus.WAITLISTED
    first, second = session.slots
    sequence = first.ical_sequence
    new_start = second.starts_at + timedelta(days=2)  # the first slot now comes after the second

    told = slot_times.move_slot(session_id=session.id, slot_id=first.id, organiser=organiser,
                                starts_at=new_start, ends_at=new_start + timedelta(hours=3))

    assert told.told == 2
    moved = db.get(Meeting, first.id)
    assert (moved.starts_at, moved.ends_at) == (new_start, new_start + timedelta(hours=3))
    assert moved.ical_sequence == sequence + 1
    db.expire(session)
    assert [s.id for s in session.slots] == [second.id, first.id]
    assert moved.title.endswith("(créneau 2)") and db.get(Meeting, second.id).title.endswith("(créneau 1)")

    mails = mails_of(db, "moved")
    assert set(mails) == {seated.id, waiting.id}
    assert mails[seated.id].subject.startswith("Horaire modifié")
    assert "» change pour l'un de ses créneaux :" in mails[seated.id].body  # not « pour un de ses » (walk 19)
    when = local_datetime(new_start, "Europe/Paris")
    assert f"{when.hour} h {when.minute:02d}" in mails[seated.id].body.replace("\u00a0", " ")
    calendar = Calendar.from_ical(mails[seated.id].attachment_data)
    event = next(e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).endswith("(créneau 2)"))
    assert event.decoded("DTSTART").replace(tzinfo=None) == new_start
    assert event["SEQUENCE"] == moved.ical_sequence
    assert calendar["METHOD"] == "REQUEST"
    assert mails[waiting.id].attachment_data is None and "liste d'attente" in mails[waiting.id].body


def test_moving_twice_tells_twice_and_the_same_time_tells_nobody(db, publish, organiser, facilitator):
    session = publish()
    services.register(session_id=session.id, user=facilitator)
    slot = session.slots[0]
    later = slot.starts_at + timedelta(hours=1)
    assert slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                                starts_at=later, ends_at=later + timedelta(hours=1)).told == 1
    assert slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                                starts_at=later, ends_at=later + timedelta(hours=1)).told is None
    even_later = later + timedelta(hours=1)
    slot_times.move_slot(session_id=session.id, slot_id=slot.id, organiser=organiser,
                         starts_at=even_later, ends_at=even_later + timedelta(hours=1))
    assert len(db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":moved"))).all()) == 2


@pytest.mark.parametrize("shift, length, field", [(-11, 1, "day"), (1, -1, "end")])
def test_a_past_time_or_an_end_before_the_start_is_refused_beside_its_field(publish, organiser, shift, length, field):
    session = publish()
    start = utcnow().replace(microsecond=0) + timedelta(days=shift)
    with pytest.raises(AgendaRefused) as refused:
        slot_times.move_slot(session_id=session.id, slot_id=session.slots[0].id, organiser=organiser,
                             starts_at=start, ends_at=start + timedelta(hours=length))
    assert [p.field for p in refused.value.problems] == [field]


def test_only_the_team_running_the_session_moves_it(publish, make_user):
    session = publish()
    other_cra = make_user(Role.ORGANISER, region_code="53")
    start = session.slots[0].starts_at + timedelta(hours=1)
    with pytest.raises(AgendaRefused, match="organise"):
        slot_times.move_slot(session_id=session.id, slot_id=session.slots[0].id, organiser=other_cra,
                             starts_at=start, ends_at=start + timedelta(hours=1))


def test_the_organiser_changes_a_slot_from_the_session_page(client, login, csrf, db, publish, organiser, facilitator):
    session = publish(slots=two_slots())
    services.register(session_id=session.id, user=facilitator)
    second = session.slots[1]
    login(organiser)
    page = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))
    url = f"/organisation/agenda/{session.id}/creneaux/{second.id}"
    assert f'href="{url}">Changer l\'horaire du créneau 2<' in page

    form = client.get(url).get_data(as_text=True)
    start = local_datetime(second.starts_at, "Europe/Paris")
    assert f'value="{start:%Y-%m-%d}"' in form and f'value="{start:%H:%M}"' in form
    opened = html.unescape(re.search(r'name="opened_on"[^>]*value="([^"]*)"', form).group(1))
    response = client.post(url, data={"csrf_token": csrf(url), "opened_on": opened, "day": f"{start:%Y-%m-%d}",
                                      "start": "18:00", "end": "19:30"})
    assert response.status_code == 302
    shown = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)).replace("\u00a0", " ")
    assert "L'horaire du créneau est changé ; la personne inscrite ou en attente est prévenue" in shown
    assert "Créneau 2 : " in shown and "de 18 h à 19 h 30" in shown
    assert set(mails_of(db, "moved")) == {facilitator.id}

    bad = client.post(url, data={"csrf_token": csrf(url), "day": f"{start:%Y-%m-%d}", "start": "18:00", "end": "17:00"})
    assert bad.status_code == 200 and "La fin doit suivre le début." in bad.get_data(as_text=True)


def test_a_cancelled_session_offers_no_time_change(client, login, publish, organiser):
    session = publish()
    cancellation.cancel(session=session, organiser=organiser)
    login(organiser)
    assert "Changer l'horaire" not in html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))


def test_a_one_slot_session_offers_its_time_change_in_a_sentence_and_cancelling_names_no_absent_waitlist(
        client, login, publish, organiser):
    session = publish()
    login(organiser)
    page = re.sub(r"[ \n]+", " ", html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)))
    assert "<li><a href" not in page.split("Changer l'horaire")[0][-200:]
    assert "Changer l'horaire</a>\u00a0: les personnes inscrites" in page
    assert "aucun e-mail ne partira." in page and "liste d'attente aussi" not in page


def test_a_slot_moved_before_the_registration_deadline_drops_it(db, publish, organiser):
    start = utcnow().replace(microsecond=0, second=0) + timedelta(days=10)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2))],
                      registration_deadline=start - timedelta(days=2))
    earlier = start - timedelta(days=4)  # now before the deadline: registrations would stay open once begun
    moved = slot_times.move_slot(session_id=session.id, slot_id=session.slots[0].id, organiser=organiser,
                                 starts_at=earlier, ends_at=earlier + timedelta(hours=2))
    assert moved.deadline_dropped
    db.expire_all()
    stored = db.get(type(session), session.id)
    assert stored.registration_deadline is None
    assert services.registrations_closed(stored, now=earlier + timedelta(minutes=1))
    assert "les inscriptions fermeront au début du premier créneau" in slot_times.moved_notice(moved)[0]


def test_a_slot_moved_later_keeps_the_registration_deadline(db, publish, organiser):
    start = utcnow().replace(microsecond=0, second=0) + timedelta(days=10)
    deadline = start - timedelta(days=2)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=2))], registration_deadline=deadline)
    later = start + timedelta(days=3)
    moved = slot_times.move_slot(session_id=session.id, slot_id=session.slots[0].id, organiser=organiser,
                                 starts_at=later, ends_at=later + timedelta(hours=2))
    assert not moved.deadline_dropped
    db.expire_all()
    assert db.get(type(session), session.id).registration_deadline == deadline
