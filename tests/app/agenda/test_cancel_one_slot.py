"""An organiser cancels one slot of a session (the second day of a national day, one date of a webinar given twice)
and keeps the others (walk as Coorace: only the whole session could be cancelled)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.agenda import cancellation, queries, services, slot_times
from app.agenda.feed import public_agenda_ics
from app.agenda.join_link import join_link
from app.agenda.services import AgendaRefused
from app.scheduling.reminders import enqueue_due_reminders, reminder_prefix
from models import Meeting, MeetingStatus, OutboxMessage, RegistrationStatus, Role
from tests.app.agenda.slot_helpers import mails_of, two_slots

REASON = "L'intervenante est souffrante ; le contenu sera repris au premier créneau."


def test_one_slot_cancelled_tells_each_person_once_with_a_cancel_for_that_slot_only(
        db, publish, organiser, make_user, make_pole):
    session = publish(capacity=1, slots=two_slots())
    seated, waiting = (make_user(Role.FACILITATOR, pole=make_pole()) for _ in range(2))
    services.register(session_id=session.id, user=seated)
    assert services.register(session_id=session.id, user=waiting).status is RegistrationStatus.WAITLISTED
    first, second = session.slots
    sequences = (first.ical_sequence, second.ical_sequence)

    told = cancellation.cancel_slot(session_id=session.id, slot_id=second.id, organiser=organiser, reason=REASON)
    again = cancellation.cancel_slot(session_id=session.id, slot_id=second.id, organiser=organiser, reason=REASON)

    assert (told, again) == (2, None)
    cancelled, kept = db.get(Meeting, second.id), db.get(Meeting, first.id)
    assert cancelled.status is MeetingStatus.CANCELLED and cancelled.cancel_reason == REASON
    assert cancelled.ical_sequence == sequences[1] + 1
    assert kept.status is MeetingStatus.SCHEDULED and kept.ical_sequence == sequences[0]
    db.expire(session)
    assert session.cancelled_at is None
    assert {r.user_id: r.status for r in session.registrations} == {
        seated.id: RegistrationStatus.REGISTERED, waiting.id: RegistrationStatus.WAITLISTED}

    mails = mails_of(db, "slot_cancelled")
    assert set(mails) == {seated.id, waiting.id}  # once each, though sent twice
    body = mails[seated.id].body.replace("\u00a0", " ")
    assert mails[seated.id].subject.startswith("Créneau annulé")
    assert "Le créneau 2 de la session" in body and REASON in body and "maintenue pour l'autre créneau" in body
    calendar = Calendar.from_ical(mails[seated.id].attachment_data)
    assert calendar["METHOD"] == "CANCEL"
    events = list(calendar.walk("VEVENT"))
    assert [str(e["UID"]) for e in events] == [second.ical_uid]  # the other slot stays in the calendar
    assert events[0]["SEQUENCE"] == cancelled.ical_sequence and str(events[0]["STATUS"]) == "CANCELLED"
    assert mails[waiting.id].attachment_data is None and REASON in mails[waiting.id].body
    assert "liste d'attente pour l'autre créneau" in mails[waiting.id].body


def test_the_reminders_of_the_cancelled_slot_are_cancelled_and_the_others_stay(db, publish, organiser, facilitator):
    session = publish(slots=two_slots(days=2))
    services.register(session_id=session.id, user=facilitator)
    first, second = session.slots
    enqueue_due_reminders(now=first.starts_at - timedelta(hours=1), hours=24 * 8)
    db.commit()

    cancellation.cancel_slot(session_id=session.id, slot_id=first.id, organiser=organiser, reason=REASON)

    reminders = {m.key: m.cancelled_at for m in db.scalars(select(OutboxMessage).where(
        OutboxMessage.key.contains(":reminder:")))}
    assert [k for k, c in reminders.items() if c is not None and k.startswith(reminder_prefix(first.id))]
    kept = [c for k, c in reminders.items() if k.startswith(reminder_prefix(second.id))]
    assert kept and all(c is None for c in kept)


def test_the_last_slot_still_planned_is_cancelled_with_the_whole_session(db, publish, organiser):
    session = publish(slots=two_slots())
    first, second = session.slots
    cancellation.cancel_slot(session_id=session.id, slot_id=first.id, organiser=organiser, reason=REASON)
    with pytest.raises(AgendaRefused, match="annulez la session entière"):
        cancellation.cancel_slot(session_id=session.id, slot_id=second.id, organiser=organiser, reason=REASON)
    alone = publish()
    with pytest.raises(AgendaRefused, match="annulez la session entière"):
        cancellation.cancel_slot(session_id=alone.id, slot_id=alone.slots[0].id, organiser=organiser, reason=REASON)
    assert db.get(Meeting, second.id).status is MeetingStatus.SCHEDULED


def test_a_slot_begun_or_past_is_not_cancelled(db, publish, organiser):
    session = publish(slots=two_slots())
    first = session.slots[0]
    with pytest.raises(AgendaRefused, match="a commencé ou a eu lieu"):
        cancellation.cancel_slot(session_id=session.id, slot_id=first.id, organiser=organiser, reason=REASON,
                                 now=first.starts_at + timedelta(minutes=5))
    assert db.get(Meeting, first.id).status is MeetingStatus.SCHEDULED


@pytest.mark.parametrize("reason", ["", "   ", "x" * 401])
def test_the_reason_is_asked_and_bounded(publish, organiser, reason):
    session = publish(slots=two_slots())
    with pytest.raises(AgendaRefused) as refused:
        cancellation.cancel_slot(session_id=session.id, slot_id=session.slots[1].id, organiser=organiser,
                                 reason=reason)
    assert [p.field for p in refused.value.problems] == ["reason"]


def test_only_the_team_running_the_session_cancels_a_slot(publish, make_user):
    session = publish(slots=two_slots())
    with pytest.raises(AgendaRefused, match="organise"):
        cancellation.cancel_slot(session_id=session.id, slot_id=session.slots[1].id,
                                 organiser=make_user(Role.ORGANISER, region_code="53"), reason=REASON)


def test_the_session_follows_its_slots_still_planned(db, app, publish, organiser, facilitator, make_user,
                                                    make_pole):
    """Registrations close, the link is offered and presences are noted by the slots left; the feeds and files no
    longer offer the cancelled one as planned; nobody new is put on it; its time no longer changes."""
    session = publish(slots=two_slots())
    services.register(session_id=session.id, user=facilitator)
    first, second = session.slots
    cancellation.cancel_slot(session_id=session.id, slot_id=first.id, organiser=organiser, reason=REASON)
    db.expire_all()
    between = first.starts_at + timedelta(hours=1)

    assert session.starts_at == second.starts_at
    assert not services.registrations_closed(session, between)
    registration = next(r for r in session.registrations if r.user_id == facilitator.id)
    with app.test_request_context():
        link = join_link(session, registration, between)
    assert (link.number, link.slot.id) == (2, second.id)
    assert not any(slot.held_by(between) for slot in session.slots)  # no presence asked for the first day

    feed = Calendar.from_ical(public_agenda_ics())
    status = {str(e["UID"]): str(e["STATUS"]) for e in feed.walk("VEVENT")}
    assert status == {first.ical_uid: "CANCELLED", second.ical_uid: "CONFIRMED"}

    newcomer = services.register(session_id=session.id, user=make_user(Role.FACILITATOR, pole=make_pole()))
    welcome = mails_of(db, "registered")[newcomer.user_id]
    assert [str(e["UID"]) for e in Calendar.from_ical(welcome.attachment_data).walk("VEVENT")] == [second.ical_uid]
    assert newcomer.user_id not in {p.user_id for p in db.get(Meeting, first.id).participants}

    later = second.starts_at + timedelta(days=1)
    with pytest.raises(AgendaRefused, match="annulé"):
        slot_times.move_slot(session_id=session.id, slot_id=first.id, organiser=organiser,
                             starts_at=later, ends_at=later + timedelta(hours=1))


def test_the_organiser_cancels_a_slot_from_the_session_page(client, login, csrf, db, publish, organiser,
                                                            facilitator):
    session = publish(slots=two_slots())
    services.register(session_id=session.id, user=facilitator)
    second = session.slots[1]
    login(organiser)
    page = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True))
    url = f"/organisation/agenda/{session.id}/creneaux/{second.id}/annulation"
    assert f'href="{url}">Annuler le créneau 2<' in page
    assert f'href="{url}">Annuler ce créneau<' in html.unescape(
        client.get(f"/organisation/agenda/{session.id}/creneaux/{second.id}").get_data(as_text=True))

    confirm = html.unescape(client.get(url).get_data(as_text=True)).replace("\u00a0", " ")
    assert ("Annuler le créneau 2 ? La personne inscrite ou en attente sera prévenue avec le motif ; l'autre "
            "créneau reste prévu, les inscriptions aussi.") in confirm
    empty = client.post(url, data={"csrf_token": csrf(url), "reason": ""})
    assert empty.status_code == 200 and "Indiquez le motif de l&#39;annulation." in empty.get_data(as_text=True)
    assert db.get(Meeting, second.id).status is MeetingStatus.SCHEDULED

    for _ in range(2):  # a double click
        response = client.post(url, data={"csrf_token": csrf(url), "reason": REASON})
        assert response.status_code == 302
    assert set(mails_of(db, "slot_cancelled")) == {facilitator.id}
    shown = html.unescape(client.get(f"/agenda/{session.id}").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Le créneau 2 était déjà annulé." in shown
    assert "(annulé) — motif : " + REASON in shown and "<s>" in shown
    assert f'href="{url}"' not in shown  # the last slot left is not offered: the whole session is
    listed = html.unescape(client.get("/agenda").get_data(as_text=True)).replace("\u00a0", " ")
    assert "Créneau 2 : <s>" in listed and "(annulé) — motif : " + REASON in listed

    refused = html.unescape(client.get(
        f"/organisation/agenda/{session.id}/creneaux/{session.slots[0].id}/annulation").get_data(as_text=True))
    assert "annulez la session entière" in refused.replace("\u00a0", " ") and "Annuler ce créneau</button>" not in refused


def test_the_agenda_keeps_a_session_whose_first_day_was_cancelled_until_its_second(db, publish, organiser):
    session = publish(slots=two_slots())
    first = session.slots[0]
    cancellation.cancel_slot(session_id=session.id, slot_id=first.id, organiser=organiser, reason=REASON)
    a_day_after_the_first = first.starts_at + timedelta(days=1)
    assert session.id in {s.id for s in queries.agenda(queries.AgendaFilters(), now=a_day_after_the_first)}
