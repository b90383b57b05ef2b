"""A departure never rewrites history: closed transfers and past consultations stay, shown as « Compte supprimé »,
and what was still to come is cancelled with notices, the bell and an ICS CANCEL (issue #14)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.agenda.bilan import bilan
from app.legal import services as legal
from app.legal.errors import BookingError
from app.privacy.services import delete_account
from app.transfers import services as transfers
from models.forbidden_pair import ForbiddenPair
from models import (
    Booking, BookingStatus, LegalSlot, Need, NeedKind, Notification, OutboxMessage, Pairing, PairingStatus, Role,
    Meeting, MeetingStatus, utcnow,
)

S = PairingStatus


@pytest.fixture
def scene(db, make_user, make_pole, make_resource_person):
    pole = make_pole("Pôle des Coteaux")
    facilitator = make_user(Role.FACILITATOR, pole=pole, name="Awa Animatrice")
    organiser = make_user(Role.ORGANISER, name="Olivier Organisateur")
    person = make_resource_person(capacity=4)
    needs = [Need(pole=pole, author=facilitator, title=f"Besoin {n}", text="Structurer la coopération.",
                  kind=NeedKind.TRANSFER) for n in range(3)]
    db.add_all(needs)
    db.commit()
    return {"pole": pole, "facilitator": facilitator, "organiser": organiser, "person": person, "needs": needs}


def _completed(db, scene) -> Pairing:
    pairing = Pairing(need=scene["needs"][0], resource_person=scene["person"], status=S.COMPLETED,
                      created_at=utcnow() - timedelta(days=60), completed_at=utcnow() - timedelta(days=5))
    db.add(pairing)
    db.commit()
    return pairing


def _planned(scene) -> Pairing:
    pairing = transfers.propose_pairing(need=scene["needs"][1], person=scene["person"], organiser=scene["organiser"])
    transfers.transition(pairing, S.ACCEPTED, actor=scene["person"].user)
    start = (utcnow() + timedelta(days=10)).replace(hour=8, minute=30, second=0, microsecond=0)
    for offset in (0, 7):
        transfers.plan_day(pairing, actor=scene["facilitator"], day=transfers.DayPlan(
            starts_at_utc=start + timedelta(days=offset), ends_at_utc=start + timedelta(days=offset, hours=7),
            timezone="Europe/Paris", location="Maison de l'ESS, Angers"))
    return pairing


def test_a_resource_persons_closed_transfers_stay_with_the_pole_as_compte_supprime(db, scene, client, login):
    done = _completed(db, scene)
    done_id, year = done.id, utcnow().year
    before = bilan(year=year).one_to_one
    delete_account(db, user=scene["person"].user)
    db.expire_all()
    kept = db.get(Pairing, done_id)
    assert kept is not None and kept.status is S.COMPLETED and kept.resource_person_id is None
    assert kept.resource_person_name == "Compte supprimé"
    assert bilan(year=year).one_to_one == before
    login(scene["facilitator"])
    page = client.get(f"/transferts/{done_id}")
    assert page.status_code == 200 and "Compte supprimé" in page.get_data(as_text=True)


def test_a_departed_persons_transfer_of_this_year_leaves_every_need_page_readable(db, scene, client, login):
    """Walk of 7 December 2026: a resource person deleted her account after a transfer ended this year; that
    transfer, kept for the pole without her (``resource_person_id`` NULL), still counted in the year's load, and
    ``int(None)`` made every need page an « Erreur interne »."""
    from app.suggestions.capacity import current_load

    db.add(Pairing(need=scene["needs"][0], resource_person=scene["person"], status=S.COMPLETED,
                   created_at=utcnow() - timedelta(hours=2), completed_at=utcnow() - timedelta(hours=1)))
    db.commit()
    delete_account(db, user=scene["person"].user)
    db.expire_all()
    assert None not in current_load(db)
    login(scene["facilitator"])
    assert client.get(f"/besoins/{scene['needs'][2].id}").status_code == 200


def test_a_resource_persons_open_transfers_are_cancelled_with_notices_the_bell_and_ics_cancel(db, scene):
    planned = _planned(scene)
    asked = transfers.request_transfer(need=scene["needs"][2], person=scene["person"], requester=scene["facilitator"],
                                       message="Bonjour")
    planned_id, asked_id = planned.id, asked.id
    days = [(d.session_id, d.session.ical_sequence) for d in planned.days]
    facilitator, organiser = scene["facilitator"], scene["organiser"]

    delete_account(db, user=scene["person"].user)
    db.expire_all()

    for pairing_id in (planned_id, asked_id):
        pairing = db.get(Pairing, pairing_id)
        assert pairing is not None and pairing.status is S.CANCELLED and pairing.resource_person_id is None
        for user in (facilitator, organiser):
            mail = db.scalar(select(OutboxMessage).where(
                OutboxMessage.key == f"pairing:{pairing_id}:cancelled:user:{user.id}"))
            assert mail is not None and "supprimé son compte" in mail.body
            assert db.scalar(select(Notification).where(Notification.user_id == user.id,
                                                        Notification.url.contains(f"/transferts/{pairing_id}")
                                                        , Notification.text.contains("annulé"))) is not None
    for session_id, sequence in days:
        meeting = db.get(Meeting, session_id)
        assert meeting.status is MeetingStatus.CANCELLED and meeting.ical_sequence > sequence
    # Every planned day leaves the facilitator's calendar: one ICS CANCEL per day, by its UID.
    cancels = [m.attachment_data for m in db.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_id == facilitator.id, OutboxMessage.attachment_data.is_not(None)))
        if b"METHOD:CANCEL" in m.attachment_data]
    for session_id, _ in days:
        uid = db.get(Meeting, session_id).ical_uid.encode()
        assert any(uid in ics for ics in cancels), uid
    assert db.get(Need, scene["needs"][1].id).status.value == "open"


def _past_consultation(db, make_user, make_pole, make_lawyer, make_slot):
    facilitator = make_user(Role.FACILITATOR, pole=make_pole(), name="Awa Animatrice")
    lawyer = make_lawyer()
    start = (utcnow() - timedelta(days=3))  # still on « Mes rendez-vous » (a week back)
    start = start.replace(second=0, microsecond=0)
    slot = make_slot(lawyer, starts_at=start)
    legal.book_slot(slot_id=slot.id, booker=facilitator, question="Faut-il une convention d'occupation ?",
                    idempotency_key=legal.new_idempotency_key(), now=start - timedelta(days=10))
    return facilitator, lawyer, slot


def test_a_departing_lawyers_past_consultations_stay_in_the_history_and_the_bilan(
        db, make_user, make_pole, make_lawyer, make_slot, client, login):
    facilitator, lawyer, slot = _past_consultation(db, make_user, make_pole, make_lawyer, make_slot)
    slot_id, year = slot.id, slot.starts_at.year
    before = bilan(year=year).one_to_one
    assert before.legal_bookings >= 1
    delete_account(db, user=lawyer.user)
    db.expire_all()
    kept = db.get(LegalSlot, slot_id)
    assert kept is not None and kept.lawyer_profile_id is None and kept.lawyer_name == "Compte supprimé"
    assert [b.status for b in kept.bookings] == [BookingStatus.CONFIRMED]
    assert bilan(year=year).one_to_one == before
    login(facilitator)
    page = client.get("/juri-ptce/mes-rendez-vous")
    assert page.status_code == 200 and "Compte supprimé" in page.get_data(as_text=True)
    # A past slot never takes a new booking, with or without its lawyer.
    with pytest.raises(BookingError):
        legal.book_slot(slot_id=slot_id, booker=make_user(Role.FACILITATOR, pole=make_pole()),
                        question="Et pour un bail ?", idempotency_key=legal.new_idempotency_key(),
                        now=kept.starts_at - timedelta(days=1))


def test_a_departing_facilitators_past_consultations_stay_in_the_bilan_and_the_lawyers_history(
        db, make_user, make_pole, make_lawyer, make_slot):
    facilitator, lawyer, slot = _past_consultation(db, make_user, make_pole, make_lawyer, make_slot)
    slot_id, year = slot.id, slot.starts_at.year
    before = bilan(year=year).one_to_one
    delete_account(db, user=facilitator)
    db.expire_all()
    booking = db.scalars(select(Booking).where(Booking.slot_id == slot_id)).one()
    assert booking.booker_id is None and booking.booker_name == "Compte supprimé"
    assert booking.status is BookingStatus.CONFIRMED and booking.pole_id is not None
    assert bilan(year=year).one_to_one == before


def test_a_failing_departure_hook_leaves_every_area_as_it_was(db, scene, monkeypatch):
    """One unit of work: the transfers cancelled by an earlier hook come back when a later one fails,
    even when a hook calls a service that commits on its own (it joins the deletion's unit)."""
    from app.privacy import registry

    planned = _planned(scene)
    planned_id, user_id = planned.id, scene["person"].user_id

    def committing_then_failing(session, user, now):
        transfers.forbid_pair(need=scene["needs"][0], person=scene["person"], organiser=scene["organiser"])
        raise RuntimeError("panne")

    asked = transfers.request_transfer(need=scene["needs"][2], person=scene["person"], requester=scene["facilitator"],
                                       message="Bonjour")
    monkeypatch.setitem(registry._deletions, "panne", registry._Registered("panne", 16, committing_then_failing))
    with pytest.raises(RuntimeError):
        delete_account(db, user=scene["person"].user)
    db.expire_all()
    assert db.get(Pairing, planned_id).status is S.PLANNED
    assert db.get(Pairing, asked.id).status is S.REQUESTED
    assert db.get(type(scene["person"].user), user_id) is not None
    assert not db.scalars(select(OutboxMessage).where(OutboxMessage.key.contains(":cancelled:"))).all()
    assert not db.scalars(select(ForbiddenPair)).all()


def test_a_departing_facilitator_leaves_the_transfer_days_through_the_backbone(db, scene, make_user):
    """The transfer goes on with the pole's other facilitator: the leaver's seat goes, the SEQUENCE moves
    (the others' calendars list the attendees), the others are told."""
    colleague = make_user(Role.FACILITATOR, pole=scene["pole"], name="Bea Collègue")
    planned = _planned(scene)
    day = planned.days[0].session
    day_id, sequence = day.id, day.ical_sequence
    assert {p.user_id for p in day.participants} >= {scene["facilitator"].id, colleague.id}
    leaver_id = scene["facilitator"].id
    delete_account(db, user=scene["facilitator"])
    db.expire_all()
    day = db.get(Meeting, day_id)
    assert day.status is MeetingStatus.SCHEDULED and db.get(Pairing, planned.id).status is S.PLANNED
    assert leaver_id not in {p.user_id for p in day.participants} and day.ical_sequence > sequence
    assert db.scalar(select(OutboxMessage).where(
        OutboxMessage.key == f"session:{day_id}:participant-left:{leaver_id}:to:{colleague.id}")) is not None


def test_the_regional_view_keeps_listing_a_departed_resource_persons_transfers(db, scene, make_user):
    from app.network.regional_view import regional_view

    avise = make_user(Role.ORGANISER)
    done = _completed(db, scene)
    delete_account(db, user=scene["person"].user)
    db.expire_all()
    rows = regional_view(scene["pole"].region_code, viewer=avise, href_prefix="/").pairings
    assert [(r.id, r.mentor_name) for r in rows] == [(done.id, "Compte supprimé")]


def test_the_history_tells_the_departed_persons_steps_from_the_platforms(db, scene, client, login):
    planned = _planned(scene)
    planned_id = planned.id
    delete_account(db, user=scene["person"].user)
    db.expire_all()
    events = {e.to_status: e for e in db.get(Pairing, planned_id).events}
    assert events[S.ACCEPTED].actor_id is None and events[S.ACCEPTED].actor_name == "Compte supprimé"
    assert events[S.CANCELLED].actor_name == "Entrepairs (automatique)"
    assert events[S.PLANNED].actor_name == "Awa Animatrice"
    login(scene["facilitator"])
    page = html.unescape(client.get(f"/transferts/{planned_id}").get_data(as_text=True))
    assert "Une personne dont le compte a été supprimé depuis a accepté ce transfert" in page
    assert "Entrepairs a annulé le transfert" in page
