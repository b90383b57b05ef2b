"""The demo's proposals to host a learning visit, made and answered through the services the pages call
(``hosting.propose_hosting``, ``hosting.decline_proposal``): the organisers, the CRA and the poles are told as they
would be, and each step is dated on its day of the story (``DemoClock``), a working day.

- an Occitanie pole's proposal waits for an answer: Coorace, Avise and the CRA Occitanie read it, the CRA
  Auvergne-Rhône-Alpes does not;
- an Auvergne-Rhône-Alpes pole's proposal was declined by Coorace with a kind message.

Idempotent: nothing is added when the site already has proposals; a proposal whose pole, facilitator or organiser is
not in the data set loaded (a test loads a part of it) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.transactions import unit_of_work
from app.transfers.demo_clock import DemoClock
from app.visits.hosting import HostProposalData, decline_proposal, propose_hosting
from models import Pole, Role, User, VisitHostProposal

DECLINER = "coorace@demo.entrepairs.fr"


@dataclass(frozen=True)
class DemoProposal:
    pole: str
    themes: tuple[str, ...]
    what_to_see: str
    #: In words with no season: the months are counted from the day the demo is loaded.
    periods: str
    #: The possible months, counted from the month the demo is loaded (always to come).
    months_ahead: tuple[int, int]
    visitors: int
    #: Days from today (moved to the working day before) it was proposed, and answered (None: still open).
    proposed: int
    declined: int | None = None
    message: str = ""


PROPOSALS = (
    DemoProposal(
        pole="Pôle Territoire Solidaire du Lauragais", themes=("emplois_partages", "mutualisation", "alimentation"),
        what_to_see="Notre groupement d'employeurs\u00a0: huit structures membres partagent une comptable, un animateur "
                    "et une chargée de communication. Vous verrez comment nous répartissons le temps et les coûts, "
                    "et rencontrerez deux salariées partagées. La seconde journée, visite de la légumerie coopérative "
                    "de Castelnaudary, montée avec les producteurs du Lauragais.",
        periods="Hors vacances scolaires, de préférence un mardi et un mercredi", months_ahead=(2, 4), visitors=15,
        proposed=-1),
    DemoProposal(
        pole="Collectif Coopér'Acteurs du Livradois", themes=("ruralite", "mutualisation", "alimentation"),
        what_to_see="Nos tournées solidaires\u00a0: l'épicerie itinérante, portée par trois associations membres, passe "
                    "chaque semaine dans douze villages du Livradois. Vous verrez comment nous partageons le "
                    "véhicule, les tournées et les bénévoles entre structures.",
        periods="Un jour de tournée, le mardi ou le jeudi", months_ahead=(3, 5), visitors=8, proposed=-26, declined=-1,
        message="Merci pour cette belle proposition, et pour l'énergie qu'elle montre\u00a0! Le calendrier des "
                "visites de ce semestre est déjà complet. Nous aimerions en reparler avec vous dans quelques mois, quand "
                "votre collectif aura retrouvé du souffle pour son animation\u00a0: vos tournées solidaires "
                "intéresseront bien d'autres pôles ruraux."),
)


def _month(today: date, ahead: int) -> date:
    index = today.year * 12 + today.month - 1 + ahead
    return date(index // 12, index % 12 + 1, 1)


def load_demo_proposals(session: Session, *, today: datetime | None = None) -> int:
    """Make (and answer) the demo's proposals once, their days counted from ``today``'s day in Paris (now by default);
    returns how many were added."""
    if session.scalar(select(func.count(VisitHostProposal.id))):
        return 0
    clock = DemoClock(session, today)
    decliner = session.scalar(select(User).where(User.email == DECLINER))
    added = 0
    with unit_of_work(session):
        for story in PROPOSALS:
            pole = session.scalar(select(Pole).where(Pole.name == story.pole))
            author = pole and session.scalars(select(User).where(
                User.pole_id == pole.id, User.role == Role.FACILITATOR).order_by(User.id)).first()
            if author is None or (story.declined is not None and decliner is None):
                continue
            first, last = (_month(clock.today.date(), n) for n in story.months_ahead)
            with clock.on(clock.working_day(story.proposed), 10.5):
                proposal = propose_hosting(pole=pole, author=author, data=HostProposalData(
                    theme_codes=story.themes, what_to_see=story.what_to_see, periods=story.periods,
                    first_month=first, last_month=last, visitors=story.visitors))
            if story.declined is not None:
                with clock.on(clock.working_day(story.declined), 16):
                    decline_proposal(proposal_id=proposal.id, user=decliner, message=story.message)
            added += 1
        clock.read_older_notices()
    return added
