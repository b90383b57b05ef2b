"""Region B's named rows of every kind, for the generic regional-scope leak test (``test_regional_leaks``).

Each private text is a short ASCII token (``zqb…``): it survives HTML escaping, the typography filters, JSON's
``\\uXXXX`` escapes and CSV quoting unchanged, so finding it in a body means the row leaked. What is public by the
policy (``app.access.policy``) carries no such token: the listed pole's name and page, the resource persons'
directory, the lawyers' cards; two public texts carry a ``zqp…`` token (``RegionB.public``), which region A's viewers
must read: the test then knows its crawl did reach region B's objects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from models import (
    Accompaniment, AccompanimentKind, Booking, BookingStatus, ExperienceSheet, FeedbackSide, LearningVisit, LegalSlot,
    Meeting, MeetingKind, MeetingParticipant, Need, NotificationPreferences, Organisation, OrganisationKind, Pairing,
    Offer, PairingDay, PairingFeedback, PairingStatus, ParticipantRole, PoleClaim, PoleEligibility, Role,
    TransferMessage, TransferObjective, User, ValidationStatus, VisitFeedback, VisitHostProposal, VisitRegistration,
    VisitRegistrationStatus, utcnow,
)
from app.network.stats import CHARTS
from app.templating import local_day
from models import Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, RegistrationStatus
from models.enums import CharterVersion

#: Region A (the viewer's) and region B (the one whose named data must not reach it).
REGION_A, REGION_B = "53", "84"


@dataclass
class RegionB:
    """Region B's rows, the URL values pointing at them, and its private texts (what → token)."""

    cra_a: User
    cra_b: User
    facilitator_b: User
    #: URL parameter name → the ids of region B's objects it is tried with.
    ids: dict[str, list[Any]] = field(default_factory=dict)
    #: What the text is (for the failure message) → the token that must not leak.
    secrets: dict[str, str] = field(default_factory=dict)
    #: A query string naming region B's objects the way forms read them on GET (``?need_id=…&hote=…``).
    query: str = ""
    #: Texts of region B that are public by the policy (what → token): region A's viewers do read them.
    public: dict[str, str] = field(default_factory=dict)


def _cra(session: Session, make_user, region: str, label: str) -> User:
    organisation = Organisation(kind=OrganisationKind.CRA, name=f"CRA {label}", region_code=region)
    session.add(organisation)
    session.flush()
    user = make_user(Role.ORGANISER, email=f"cra-{label}@exemple.fr", region_code=region)
    user.organisation_id = organisation.id
    return user


def _prefs(session: Session, user: User, phone: str) -> None:
    session.add(NotificationPreferences(user_id=user.id, share_contact=True, phone=phone))


def build_region_b(session: Session, world: Any, *, make_user, make_pole, make_resource_person) -> RegionB:
    """Two poles of B (listed, unlisted), their needs, transfers with a resource person of B (conversation,
    objectives, sheet, feedback), a visit hosted in B with both registered, a host proposal, a Juri-PTCE booking,
    accompaniments, an eligibility record, a claim; the CRA of each region."""
    s = {
        "unlisted pole name": "zqbdiscretpole",
        "unlisted pole need title": "zqbneedtitleunlisted",
        "unlisted pole need text": "zqbneedtextunlisted",
        "facilitator e-mail (listed pole)": "zqbanimlisted@rhone.example",
        "facilitator phone (listed pole)": "0411223344",
        "facilitator e-mail (unlisted pole)": "zqbanimunlisted@rhone.example",
        "facilitator name (unlisted pole)": "Zqbnameunlisted",
        "resource person e-mail": "zqbperson@rhone.example",
        "resource person phone": "0499887766",
        "transfer request message": "zqbrequestmessage",
        "transfer decision note": "zqbdecisionnote",
        "transfer conversation message": "zqbconversation",
        "transfer objective": "zqbobjective",
        "unpublished experience sheet": "zqbsheetsituation",
        "transfer feedback comment": "zqbfeedbackcomment",
        "Juri-PTCE question": "zqbjuriquestion",
        "accompaniment note": "zqbaccompnote",
        "accompaniment next step": "zqbaccompnextstep",
        "visit feedback text": "zqbvisitfeedback",
        "visit feedback text (listed pole)": "zqbfeedbacklistedpole",
        "visit host proposal": "zqbhostproposal",
        "pole claim message": "zqbclaimmessage",
        "transfer day place": "zqbdayplace",
        "transfer day report": "zqbdayreport",
        # Whether a listed pole signed the charter is public (the directory filters on it), the record is not.
        "eligibility answer (charter signed on)": "17\u00a0novembre 2011",  # the day held to its month
        "eligibility answer (as its form shows it)": "2011-11-17",
        # A resource person not validated yet, or refused, is named data of her region (``policy.may_decide_person``):
        # region B's CRA reads and decides her, region A's does not (validated, she would be the national pool's).
        "pending resource person name": "Zqbpendingname",
        "pending resource person headline": "zqbpendingheadline",
        "pending resource person offer": "zqbpendingoffer",
        "refused resource person headline": "zqbrefusedheadline",
    }
    cra_a = _cra(session, make_user, REGION_A, "bretagne")
    cra_b = _cra(session, make_user, REGION_B, "rhone")
    listed = make_pole("Pole public du Rhone", region_code=REGION_B)
    unlisted = make_pole(f"Pole {s['unlisted pole name']}", region_code=REGION_B, public=False)
    anim_l = make_user(Role.FACILITATOR, pole=listed, email=s["facilitator e-mail (listed pole)"])
    anim_u = make_user(Role.FACILITATOR, pole=unlisted, email=s["facilitator e-mail (unlisted pole)"],
                       name=f"Camille {s['facilitator name (unlisted pole)']}")
    person = make_resource_person(region_code=REGION_B,
                                  user=make_user(Role.RESOURCE_PERSON, email=s["resource person e-mail"]))
    second = make_resource_person(region_code=REGION_B)
    pending = make_resource_person(region_code=REGION_B, status=ValidationStatus.PENDING, user=make_user(
        Role.RESOURCE_PERSON, name=f"Dominique {s['pending resource person name']}"))
    pending.headline = f"Experience {s['pending resource person headline']}"
    pending_offer = Offer(resource_person_id=pending.id, title=f"Offre {s['pending resource person offer']}",
                          text="Texte.")
    session.add(pending_offer)
    refused = make_resource_person(region_code=REGION_B, status=ValidationStatus.REFUSED)
    refused.headline, refused.refusal_reason = f"Experience {s['refused resource person headline']}", "Hors TSF."
    # One of region A too, for region A's CRA to read and decide (the positive side of the guard).
    make_resource_person(region_code=REGION_A, status=ValidationStatus.PENDING).headline = \
        "Ancienne coordinatrice zqapendingheadline"
    _prefs(session, anim_l, s["facilitator phone (listed pole)"])
    _prefs(session, person.user, s["resource person phone"])

    public = {"listed pole need text": "zqpneedtextlisted", "visit programme": "zqpvisitprogramme"}
    need_l = Need(pole=listed, author=anim_l, title="Gouvernance partagee",
                  text=f"Notre situation : {public['listed pole need text']} et le reste.")
    need_u = Need(pole=unlisted, author=anim_u, title=f"Besoin {s['unlisted pole need title']}",
                  text=f"Texte : {s['unlisted pole need text']}.")
    accepted = Pairing(need=need_l, resource_person=person, status=PairingStatus.ACCEPTED,
                       message="Bonjour.", decision_note=f"Note {s['transfer decision note']}")
    requested = Pairing(need=need_u, resource_person=person, status=PairingStatus.REQUESTED,
                        message=f"Demande {s['transfer request message']}", requested_by=anim_u)
    # The unlisted pole's transfer under way, with a resource person of region A (the world's): a CRA of A follows
    # its region's resource persons, not the poles of B they serve.
    under_way = Pairing(need=need_u, resource_person=world.person, status=PairingStatus.ACCEPTED, message="Bonjour.")
    completed = Pairing(need=need_l, resource_person=second, status=PairingStatus.COMPLETED, completed_at=utcnow(),
                        message="Transfert termine.")
    session.add_all([need_l, need_u, accepted, requested, under_way, completed])
    session.flush()
    day_start = utcnow() - timedelta(days=5)  # held: its report is written
    day = Meeting(kind=MeetingKind.TRANSFER_DAY, title="Journee de transfert", starts_at=day_start,
                  ends_at=day_start + timedelta(hours=7), location=f"Salle {s['transfer day place']}")
    day.participants += [MeetingParticipant(user=anim_l), MeetingParticipant(user=person.user)]
    session.add(day)
    session.flush()
    session.add_all([
        PairingDay(pairing_id=accepted.id, session_id=day.id, stage=1, report_done=f"Fait {s['transfer day report']}",
                   reported_at=utcnow()),
        TransferMessage(pairing_id=accepted.id, author_id=anim_l.id, body=f"Message {s['transfer conversation message']}",
                        idempotency_key="cle-region-b-conversation"),
        TransferObjective(pairing_id=accepted.id, position=1, text=f"Objectif {s['transfer objective']}"),
        sheet := ExperienceSheet(pairing_id=completed.id, author_id=anim_l.id, title="Fiche en cours",
                                 situation=f"Situation {s['unpublished experience sheet']}", transferred="Des outils."),
        PairingFeedback(pairing=completed, author=anim_l, side=FeedbackSide.POLE, rating=4,
                        comment=f"Retour {s['transfer feedback comment']}", transferred="Des outils."),
    ])

    visit = LearningVisit(title="Visite apprenante du Rhone", host_pole_id=listed.id,
                          start_date=date.today() + timedelta(days=20), capacity=6, place="Lyon",
                          programme=f"Programme {public['visit programme']}")
    session.add(visit)
    session.flush()
    session.add_all([
        VisitRegistration(visit_id=visit.id, pole_id=listed.id, status=VisitRegistrationStatus.REGISTERED,
                          responded_by_id=anim_l.id, requested_at=utcnow()),
        VisitRegistration(visit_id=visit.id, pole_id=unlisted.id, status=VisitRegistrationStatus.REGISTERED,
                          responded_by_id=anim_u.id, requested_at=utcnow()),
        # A pole of region A is invited too: region A's CRA follows this visit (``policy.follows_visit``) and
        # reads B's poles as a count (``policy.visit_pole_named_to``).
        VisitRegistration(visit_id=visit.id, pole_id=world.pole.id, status=VisitRegistrationStatus.INVITED),
        VisitFeedback(visit_id=visit.id, pole_id=unlisted.id, author_id=anim_u.id, rating=5,
                      text=f"Avis {s['visit feedback text']}"),
    ])
    # A visit hosted in region A: its CRA notes the presences, hence reads the names of the poles registered, of
    # any region (the listed pole of B); the unlisted pole of B, only waitlisted, stays a count even to it.
    visit_a = LearningVisit(title="Visite apprenante de Bretagne", host_pole_id=world.pole.id,
                            start_date=date.today() + timedelta(days=25), capacity=6, place="Rennes")
    session.add(visit_a)
    session.flush()
    session.add_all([
        VisitRegistration(visit_id=visit_a.id, pole_id=listed.id, status=VisitRegistrationStatus.REGISTERED,
                          responded_by_id=anim_l.id, requested_at=utcnow()),
        VisitRegistration(visit_id=visit_a.id, pole_id=unlisted.id, status=VisitRegistrationStatus.WAITLISTED,
                          responded_by_id=anim_u.id, requested_at=utcnow()),
        VisitFeedback(visit_id=visit_a.id, pole_id=listed.id, author_id=anim_l.id, rating=4,
                      text=f"Avis {s['visit feedback text (listed pole)']}"),
    ])
    proposal = VisitHostProposal(pole_id=unlisted.id, author_id=anim_u.id, visitors=8,
                                 what_to_see=f"A voir : {s['visit host proposal']}")
    session.add(proposal)

    start = utcnow() + timedelta(days=12)
    lawyer_user = world.users[Role.LAWYER]
    meeting = Meeting(kind=MeetingKind.LEGAL_SLOT, title="Creneau Juri-PTCE", starts_at=start,
                      ends_at=start + timedelta(minutes=45))
    meeting.participants += [MeetingParticipant(user=lawyer_user, role=ParticipantRole.HOST),
                             MeetingParticipant(user=anim_l)]
    session.add(meeting)
    session.flush()
    profile = lawyer_user_profile(session, lawyer_user)
    slot = LegalSlot(lawyer_profile_id=profile.id, session_id=meeting.id, starts_at=start)
    session.add(slot)
    session.flush()
    booking = Booking(slot_id=slot.id, booker_id=anim_l.id, pole_id=listed.id,
                      question=f"Question {s['Juri-PTCE question']}", question_key="cle-question-region-b",
                      status=BookingStatus.CONFIRMED, idempotency_key="cle-booking-region-b", confirmed_at=utcnow())
    collective = CollectiveSession(kind=CollectiveKind.REGIONAL_EVENT, title="Atelier du Rhone", capacity=10,
                                   audience=Audience.INVITED, online=False, place="Lyon", region_code=REGION_B,
                                   invited_poles=[listed, unlisted])
    collective.slots.append(Meeting(kind=MeetingKind.COLLECTIVE, title="Atelier du Rhone", starts_at=start,
                                    ends_at=start + timedelta(hours=2)))
    # The facilitator of region A registered too: a participant does not read who else takes part.
    collective.registrations += [CollectiveRegistration(user=anim_u, status=RegistrationStatus.REGISTERED),
                                 CollectiveRegistration(user=world.users[Role.FACILITATOR],
                                                        status=RegistrationStatus.REGISTERED)]
    session.add(collective)
    session.flush()
    claimant = make_user(Role.FACILITATOR, email="zqbclaimant@rhone.example")
    accompaniments = [
        Accompaniment(pole_id=pole.id, author_id=cra_b.id, kind=AccompanimentKind.FOLLOW_UP,
                      happened_on=date.today() - timedelta(days=3), notes=f"Notes {s['accompaniment note']}",
                      next_step=f"Suite {s['accompaniment next step']}")
        for pole in (listed, unlisted)]
    session.add_all([booking, *accompaniments,
                     *(PoleEligibility(pole_id=pole.id, charter_version=CharterVersion.V2021,
                                       charter_signed_on=date(2011, 11, 17), verified_by_id=cra_b.id)
                       for pole in (listed, unlisted)),
                     PoleClaim(pole_id=listed.id, claimant_id=claimant.id,
                               message=f"Je suis {s['pole claim message']}")])
    session.commit()
    region = RegionB(cra_a=cra_a, cra_b=cra_b, facilitator_b=anim_l, secrets=s, public=public)
    region.ids = {
        "pole_id": [listed.id, unlisted.id],
        "need_id": [need_l.id, need_u.id],
        "pairing_id": [accepted.id, requested.id, under_way.id, completed.id],
        "visit_id": [visit.id, visit_a.id],
        "proposal_id": [proposal.id],
        "booking_id": [booking.id],
        "slot_id": [slot.id, collective.slots[0].id],
        "session_id": [meeting.id, collective.slots[0].id, day.id],
        "profile_id": [person.id, world.person.id, pending.id, refused.id],
        "offer_id": [pending_offer.id, world.offer.id],  # the world's: its owner's forms (hostile crawl)
        "user_id": [anim_l.id, anim_u.id, person.user.id],
        "code": [REGION_B],
        "stage": [1],
        "collective_session_id": [collective.id],
        "lawyer_id": [profile.id],
        # The slot's afternoon where it is planned (Paris), not its UTC date: from 23 h UTC they differ.
        "day": [local_day(start, meeting.timezone).isoformat()],
        "key": list(CHARTS),
        "experience_sheet_id": [sheet.id],
    }
    region.query = "&".join([f"need_id={need_u.id}", f"resource_person_id={person.id}", f"pole_id={unlisted.id}",
                             f"hote={unlisted.id}", f"proposition={proposal.id}", f"pole={unlisted.id}",
                             "liens=tous"])
    return region


def lawyer_user_profile(session: Session, user: User) -> Any:
    """The lawyer's profile the ``world`` created with her account."""
    from sqlalchemy import select

    from models import LawyerProfile

    return session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))


def urls_with_region_b_ids(rule: Rule, world: Any, region: RegionB) -> list[str]:
    """The rule's addresses, each parameter tried with each of region B's ids (the crawler's value for the others)."""
    from tests.app.security.routes import PARAM_VALUES, default_value

    choices = []
    for name in sorted(rule.arguments):
        if name in region.ids:
            choices.append([(name, value) for value in region.ids[name]])
        else:
            converter = type(rule._converters[name]).__name__
            value = PARAM_VALUES[name](world) if name in PARAM_VALUES else default_value(world, name, converter)
            choices.append([(name, value)])
    return [rule.build(dict(combination), append_unknown=False)[1] for combination in itertools.product(*choices)]
