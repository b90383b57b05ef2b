"""A believable calendar for the demo: past webinars with attendance and feedback (so the bilan
has figures), upcoming webinars, an EU-funds session, two regional events, the national day, and a small
workshop already full with two people waiting (so a new organiser sees what a waitlist looks like).

Idempotent: nothing is added when the demo already has collective sessions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.agenda.services import SessionDraft, SlotTimes, publish, register
from app.scheduling.wall_clock import day_of, to_utc_naive
from app.transfers.demo_clock import DemoClock
from app.demo_days import working_day
from app.scheduling.meetings import create_meeting, set_participants
from models import (
    Audience, CollectiveKind, CollectiveRegistration, CollectiveSession, ParticipantRole, RegistrationStatus,
    Role, MeetingKind, Theme, User, utcnow,
)

#: The full workshop: its seats all taken, then ``WAITING`` more people on its waitlist.
WORKSHOP_SEATS, WAITING = 4, 2


@dataclass(frozen=True)
class DemoSession:
    kind: CollectiveKind
    title: str
    description: str
    speakers: str
    themes: tuple[str, ...]
    #: Days from today (negative: already held) and local start hour in Paris.
    days: int
    hour: int
    hours: int = 2
    online: bool = True
    place: str = ""
    departement: str | None = None
    region: str | None = None
    capacity: int = 60


CALENDAR = (
    DemoSession(CollectiveKind.WEBINAR, "Modèles socio-économiques des PTCE",
                "Comment un pôle finance-t-il son animation dans la durée ? Retours de trois PTCE et grille "
                "d'analyse des modèles socio-économiques.", "France Active", ("modele_economique",), -75, 10),
    DemoSession(CollectiveKind.WEBINAR, "Scic et PTCE : quand le pôle devient coopérative",
                "Passer d'une association à une Scic : gouvernance multi-sociétariat, collectivités au capital, "
                "étapes et pièges.", "CGScop", ("statuts_cooperatifs", "gouvernance_cooperative"), -40, 14),
    DemoSession(CollectiveKind.REGIONAL_EVENT, "Rencontre inter-PTCE d'Occitanie",
                "Une journée pour se connaître entre pôles de la région, partager les projets en cours et "
                "préparer les candidatures communes.", "CRESS Occitanie", ("animation_cooperation",), -20, 9,
                hours=7, online=False, place="Toulouse, Maison de l'ESS", departement="31", region="76"),
    DemoSession(CollectiveKind.WEBINAR, "Mutualiser des emplois entre structures du pôle",
                "Groupements d'employeurs, mises à disposition, emplois partagés : ce qui marche dans les PTCE.",
                "Coorace", ("emplois_partages", "mutualisation"), 12, 10),
    DemoSession(CollectiveKind.EU_FUNDS, "Fonds européens : LEADER, FEDER et FSE+ pour les PTCE",
                "Repérer les appels à projets, monter un dossier, tenir la trésorerie en attendant les paiements.",
                "Avise", ("financements_europeens",), 19, 14),
    DemoSession(CollectiveKind.REGIONAL_EVENT, "Rencontre des PTCE d'Auvergne-Rhône-Alpes",
                "Matinée d'échanges entre pôles : coopération avec les collectivités et foncier.",
                "CRESS Auvergne-Rhône-Alpes", ("collectivites",), 33, 9, hours=4, online=False,
                place="Lyon, Hôtel de Région", departement="69", region="84"),
    DemoSession(CollectiveKind.NATIONAL_DAY, "Journée nationale des PTCE",
                "La journée du réseau : valoriser le modèle PTCE, se rencontrer entre pôles, faire mouvement.",
                "Avise, Coorace, RTES, Labo de l'ESS", ("animation_cooperation", "communication"), 61, 9,
                hours=8, online=False, place="Paris, Cité internationale universitaire", departement="75",
                capacity=300),
)


def _utc(day: datetime, hour: int) -> datetime:
    return to_utc_naive(day.date(), time(hour), "Europe/Paris")


def load_demo_calendar(session: Session, *, organiser: User, today: datetime | None = None) -> int:
    """Add the demo calendar once, its days counted from the day of ``today`` (naive UTC; now by default) in Paris
    and moved off the weekend; returns how many sessions were added."""
    if session.scalar(select(func.count(CollectiveSession.id))):
        return 0
    facilitators = list(session.scalars(select(User).where(User.role == Role.FACILITATOR, User.pole_id.is_not(None))
                                        .options(selectinload(User.pole)).order_by(User.id)))
    rng = random.Random(2026)
    today = datetime.combine(day_of(today or utcnow()), time())  # the day in Paris: at 23 h 30 UTC, tomorrow
    added = 0
    for spec in CALENDAR:
        starts = _utc(today + timedelta(days=working_day(today.date(), spec.days)), spec.hour)
        # A regional event is for the poles of its region, as the CRA who organise them intend.
        regional = spec.kind is CollectiveKind.REGIONAL_EVENT and spec.region is not None
        people = [p for p in facilitators if p.pole.region_code == spec.region] if regional else facilitators
        collective = CollectiveSession(
            kind=spec.kind, title=spec.title, description=spec.description, speakers=spec.speakers,
            online=spec.online, video_url="https://visio.exemple.org/ptce" if spec.online else None,
            place=spec.place, departement_code=spec.departement, region_code=spec.region, capacity=spec.capacity,
            audience=Audience.REGION if regional else Audience.ALL,
            audience_region_code=spec.region if regional else None, organiser=organiser,
            themes=list(session.scalars(select(Theme).where(Theme.code.in_(spec.themes)))),
        )
        session.add(collective)
        session.flush()
        slot = create_meeting(kind=MeetingKind.COLLECTIVE, title=spec.title, starts_at=starts,
                              ends_at=starts + timedelta(hours=spec.hours), description=spec.description,
                              location=spec.place or None, collective_session=collective)
        if spec.days < 0 and people:
            attendees = rng.sample(people, min(len(people), rng.randint(6, 12)))
            for person in attendees:
                came = rng.random() < 0.8
                session.add(CollectiveRegistration(
                    collective_session=collective, user=person, pole_id=person.pole_id,
                    status=RegistrationStatus.REGISTERED, attended=came, requested_at=starts - timedelta(days=7),
                    usefulness=rng.choice((3, 4, 4, 5)) if came else None,
                    will_reuse="La grille présentée et les contacts des intervenant·es." if came else "",
                    feedback_at=starts + timedelta(days=1) if came else None,
                ))
            session.flush()
            set_participants(meeting=slot, wanted={p.id: ParticipantRole.PARTICIPANT for p in attendees})
        added += 1
    return added + _full_workshop(session, organiser, facilitators, today)


def _full_workshop(session: Session, organiser: User, facilitators: list[User], today: datetime) -> int:
    """A small workshop, published and filled through the agenda's services as the pages would (each registrant
    told, the last ones put on the waitlist by the seat rule, not written as rows): 1 when added.

    The first facilitators are left out: the demo's printed login (the first) can join the waitlist herself."""
    people = facilitators[2:2 + WORKSHOP_SEATS + WAITING]
    starts = _utc(today + timedelta(days=working_day(today.date(), 9)), 14)
    if len(people) < WORKSHOP_SEATS + WAITING or starts <= utcnow():
        return 0
    description = ("Un atelier en petit groupe pour préparer un comité de pilotage qui décide : ordre du jour, "
                   "rôle des partenaires, suites données.")
    clock = DemoClock(session, today)
    with clock.on(-3, 9.5) as when:  # published and filled three days ago: its mails are of the story, none leaves
        workshop = publish(organiser=organiser, draft=SessionDraft(
            kind=CollectiveKind.WEBINAR, title="Atelier : animer un comité de pilotage de PTCE", description=description,
            theme_codes=("animation_cooperation", "gouvernance_cooperative"), speakers="Coorace", online=True,
            video_url="https://visio.exemple.org/ptce-atelier", place="", departement_code=None,
            slots=(SlotTimes(starts, starts + timedelta(hours=2)),), timezone="Europe/Paris", capacity=WORKSHOP_SEATS,
            registration_deadline=None, audience=Audience.ALL))
        registrations = [register(session_id=workshop.id, user=person) for person in people]
    for minutes, registration in enumerate(registrations):  # the story's day, in the order they came
        registration.requested_at = when + timedelta(minutes=minutes)
    session.flush()
    return 1
