"""The demo's past learning visit, with who came: so the year's review (« Bilan ») and the host pole's visit page show
attendance noted, apart from the registrations.

A visit is created ahead of its days (``create_visit`` refuses a date past) and poles register before it begins; the
story of weeks ago is written as those services leave it — the visit, its two days as meetings (the scheduling
backbone), the registered poles and the participants of the days — then the presences are noted through the page's
service (``attendance.record_attendance``) by Coorace, which organises the visits, on the day after the visit.

The host is an Occitanie pole (the CRA Occitanie follows it; the CRA Auvergne-Rhône-Alpes does not), the visitors
three poles of other regions: two came (three people and two), the third did not. Idempotent: nothing is added when
the site already has a visit; left out when the poles or the organiser are not in the data set loaded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.scheduling.wall_clock import to_utc_naive
from app.eligibility.services import pole_is_eligible
from app.scheduling.meetings import create_meeting
from app.transactions import unit_of_work
from app.transfers.demo_clock import DemoClock
from app.visits import attendance
from app.visits.common import DAY_HOURS
from app.visits.creation import day_title
from app.visits.registrations import sync_participants
from models import (
    LearningVisit, MeetingKind, Pole, Role, User, VisitRegistration, VisitRegistrationStatus,
)

ORGANISER = "coorace@demo.entrepairs.fr"
HOST_REGION = "76"  # Occitanie
#: Days before the demo's today the visit began (moved to a working day), and the people of each visiting pole
#: who came (0: the pole registered and did not come).
DAYS_AGO = 40
PEOPLE = (3, 2, 0)
TITLE = "Mutualiser l'emploi entre structures d'un territoire"
THEME = ("Groupements d'employeurs, salariés partagés, mutualisation des fonctions supports entre les structures "
         "d'un pôle.")
PLACE = "Salle de la coopérative, sur le site du pôle"
PROGRAMME = ("Jour 1 : le groupement d'employeurs du pôle, rencontre avec deux salariées partagées. "
             "Jour 2 : atelier sur la répartition des temps et des coûts, retours des pôles visiteurs.")


def _with_facilitator(session: Session):  # noqa: ANN202 - a query
    facilitated = select(User.pole_id).where(User.role == Role.FACILITATOR, User.is_active.is_(True))
    return select(Pole).where(Pole.id.in_(facilitated), Pole.confirmed_at.is_not(None)).order_by(Pole.name)


def load_demo_visits(session: Session, *, today: datetime | None = None) -> int:
    """Write the demo's past visit and note who came, once; returns how many visits were added."""
    if session.scalar(select(func.count(LearningVisit.id))):
        return 0
    organiser = session.scalar(select(User).where(User.email == ORGANISER))
    hosts = list(session.scalars(_with_facilitator(session).where(Pole.region_code == HOST_REGION)))
    # Not the pole whose proposal to host a visit waits for an answer (``app/visits/demo.py``).
    host = next((p for p in hosts if "Lauragais" not in p.name), hosts[0] if hosts else None)
    if organiser is None or host is None:
        return 0
    visitors: list[Pole] = []
    others = list(session.scalars(_with_facilitator(session).where(Pole.region_code != HOST_REGION)))
    # Eligible poles first (a registered pole that is not is flagged on the visit's page), of three regions.
    for pole in sorted(others, key=lambda p: not pole_is_eligible(p)):
        if pole.region_code not in {p.region_code for p in visitors}:
            visitors.append(pole)
        if len(visitors) == len(PEOPLE):
            break
    if len(visitors) < len(PEOPLE):
        return 0
    clock = DemoClock(session, today)
    first = clock.working_day(-DAYS_AGO)
    start = (clock.today + timedelta(days=first)).date()
    with unit_of_work(session):
        with clock.on(first - 21, 11):
            zone = host.region.timezone
            visit = LearningVisit(title=TITLE, theme_text=THEME, host_pole=host, organiser=organiser, start_date=start,
                                  capacity=6, programme=PROGRAMME, place=PLACE,
                                  timezone=zone)
            session.add(visit)
            visit.day_one, visit.day_two = (
                create_meeting(kind=MeetingKind.VISIT_DAY, title=day_title(TITLE, n), description=PROGRAMME,
                               starts_at=to_utc_naive(start + timedelta(days=n - 1), hours[0], zone),
                               ends_at=to_utc_naive(start + timedelta(days=n - 1), hours[1], zone), timezone=zone,
                               location=visit.place)
                for n, hours in enumerate(DAY_HOURS, start=1))
            for pole in visitors:
                visit.registrations.append(VisitRegistration(
                    pole=pole, status=VisitRegistrationStatus.REGISTERED, requested_at=clock.at(first - 14, 15),
                    version=1))
            session.flush()
            sync_participants(visit, bump=False)
        with clock.on(first + 2, 9.5):
            by_pole = {r.pole_id: r for r in visit.registrations}
            attendance.record_attendance(visit=visit, organiser=organiser, marks=[
                attendance.PoleMark(registration_id=by_pole[pole.id].id, came=people > 0, people=people or None)
                for pole, people in zip(visitors, PEOPLE)])
    return 1
