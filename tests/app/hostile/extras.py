"""Rows in the states that show the forms region B's rows do not: an event already held (its feedback and
presences), a session given twice (one of its dates to cancel), a free Juri-PTCE slot, a closed one, a slot offered
to the waitlist, a resource person to validate, a pole to confirm, a deactivated account, an account invited and
never opened, a calendar feed to revoke, two mails the outbox gave up on (the administrators' « Renvoyer »)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from models import (
    Audience, Booking, BookingStatus, CalendarFeed, CollectiveKind, CollectiveRegistration, CollectiveSession,
    LearningVisit, LegalSlot, Meeting, MeetingKind, MeetingStatus, Need, NeedKind, Offer, OutboxMessage, Pairing,
    PoleClaim, RegistrationStatus, Role, User, ValidationStatus, VisitRegistration, VisitRegistrationStatus, utcnow,
)
from app.auth.services import reset_token
from tests.app.access.regional_world import RegionB, lawyer_user_profile


def add_extras(session: Session, world, region: RegionB, *, make_user, make_pole, make_resource_person) -> list[str]:
    """The rows, their ids added to ``region.ids`` so that the crawl opens their pages; the query strings that open
    the second step of a form (a merge of poles, a transfer to propose or to ask)."""
    facilitator = region.facilitator_b
    pole = facilitator.pole
    past = utcnow() - timedelta(days=3)
    held = CollectiveSession(kind=CollectiveKind.WEBINAR, title="Webinaire passe", capacity=10,
                             audience=Audience.ALL, online=True, video_url="https://visio.exemple.org/passe")
    held.slots.append(Meeting(kind=MeetingKind.COLLECTIVE, title="Webinaire passe", starts_at=past,
                              ends_at=past + timedelta(hours=1)))
    held.registrations.append(CollectiveRegistration(user=facilitator, status=RegistrationStatus.REGISTERED))
    visit = LearningVisit(title="Visite passee", host_pole_id=region.ids["pole_id"][1], capacity=6, place="Rennes",
                          start_date=date.today() - timedelta(days=4),
                          day_one=Meeting(kind=MeetingKind.VISIT_DAY, title="Visite passee", starts_at=past,
                                          ends_at=past + timedelta(hours=7)))
    # A session given twice, both dates to come: one of them may be cancelled on its own (« Annuler le créneau »).
    twice = CollectiveSession(kind=CollectiveKind.WEBINAR, title="Webinaire donne deux fois", capacity=10,
                              audience=Audience.ALL, online=True, video_url="https://visio.exemple.org/deux",
                              region_code=region.cra_b.region_code)
    for days in (20, 27):
        start = (utcnow() + timedelta(days=days)).replace(minute=30, second=0, microsecond=0)
        twice.slots.append(Meeting(kind=MeetingKind.COLLECTIVE, title="Webinaire donne deux fois", starts_at=start,
                                   ends_at=start + timedelta(hours=1)))
    twice.registrations.append(CollectiveRegistration(user=facilitator, status=RegistrationStatus.REGISTERED))
    session.add_all([held, visit, twice])
    session.flush()
    session.add(VisitRegistration(visit_id=visit.id, pole_id=pole.id, status=VisitRegistrationStatus.REGISTERED,
                                  responded_by_id=facilitator.id, requested_at=utcnow()))

    profile = lawyer_user_profile(session, world.users[Role.LAWYER])
    slots = []
    for days, hour, status in ((15, 13, MeetingStatus.SCHEDULED), (16, 13, MeetingStatus.CANCELLED),
                               (16, 14, MeetingStatus.CANCELLED), (16, 15, MeetingStatus.CANCELLED),
                               (17, 13, MeetingStatus.SCHEDULED),
                               (18, 13, MeetingStatus.SCHEDULED), (19, 13, MeetingStatus.SCHEDULED)):
        start = (utcnow() + timedelta(days=days)).replace(hour=hour, minute=30, second=0, microsecond=0)
        meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Creneau Juri-PTCE", starts_at=start,
                          ends_at=start + timedelta(minutes=45), status=status)
        slots.append(LegalSlot(lawyer_profile_id=profile.id, session=meeting, starts_at=start))
    session.add_all(slots)
    session.flush()
    offered = Booking(slot_id=slots[4].id, booker_id=facilitator.id, pole_id=pole.id, question="Nos statuts ?",
                      question_key="cle-question-offerte", status=BookingStatus.OFFERED, offered_at=utcnow(),
                      idempotency_key="cle-booking-offerte")
    held_by_another = Booking(slot_id=slots[5].id, booker_id=world.users[Role.FACILITATOR].id, pole_id=world.pole.id,
                              question="Nos statuts ?", question_key="cle-question-pleine", confirmed_at=utcnow(),
                              status=BookingStatus.CONFIRMED, idempotency_key="cle-booking-pleine")
    session.add_all([offered, held_by_another])

    # Two of each thing a list acts on, one per button (validate and refuse, accept and refuse).
    pending = make_resource_person(region_code=region.cra_b.region_code, status=ValidationStatus.PENDING)
    make_resource_person(region_code=region.cra_b.region_code, status=ValidationStatus.PENDING)
    session.add(PoleClaim(pole_id=pole.id, claimant_id=make_user(Role.FACILITATOR).id, message="Je suis du pole."))
    unconfirmed = make_pole("Pole a confirmer", region_code=region.cra_b.region_code, confirmed=False)
    closed = make_user(Role.FACILITATOR, email="ferme@exemple.fr")
    closed.is_active = False
    invited = User(email="invitee@exemple.fr", display_name="Invitee Jamais Venue", role=Role.FACILITATOR,
                   invited_by_id=world.users[Role.ADMIN].id)
    # Texts the suggestions match (a need of region B's listed pole, an offer of its resource person).
    person_b = session.get(Pairing, region.ids["pairing_id"][0]).resource_person
    need = Need(pole=pole, author=facilitator, title="Pérenniser l'animation", kind=NeedKind.TRANSFER,
                text="Notre poste d'animation dépend d'une subvention qui s'arrête à la fin de l'année.")
    twin = Need(pole=world.pole, author=world.users[Role.FACILITATOR], title="Financer l'animation du pôle",
                kind=NeedKind.TRANSFER, text="Le poste d'animation dépend d'une subvention annuelle qui s'arrête.")
    given_up = [OutboxMessage(key=f"hostile:given-up:{n}", to_email=f"refus{n}@exemple.fr", subject="Invitation",
                              body="Bonjour", attempts=3, cancelled_at=past,
                              last_error="Abandonné après 3 tentatives : destinataire refusé") for n in (1, 2)]
    session.add_all([*given_up, invited, CalendarFeed(user_id=facilitator.id, token_hash="0" * 64), need, twin,
                     Offer(resource_person=person_b, title="Financer l'animation d'un pôle",
                           text="Montages de financement de postes d'animation, subventions et mécénat. " * 3)])
    session.commit()
    for name, ids in {"collective_session_id": [held.id, twice.id], "visit_id": [visit.id],
                      "slot_id": [*(s.id for s in slots), *(s.id for s in twice.slots)],
                      "booking_id": [offered.id], "profile_id": [pending.id], "pole_id": [unconfirmed.id],
                      "user_id": [closed.id, invited.id]}.items():
        region.ids[name] = [*region.ids[name], *ids]
    region.ids["need_id"].append(need.id)
    region.ids["token"] = [reset_token(invited)]
    return [f"kept={pole.id}&duplicate={unconfirmed.id}", f"need_id={twin.id}&resource_person_id={person_b.id}",
            f"need_id={twin.id}&resource_person_id={world.person.id}",
            f"need_id={need.id}&resource_person_id={person_b.id}&pole_id={pole.id}"]
