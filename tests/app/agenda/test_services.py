"""Collective sessions: publish, seats and waitlist, audience, attendance and feedback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda.feedback import give_feedback
from app.agenda.join_link import link_shown
from app.scheduling.horizon import TOO_FAR
from app.agenda import cancellation, services
from app.agenda.services import AgendaRefused
from models import (
    Audience, CollectiveKind, Maturity, Notification, OutboxMessage, RegistrationStatus, Role, Meeting, MeetingKind,
    MeetingStatus, utcnow,
)
from tests.app.agenda.conftest import draft


def test_publish_creates_one_meeting_per_slot(publish):
    start = utcnow().replace(microsecond=0) + timedelta(days=5)
    session = publish(slots=[services.SlotTimes(start, start + timedelta(hours=1)),
                             services.SlotTimes(start + timedelta(days=7), start + timedelta(days=7, hours=1))])
    assert [s.kind for s in session.slots] == [MeetingKind.COLLECTIVE] * 2
    assert session.slots[0].title.endswith("(créneau 1)")
    assert session.starts_at == start



def test_each_slot_of_a_session_titled_in_200_characters_keeps_its_number_in_calendars(publish):
    """Cut at the meetings' 200 characters, « … (créneau 2) » lost its number: a webinar's three slots read the
    same in a calendar. The typed title is shortened (…), the number kept (``scheduling.meetings.meeting_title``)."""
    start = utcnow().replace(microsecond=0) + timedelta(days=5)
    title = "Modèles socio-économiques " + "x" * 174
    session = publish(title=title, slots=[services.SlotTimes(start + timedelta(days=d), start + timedelta(days=d, hours=1))
                                          for d in (0, 7, 14)])
    titles = [slot.title for slot in session.slots]
    assert [t.endswith(f"x… (créneau {n})") for n, t in enumerate(titles, start=1)] == [True, True, True]
    assert [len(t) for t in titles] == [200] * 3 and all(t.startswith("Modèles socio-économiques xxx") for t in titles)


@pytest.mark.parametrize("changes, message", [
    ({"slots": []}, "au moins un créneau"),
    ({"online": True, "video_url": None}, "lien de connexion"),
    ({"online": False, "place": "  "}, "lieu"),
    ({"audience": Audience.REGION, "audience_region_code": None}, "région"),
])
def test_publish_refuses_incomplete_drafts(organiser, changes, message):
    with pytest.raises(AgendaRefused, match=message):
        services.publish(organiser=organiser, draft=draft(**changes))


def test_cra_publishes_for_its_own_region(make_user):
    cra = make_user(Role.ORGANISER, region_code="84")
    session = services.publish(organiser=cra, draft=draft(audience=Audience.REGION, audience_region_code="84"))
    assert session.region_code == "84"
    with pytest.raises(AgendaRefused, match="sa région"):
        services.publish(organiser=cra, draft=draft(audience=Audience.REGION, audience_region_code="53"))


def test_full_session_waitlists_and_a_freed_seat_goes_to_the_first_waiting(db, publish, make_user, make_pole):
    session = publish(capacity=2)
    people = [make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(4)]
    statuses = [services.register(session_id=session.id, user=u).status for u in people]
    assert statuses == [RegistrationStatus.REGISTERED] * 2 + [RegistrationStatus.WAITLISTED] * 2
    assert {p.user_id for p in session.slots[0].participants} == {people[0].id, people[1].id}
    sequence = session.slots[0].ical_sequence

    promoted = services.unregister(session_id=session.id, user=people[0])
    assert promoted is not None and promoted.user_id == people[2].id
    db.refresh(session.slots[0])
    assert {p.user_id for p in session.slots[0].participants} == {people[1].id, people[2].id}
    assert session.slots[0].ical_sequence == sequence + 1
    keys = set(db.scalars(select(OutboxMessage.key)))
    assert any(k.endswith(":promoted") and f"registration:{promoted.id}:" in k for k in keys)
    bell = db.scalars(select(Notification).where(Notification.user_id == people[2].id)).one()
    assert bell.category == "seat" and bell.url == f"/agenda/{session.id}"
    # Walk 19: the bell says the registration is confirmed, as the mail's subject, not only that a seat is free.
    assert bell.text == ("Une place est disponible pour vous\u00a0: votre inscription à "
                         f"«\u00a0{session.title}\u00a0» est confirmée")


def test_registering_twice_changes_nothing(publish, facilitator):
    session = publish()
    first = services.register(session_id=session.id, user=facilitator)
    again = services.register(session_id=session.id, user=facilitator)
    assert first.id == again.id and again.version == 1


def test_registration_mail_carries_the_slots_ics(db, publish, facilitator):
    from icalendar import Calendar

    session = publish()
    services.register(session_id=session.id, user=facilitator)
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.key.endswith(":registered")))
    calendar = Calendar.from_ical(message.attachment_data)
    assert calendar["METHOD"] == "REQUEST"
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [session.slots[0].ical_uid]


@pytest.mark.parametrize("audience, extra, allowed", [
    (Audience.REGION, {"audience_region_code": "84"}, True),
    (Audience.REGION, {"audience_region_code": "53"}, False),
    (Audience.MATURITY, {"audience_maturity": Maturity.EMERGENT}, True),
    (Audience.MATURITY, {"audience_maturity": Maturity.CONSOLIDE}, False),
])
def test_audience_rules(publish, facilitator, audience, extra, allowed):
    session = publish(audience=audience, **extra)
    if allowed:
        assert services.register(session_id=session.id, user=facilitator).status is RegistrationStatus.REGISTERED
    else:
        with pytest.raises(AgendaRefused, match="réservée"):
            services.register(session_id=session.id, user=facilitator)


def test_a_regional_session_names_its_region_to_a_pole_from_elsewhere(publish, facilitator):
    session = publish(audience=Audience.REGION, audience_region_code="53")
    with pytest.raises(AgendaRefused, match="^Cette session est réservée aux pôles de la région Bretagne[.]$"):
        services.register(session_id=session.id, user=facilitator)


def test_invited_audience(publish, facilitator, make_user, make_pole):
    session = publish(audience=Audience.INVITED, invited_pole_ids=[facilitator.pole_id])
    assert services.register(session_id=session.id, user=facilitator).status is RegistrationStatus.REGISTERED
    other = make_user(Role.FACILITATOR, pole=make_pole())
    with pytest.raises(AgendaRefused, match="invités"):
        services.register(session_id=session.id, user=other)


def test_registrations_close_at_the_deadline(db, publish, facilitator):
    session = publish()
    session.registration_deadline = utcnow() - timedelta(minutes=1)
    db.commit()
    with pytest.raises(AgendaRefused, match="closes"):
        services.register(session_id=session.id, user=facilitator)


def _move_to_past(db, session) -> None:
    for slot in session.slots:
        length = slot.ends_at - slot.starts_at
        slot.starts_at = utcnow() - timedelta(days=2)
        slot.ends_at = slot.starts_at + length
    db.commit()


def test_attendance_walk_ins_and_feedback(db, publish, organiser, facilitator, make_user, make_pole):
    session = publish()
    absent = make_user(Role.FACILITATOR, pole=make_pole())
    mine = services.register(session_id=session.id, user=facilitator)
    services.register(session_id=session.id, user=absent)
    with pytest.raises(AgendaRefused, match="commencée"):
        services.record_attendance(session=session, organiser=organiser, attended_ids={mine.id})
    _move_to_past(db, session)
    walk_in = make_pole("Pôle venu sans inscription")
    present = services.record_attendance(session=session, organiser=organiser, attended_ids={mine.id},
                                         walk_in_pole_ids=[walk_in.id, walk_in.id])
    assert present == 2
    assert db.scalar(select(OutboxMessage.id).where(OutboxMessage.key.endswith(":thanks"))) is not None
    give_feedback(session_id=session.id, user=facilitator, usefulness=4, will_reuse="La grille d'analyse")
    assert mine.usefulness == 4
    with pytest.raises(AgendaRefused, match="de 1 à 5"):
        give_feedback(session_id=session.id, user=facilitator, usefulness=9, will_reuse="")
    with pytest.raises(AgendaRefused, match="4\u202f000\u00a0caractères au plus"):  # refused, never cut
        give_feedback(session_id=session.id, user=facilitator, usefulness=4, will_reuse="x" * 4001)


def test_a_cra_does_not_run_another_regions_session(publish, make_user):
    session = publish()
    other_cra = make_user(Role.ORGANISER, region_code="53")
    with pytest.raises(AgendaRefused, match="organise"):
        services.set_materials(session=session, organiser=other_cra, url="https://exemple.fr/replay")


def test_cancel_sends_ics_cancel_and_cancels_the_meetings(db, publish, organiser, facilitator):
    from icalendar import Calendar

    session = publish()
    services.register(session_id=session.id, user=facilitator)
    cancellation.cancel(session=session, organiser=organiser)
    assert db.scalar(select(Meeting.status).where(Meeting.id == session.slots[0].id)) \
        is MeetingStatus.CANCELLED
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.key.endswith(":cancelled")))
    assert Calendar.from_ical(message.attachment_data)["METHOD"] == "CANCEL"


def test_link_is_shown_to_registered_people_shortly_before(app, publish, facilitator):
    session = publish()
    registration = services.register(session_id=session.id, user=facilitator)
    assert not link_shown(session, registration)
    assert link_shown(session, registration, now=session.starts_at - timedelta(hours=1))
    assert not link_shown(session, None, now=session.starts_at - timedelta(hours=1))


def test_publish_refuses_with_every_problem_each_naming_its_field(organiser):
    past = utcnow().replace(microsecond=0) - timedelta(days=1)
    with pytest.raises(AgendaRefused) as refused:
        services.publish(organiser=organiser, draft=draft(
            slots=[services.SlotTimes(past, past - timedelta(hours=1))], video_url=None,
            registration_deadline=past + timedelta(days=1)))
    assert {(p.field, p.message) for p in refused.value.problems} == {
        ("slots.0.starts_at", "La date et l'heure doivent être à venir."),
        ("slots.0.ends_at", "La fin doit suivre le début."),
        ("video_url", "Une session en ligne a besoin de son lien de connexion."),
        ("registration_deadline", "La date limite d'inscription doit précéder le premier créneau."),
    }
    assert "lien de connexion" in refused.value.message and "La fin doit suivre le début." in refused.value.message


def test_publish_refuses_a_slot_years_away_as_a_slip_of_the_year(organiser):
    """« 2062 » typed for « 2026 » (or « 9999 »): said beside the slot's date, as for a transfer's day."""
    years_away = utcnow().replace(microsecond=0) + timedelta(days=3 * 365)
    with pytest.raises(AgendaRefused) as refused:
        services.publish(organiser=organiser, draft=draft(
            slots=[services.SlotTimes(years_away, years_away + timedelta(hours=1))]))
    assert {(p.field, p.message) for p in refused.value.problems} == {("slots.0.starts_at", TOO_FAR)}



def test_registration_mail_names_the_kind_of_session_with_its_acronym(db, publish, facilitator):
    session = publish(kind=CollectiveKind.NATIONAL_DAY)
    services.register(session_id=session.id, user=facilitator)
    message = db.scalar(select(OutboxMessage).where(OutboxMessage.key.endswith(":registered")))
    assert "(journée nationale des PTCE) est confirmée" in message.body  # it said « des ptce »
