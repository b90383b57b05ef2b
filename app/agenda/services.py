"""Collective sessions: publish, register and unregister (seats and waitlist), attendance (feedback: ``feedback``).

Built on the scheduling backbone: each time slot is a meeting (``app.scheduling.meetings``) whose
participants are the registered people, so reminders, calendars and feeds follow by themselves;
seats follow ``app.scheduling.seats`` under the session's row lock (``app.locks``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import app.agenda.privacy_hooks  # noqa: F401 - registers the personal data hooks
from app.access import policy
from app.agenda.audience import refusal_for, region_problem, session_region
from app.edit_stamps import Editable, check_and_stamp
from app.extensions import db
from app.idempotency import insert_once, made_by
from app.locks import ACCOUNT_DEACTIVATED, lock_active_account, lock_row
from app.agenda.attendance_sheet import decided, is_over, with_people
from app.agenda.mails import take_back_thanks, tell_registrant, tell_replay
from app.agenda import rules
from app.agenda.rules import (
    AgendaRefused, capacity_problem, deadline_problem, seat_given_meanwhile, text_problems, venue_problems)
from app.refused import Problem
from app.scheduling.horizon import TOO_FAR, too_far
from app.scheduling.meetings import attendance_open, create_meeting, meeting_title, set_participants
from app.scheduling.seats import Seat, promoted_from_waitlist, seat_for_newcomer
from app.scheduling.thanks import thanks_due_at
from app.transactions import transactional
from models import (
    Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, Maturity, ParticipantRole, Pole,
    RegistrationStatus, MeetingKind, MeetingStatus, Theme, User, utcnow,
)


#: The kinds an organiser publishes in the agenda. A learning visit (two days at a host pole, a cohort of poles
#: of several regions invited around a shared theme) has its own journey, ``app/visits`` (« Visites
#: apprenantes »): published here, it would miss its host, its cohort and its two days. ``LEARNING_VISIT`` stays
#: in ``CollectiveKind`` (and in the stored enum) so that the sessions published with it before still read.
PUBLISHABLE_KINDS: tuple[CollectiveKind, ...] = tuple(
    kind for kind in CollectiveKind if kind is not CollectiveKind.LEARNING_VISIT)
#: Said to whoever publishes a learning visit as a session (the form no longer offers it).
NOT_A_SESSION = ("Une visite apprenante ne se publie pas comme session collective : elle s'organise depuis "
                 "« Visites apprenantes », avec son pôle hôte et les pôles invités.")
#: Said to a regional cell (CRA) that publishes the national day: it read « Journée nationale des PTCE · Occitanie ».
NATIONAL_DAY_IS_NATIONAL = ("La Journée nationale des PTCE est publiée par l'équipe nationale : pour les pôles de "
                            "votre région, publiez une « Rencontre régionale inter-PTCE ».")


@dataclass(frozen=True)
class SlotTimes:
    """One time slot, UTC naive."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SessionDraft:
    """What an organiser publishes (times already in UTC)."""

    kind: CollectiveKind
    title: str
    description: str
    theme_codes: Sequence[str]
    speakers: str
    online: bool
    video_url: str | None
    place: str
    departement_code: str | None
    slots: Sequence[SlotTimes]
    timezone: str
    capacity: int
    registration_deadline: datetime | None
    audience: Audience
    audience_region_code: str | None = None
    audience_maturity: Maturity | None = None
    invited_pole_ids: Sequence[int] = ()
    #: The region the national team publishes it for (a regional event for one region's poles); None: national.
    #: A CRA's session is its region's whatever this says (``audience.session_region``).
    region_code: str | None = None


def draft_problems(draft: SessionDraft, organiser: User | None, now: datetime | None = None) -> list[Problem]:
    """Every rule a session to publish breaks, each naming the draft's field (``slots.<i>.starts_at`` for
    its i-th slot): the form shows them all at once, ``publish`` refuses with them all."""
    now = now or utcnow()
    problems = [] if draft.kind in PUBLISHABLE_KINDS else [Problem(NOT_A_SESSION, "kind")]
    problems += text_problems(draft)
    problems += [*_slot_problems(draft.slots, now), *_venue_problems(draft), *_audience_problems(draft, organiser)]
    if seats := capacity_problem(draft.capacity):
        problems.append(seats)
    first = min((slot.starts_at for slot in draft.slots), default=None)
    if late := deadline_problem(draft.registration_deadline, first):
        problems.append(late)
    return problems


def _slot_problems(slots: Sequence[SlotTimes], now: datetime) -> list[Problem]:
    if not slots:
        return [Problem("Indiquez au moins un créneau.", "slots")]
    problems = []
    for index, slot in enumerate(slots):
        if slot.starts_at <= now:
            problems.append(Problem("La date et l'heure doivent être à venir.", f"slots.{index}.starts_at"))
        elif too_far(slot.starts_at, now):
            problems.append(Problem(TOO_FAR, f"slots.{index}.starts_at"))
        if slot.ends_at <= slot.starts_at:
            problems.append(Problem("La fin doit suivre le début.", f"slots.{index}.ends_at"))
    return problems


def _venue_problems(draft: SessionDraft) -> list[Problem]:
    return venue_problems(online=draft.online, video_url=draft.video_url, place=draft.place)


def _audience_problems(draft: SessionDraft, organiser: User | None) -> list[Problem]:
    if draft.audience is Audience.REGION and not draft.audience_region_code:
        return [Problem("Choisissez la région des pôles invités.", "audience_region_code")]
    if draft.audience is Audience.MATURITY and draft.audience_maturity is None:
        return [Problem("Choisissez le niveau de maturité des pôles invités.", "audience_maturity")]
    if draft.audience is Audience.INVITED and not draft.invited_pole_ids:
        return [Problem("Choisissez les pôles invités.", "invited_pole_ids")]
    region = policy.organiser_region(organiser)
    if region is None and (chosen := region_problem(draft.kind, draft.region_code)):
        return [chosen]
    if region is not None and draft.kind is CollectiveKind.NATIONAL_DAY:
        return [Problem(NATIONAL_DAY_IS_NATIONAL, "kind")]
    if region is not None and draft.audience is Audience.REGION and draft.audience_region_code != region:
        return [Problem("Une cellule régionale publie pour les pôles de sa région.", "audience_region_code")]
    return []


def _published_with(key: str | None, organiser: User) -> CollectiveSession | None:
    """The session this form already published, if any (another organiser's form is refused)."""
    return made_by(CollectiveSession, key, organiser, refused=AgendaRefused)


@transactional
def publish(*, organiser: User, draft: SessionDraft, idempotency_key: str | None = None) -> CollectiveSession:
    """Publish a collective session with its slots; a CRA's session belongs to its region. The same
    ``idempotency_key`` sent again (double click, or Back then « Publier ») gives the session it published."""
    if (done := _published_with(idempotency_key, organiser)) is not None:
        return done
    problems = draft_problems(draft, organiser)
    if problems:
        raise AgendaRefused.of(problems)
    session = CollectiveSession(
        kind=draft.kind, title=draft.title.strip(), description=draft.description.strip(),
        speakers=draft.speakers.strip(), online=draft.online, video_url=draft.video_url or None,
        place=draft.place.strip(), departement_code=draft.departement_code or None,
        region_code=session_region(organiser, draft.region_code), timezone=draft.timezone, capacity=draft.capacity,
        registration_deadline=draft.registration_deadline, audience=draft.audience,
        audience_region_code=draft.audience_region_code if draft.audience is Audience.REGION else None,
        audience_maturity=draft.audience_maturity if draft.audience is Audience.MATURITY else None,
        organiser=organiser, idempotency_key=idempotency_key or None,
    )
    session.themes = list(db.session.scalars(select(Theme).where(Theme.code.in_(list(draft.theme_codes)))))
    if draft.audience is Audience.INVITED:
        session.invited_poles = list(db.session.scalars(select(Pole).where(Pole.id.in_(list(draft.invited_pole_ids)))))
    if insert_once(session) is not None:  # the same form, sent at the same time, won the race
        return _published_with(idempotency_key, organiser)
    for number, slot in enumerate(sorted(draft.slots, key=lambda s: s.starts_at), start=1):
        suffix = f" (créneau {number})" if len(draft.slots) > 1 else ""
        create_meeting(kind=MeetingKind.COLLECTIVE, title=meeting_title(session.title, tail=suffix),
                       starts_at=slot.starts_at, ends_at=slot.ends_at, timezone=draft.timezone, description=session.description,
                       location=None if draft.online else session.place, collective_session=session)
    return session


# ---------------------------------------------------------------- registrations


def registered_count(session_id: int) -> int:
    return db.session.scalar(select(func.count(CollectiveRegistration.id)).where(
        CollectiveRegistration.collective_session_id == session_id,
        CollectiveRegistration.status == RegistrationStatus.REGISTERED,
        CollectiveRegistration.walk_in.is_(False))) or 0


def registrations_closed(session: CollectiveSession, now: datetime | None = None) -> bool:
    now = now or utcnow()
    closes = session.registration_deadline or session.starts_at
    return session.cancelled_at is not None or closes is None or now >= closes


def locked_session(session_id: int) -> CollectiveSession:
    session = lock_row(db.session, CollectiveSession, session_id)
    if session is None:
        raise AgendaRefused("Cette session n'existe pas.")
    return session


def own_registration(session: CollectiveSession, user: User) -> CollectiveRegistration | None:
    """``user``'s registration to ``session`` as the database holds it now (the services decide on it)."""
    return db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id, CollectiveRegistration.user_id == user.id)
        .execution_options(populate_existing=True)).one_or_none()


def sync_participants(session: CollectiveSession) -> None:
    """Registered people are the participants of every slot still planned (the organiser hosts); a slot cancelled
    on its own keeps those it had when it was (their calendars hold it cancelled), and takes no one new."""
    wanted = {user_id: ParticipantRole.PARTICIPANT for user_id in db.session.scalars(
        select(CollectiveRegistration.user_id).where(
            CollectiveRegistration.collective_session_id == session.id,
            CollectiveRegistration.status == RegistrationStatus.REGISTERED,
            CollectiveRegistration.user_id.is_not(None)))}
    for slot in session.slots:
        if slot.status is not MeetingStatus.CANCELLED:
            set_participants(meeting=slot, wanted=wanted)


@transactional
def register(*, session_id: int, user: User) -> CollectiveRegistration:
    """A seat if one is left, else the waitlist; twice changes nothing; an account deactivated meanwhile, nothing."""
    if not lock_active_account(db.session, user.id):
        raise AgendaRefused(ACCOUNT_DEACTIVATED)
    session = locked_session(session_id)
    if registrations_closed(session):
        raise AgendaRefused("Les inscriptions à cette session sont closes.")
    refusal = refusal_for(session, user)
    if refusal:
        raise AgendaRefused(refusal)
    registration = own_registration(session, user)
    if registration is not None and registration.status is not RegistrationStatus.CANCELLED:
        return registration
    seat = seat_for_newcomer(taken=registered_count(session.id), capacity=session.capacity)
    status = RegistrationStatus.REGISTERED if seat is Seat.GIVEN else RegistrationStatus.WAITLISTED
    if registration is None:
        registration = CollectiveRegistration(collective_session=session, user=user, pole_id=user.pole_id)
        db.session.add(registration)
    registration.status, registration.requested_at, registration.cancelled_by_organiser = status, utcnow(), False
    registration.version = (registration.version or 0) + 1
    db.session.flush()
    sync_participants(session)
    tell_registrant(session, registration, "registered" if seat is Seat.GIVEN else "waitlisted")
    return registration


#: « Se désinscrire » on a session cancelled since the page was opened: nothing is left, nobody is promoted.
CANCELLED_NOTHING_TO_LEAVE = ("Cette session a été annulée par l'équipe qui l'organise\u00a0: il n'y a plus "
                              "d'inscription à retirer, et personne ne prend de place.")


def leave(*, session_id: int, user: User, seen: RegistrationStatus | None = None) -> CollectiveRegistration | None:
    """Leave the session (or its waitlist) as ``seen`` on the page (``seat_given_meanwhile``); a freed seat goes to the
    first person waiting, who is told. Returns the promoted registration, if any. In the caller's transaction."""
    session = locked_session(session_id)
    registration = own_registration(session, user)
    if registration is None or registration.status is RegistrationStatus.CANCELLED:
        return None
    if (changed := seat_given_meanwhile(seen, registration.status)) is not None:
        raise AgendaRefused(changed)
    if session.cancelled_at is not None:  # a page opened before: the seats stay as they were when it was cancelled
        raise AgendaRefused(CANCELLED_NOTHING_TO_LEAVE)
    if has_started(session):
        raise AgendaRefused("La session a commencé : la désinscription n'est plus possible.")
    return give_back(session, registration)


def give_back(session: CollectiveSession, registration: CollectiveRegistration, *, event: str = "unregistered",
              **context: object) -> CollectiveRegistration | None:
    """The place given back (``leave``, or the organisers for the person: ``organiser_cancel``), under the session's
    lock: told by ``event`` (with its .ics CANCEL when it was a seat), the seat to the first person waiting."""
    was_registered = registration.status is RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.version += 1
    db.session.flush()
    tell_registrant(session, registration, event, cancelled=was_registered, **context)
    promoted = fill_free_seats(session) if was_registered else []
    sync_participants(session)
    return promoted[-1] if promoted else None


unregister = transactional(leave)


def fill_free_seats(session: CollectiveSession) -> list[CollectiveRegistration]:
    """The first people waiting, in the order they asked, take the seats now free (``seats.promoted_from_waitlist``);
    each is told. The one promotion of the agenda: a seat freed by someone leaving, seats added by a higher
    capacity. The caller holds the session's lock and syncs the slots' participants afterwards."""
    waiting = list(db.session.scalars(select(CollectiveRegistration).where(
        CollectiveRegistration.collective_session_id == session.id,
        CollectiveRegistration.status == RegistrationStatus.WAITLISTED)
        .order_by(CollectiveRegistration.requested_at, CollectiveRegistration.id)
        .options(selectinload(CollectiveRegistration.user).selectinload(User.pole))  # told below: not one by one
        .execution_options(populate_existing=True)))
    promoted = promoted_from_waitlist(waiting, taken=registered_count(session.id), capacity=session.capacity)
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.version += 1
        db.session.flush()
        tell_registrant(session, registration, "promoted")
    return promoted


# ---------------------------------------------------------------- after the session


#: What the materials form of a session's page shows: every organiser who runs the session may set it.
MATERIALS_EDIT = Editable("collective_materials", "Le lien des supports a été modifié", {
    "materials_url": ("Lien du replay ou des supports", lambda session: session.materials_url),
})
#: The attendance sheet's stamp: its saves take turns on it and are counted, never refused — two or three phones
#: tick arrivals at once, and each save records only what that phone changed (``attendance_sheet.decided``).
ATTENDANCE_EDIT = Editable("collective_attendance", "La liste des présences a été modifiée", {})


def has_started(session: CollectiveSession) -> bool:
    """A slot has begun: presences may be noted (``scheduling.attendance_open``, the rule a learning visit's presences
    follow too), nobody unregisters any more."""
    return attendance_open(session.slots)


def poles_with_a_place(session: CollectiveSession,
                       registrations: Sequence[CollectiveRegistration] | None = None) -> set[int]:
    """Poles already on the attendance sheet: registered (their people are marked present or absent) or noted
    as walk-ins. None of them can be added as a walk-in: it would count the same pole twice. ``registrations``:
    the session's, when the caller has read them already (the sheet: hundreds, not to be loaded twice)."""
    return {r.pole_id for r in (session.registrations if registrations is None else registrations)
            if r.pole_id is not None and (r.walk_in or r.status is RegistrationStatus.REGISTERED)}


@transactional
def record_attendance(*, session: CollectiveSession, organiser: User, attended_ids: set[int],
                      walk_in_pole_ids: Sequence[int] = (), removed_walk_in_ids: Collection[int] = (),
                      among: Collection[int] | None = None, shown_present: Collection[int] | None = None) -> int:
    """Mark who attended (registration ids), add walk-ins by pole and take away those noted by mistake
    (``removed_walk_in_ids``, registration ids); attendees are asked for feedback, by a mail due when the session
    ends. While it goes on, those not ticked stay not noted (``attendance_sheet.noted``); once over, absent.
    ``among``: the registrations the sheet showed (a search), the others keep what was noted. ``shown_present``: the
    boxes ticked when the sheet was drawn; a box left as it was keeps what another phone noted meanwhile (None:
    every box decides, as on a sheet nobody else is editing).

    Returns how many people or poles were present.
    """
    rules.check_runs(session, organiser)
    if not has_started(session):
        raise AgendaRefused("La présence se note une fois la session commencée.")
    check_and_stamp(ATTENDANCE_EDIT, session, opened=None, by=organiser)  # the saves take turns; none is refused
    present, thanked, over = 0, [], is_over(session)
    for registration in with_people(session):
        if registration.walk_in:
            if registration.id in removed_walk_in_ids:
                session.registrations.remove(registration)
                db.session.delete(registration)
                continue
            present += 1
            continue
        if registration.status is not RegistrationStatus.REGISTERED:
            continue
        if among is not None and registration.id not in among:  # left out by a search: as noted
            present += bool(registration.attended)
            continue
        was = registration.attended
        registration.attended = decided(was, ticked=registration.id in attended_ids, over=over, shown_ticked=None
                                        if shown_present is None else registration.id in shown_present)
        present += bool(registration.attended)
        if registration.attended and not was:
            thanked.append(registration)
        elif was and not registration.attended:  # ticked by mistake: their thanks, if not gone yet, with it
            take_back_thanks(session, registration)
    counted = poles_with_a_place(session)
    for pole_id in dict.fromkeys(walk_in_pole_ids):
        if pole_id in counted or db.session.get(Pole, pole_id) is None:
            continue
        session.registrations.append(CollectiveRegistration(
            pole_id=pole_id, walk_in=True, attended=True, status=RegistrationStatus.REGISTERED))
        present += 1
    for registration in thanked:
        tell_registrant(session, registration, "thanks", due_at=thanks_due_at(session.slots))
    db.session.flush()
    return present


@transactional
def set_materials(*, session: CollectiveSession, organiser: User, url: str | None, opened: str | None = None) -> int:
    """The replay or materials link, shown to registered people. ``EditConflict`` when the link changed since
    the form was opened (``opened``, its hidden field; nothing written). Returns how many people noted present were
    told of a first link (``mails.tell_replay``)."""
    rules.check_runs(session, organiser)
    if session.cancelled_at is not None:  # its people are no longer registered: nobody would read the link
        raise AgendaRefused("Cette session est annulée : elle n'a ni replay ni supports à partager.")
    check_and_stamp(MATERIALS_EDIT, session, opened=opened, by=organiser)
    first_link = session.materials_url is None and bool(url)
    session.materials_url = url or None
    # Those already thanked read no link in their thanks (written when they were noted present): told once now.
    return tell_replay(session) if first_link else 0

