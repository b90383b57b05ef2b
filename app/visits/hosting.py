"""A pole proposes to host a learning visit; the national organisers turn it into a visit or decline it.

Visits gather poles of several regions, so only national organisers create them (``app.visits.creation``). A pole
that can show something to others says so here: one to three themes of the network's vocabulary, what visitors
would see and learn, possible periods, how many visiting people it can receive. Coorace and Avise (``policy.VISIT_ORGANISATIONS``)
and the CRA of the pole's region are told under their bell; they read the open proposals (a CRA its region's only,
``scopes.host_proposal_seen_by``); a national organiser creates the visit from one (the creation form prefilled) or
declines it with a message to the pole, whose facilitators read where each proposal stands on the pole's page; the
CRA of the pole's region hear of that answer under their bell too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.access import policy
from app.access.scopes import host_proposal_seen_by
from app.extensions import db
from app.idempotency import insert_once, made_for
from app.poles.facilitators import active_facilitators
from app.locks import lock_row
from app.notifications.inbox import notify
from app.refused import Problem, Refused
from app.text_rules import text_problem
from app.transactions import transactional
from app.typography import elide, of_pole
from app.visits.common import today
from app.visits.creation import create_visit, visit_made_with
from charts import month_label
from models import (
    HostProposalStatus, LearningVisit, Organisation, Pole, Role, Theme, User, VisitHostProposal, utcnow,
)

#: Longest texts of a proposal and of a refusal's message (the form says them; longer is refused, never cut).
WHAT_TO_SEE_MAX, PERIODS_MAX, MESSAGE_MAX = 3000, 300, 2000
WHAT_TO_SEE_MIN = 30
MAX_VISITORS = 200
MAX_THEMES = 3


class HostProposalRefused(Refused):
    """A proposal to host a visit (or a decision on one) the rules refuse."""


@dataclass(frozen=True)
class HostProposalData:
    theme_codes: Sequence[str]
    what_to_see: str
    periods: str = ""
    first_month: date | None = None
    last_month: date | None = None
    visitors: int | None = None


def proposal_problems(data: HostProposalData, *, on: date | None = None) -> list[Problem]:
    """Every rule a proposal breaks, each named by the form's field (asked on every submit, and again on saving)."""
    this_month = (on or today()).replace(day=1)
    problems = []
    if not data.theme_codes:
        problems.append(Problem("Choisissez au moins un thème.", "themes"))
    elif len(set(data.theme_codes)) > MAX_THEMES:
        problems.append(Problem(f"Choisissez {MAX_THEMES} thèmes au plus.", "themes"))
    if (problem := text_problem(data.what_to_see, most=WHAT_TO_SEE_MAX, required=True, multiline=True)) is not None:
        problems.append(Problem(problem, "what_to_see"))
    elif len(data.what_to_see.strip()) < WHAT_TO_SEE_MIN:
        problems.append(Problem(f"Décrivez en {WHAT_TO_SEE_MIN} caractères au moins ce que les pôles visiteurs "
                                "verraient et apprendraient.", "what_to_see"))
    if (problem := text_problem(data.periods, most=PERIODS_MAX)) is not None:
        problems.append(Problem(problem, "periods"))
    elif not data.periods.strip() and data.first_month is None:
        problems.append(Problem("Indiquez les périodes possibles, en quelques mots ou par un premier mois.",
                                "periods"))
    if data.first_month is not None and data.first_month < this_month:
        problems.append(Problem("Le premier mois possible est déjà passé.", "first_month"))
    if data.last_month is not None and data.first_month is None:
        problems.append(Problem("Indiquez aussi le premier mois possible.", "first_month"))
    elif data.last_month is not None and data.last_month < data.first_month:
        problems.append(Problem("Le dernier mois possible doit suivre le premier.", "last_month"))
    if data.visitors is None or not 1 <= data.visitors <= MAX_VISITORS:
        problems.append(Problem(f"Indiquez un nombre de personnes entre 1 et {MAX_VISITORS}.", "visitors"))
    return problems


def months_in_words(proposal: VisitHostProposal) -> str:
    """« de mars à mai 2027 », « de décembre 2026 à février 2027 », « en avril 2027 », « à partir d'avril 2027 », or
    nothing (« de » elided before a vowel: « d'octobre »)."""
    first, last = proposal.first_month, proposal.last_month
    if first is None:
        return ""
    first_words = month_label(f"{first:%Y-%m}")
    if last is None:
        return f"à partir {elide('de', first_words)}"
    if last == first:
        return f"en {first_words}"
    if last.year == first.year:
        first_words = first_words.rsplit(" ", 1)[0]  # the year said once, at the end
    return f"{elide('de', first_words)} à {month_label(f'{last:%Y-%m}')}"


def told_of_proposal(pole: Pole) -> list[User]:
    """Who hears of a pole's proposal: the organisers of Coorace and Avise, and those of its region's CRA."""
    return list(db.session.scalars(
        select(User).join(Organisation, User.organisation_id == Organisation.id)
        .where(User.role == Role.ORGANISER, User.is_active.is_(True),
               or_(Organisation.kind.in_(policy.VISIT_ORGANISATIONS),
                   User.region_code == pole.region_code))
        .order_by(User.id)))


def _regional_organisers(pole: Pole) -> list[User]:
    """The CRA of the pole's region: the organisers who follow that region only (they read, the nation decides)."""
    return list(db.session.scalars(select(User).where(
        User.role == Role.ORGANISER, User.is_active.is_(True), User.region_code == pole.region_code)
        .order_by(User.id)))


def _tell_region_of_answer(proposal: VisitHostProposal) -> None:
    """The CRA of the pole's region hear of the national team's answer under their bell (and its mail, as every
    notice), the link leading to the proposal on their proposals page."""
    answer = "devenue une visite" if proposal.status is HostProposalStatus.CONVERTED else "déclinée"
    text = f"Proposition d'accueil {of_pole(proposal.pole.name)}\u00a0: {answer} par l'équipe nationale"
    for user in _regional_organisers(proposal.pole):
        notify(user=user, category="visit", text=text, url=f"/organisation/visites/propositions#proposition-"
               f"{proposal.id}", key=f"host-proposal:{proposal.id}:{proposal.status.value}:region:user:{user.id}",
               subject=text, template="visits/mail_host_proposal_answered.txt", proposal=proposal,
               months=months_in_words(proposal))


def _proposal_made_with(key: str | None, author: User) -> VisitHostProposal | None:
    """The proposal the form of this key already made, if any; another person's form is refused."""
    return made_for(VisitHostProposal, key, HostProposalRefused, author_id=author.id)


#: Said to the facilitator of a pole not confirmed yet, before the form (not after it was filled in).
NOT_CONFIRMED_YET = ("Votre pôle doit d'abord être confirmé par l'équipe d'animation : sa fiche attend leur "
                     "vérification. Vous pourrez ensuite proposer qu'il accueille une visite.")


def hosting_refusal(author: User, pole: Pole) -> str | None:
    """Why ``author`` may not propose that ``pole`` hosts a visit (None: she may): asked before the form is shown,
    and again when it is sent."""
    if not policy.may_propose_hosting(author, pole.id):
        return "Seul·es les animateur·rices du pôle peuvent proposer qu'il accueille une visite."
    if not pole.is_confirmed:
        return NOT_CONFIRMED_YET
    return None


@transactional
def propose_hosting(*, pole: Pole, author: User, data: HostProposalData,
                    idempotency_key: str | None = None) -> VisitHostProposal:
    """Record ``pole``'s proposal (its facilitators only) and tell the organisers who may act on it. The same form
    (``idempotency_key``) sent again — a double click, Back then send, two at once — gives the proposal it made."""
    if (made := _proposal_made_with(idempotency_key, author)) is not None:
        return made
    if (refusal := hosting_refusal(author, pole)) is not None:
        raise HostProposalRefused(refusal)
    if problems := proposal_problems(data):
        raise HostProposalRefused.of(problems)
    themes = list(db.session.scalars(select(Theme).where(Theme.code.in_(set(data.theme_codes)))))
    if len(themes) != len(set(data.theme_codes)):
        raise HostProposalRefused.of([Problem("Choisissez des thèmes de la liste.", "themes")])
    proposal = VisitHostProposal(
        pole=pole, author=author, themes=themes, what_to_see=data.what_to_see.strip().replace("\r\n", "\n"),
        periods=data.periods.strip(), first_month=data.first_month, last_month=data.last_month,
        visitors=data.visitors, status=HostProposalStatus.OPEN, idempotency_key=idempotency_key or None)
    if insert_once(proposal) is not None:  # the same form, sent at the same time, won the race on the key
        return _proposal_made_with(idempotency_key, author)
    subject = f"Proposition d'accueil d'une visite apprenante\u00a0: {pole.name}"[:300]
    for user in told_of_proposal(pole):
        notify(user=user, category="visit", text=subject, url=f"/organisation/visites/propositions#proposition-"
               f"{proposal.id}", key=f"host-proposal:{proposal.id}:new:user:{user.id}", subject=subject,
               template="visits/mail_host_proposal.txt", proposal=proposal, months=months_in_words(proposal))
    return proposal


def _locked_open(proposal_id: int, user: User) -> VisitHostProposal:
    """The proposal under its row lock (a decline and a conversion at once: one wins, the other is told)."""
    if not policy.may_decide_host_proposal(user):
        raise HostProposalRefused("Seule l'équipe nationale organise les visites apprenantes.")
    proposal = lock_row(db.session, VisitHostProposal, proposal_id)
    if proposal is None:
        raise HostProposalRefused("Cette proposition n'existe plus.")
    if not proposal.is_open:
        raise HostProposalRefused(f"Cette proposition a déjà reçu une réponse\u00a0: {proposal.status.label.lower()}.")
    return proposal


@transactional
def decline_proposal(*, proposal_id: int, user: User, message: str) -> VisitHostProposal:
    """Decline with a message to the pole, whose facilitators are told under their bell."""
    if (problem := text_problem(message, most=MESSAGE_MAX, required=True, multiline=True)) is not None:
        raise HostProposalRefused.of([Problem(problem, "message")])
    proposal = _locked_open(proposal_id, user)
    proposal.status = HostProposalStatus.DECLINED
    proposal.decision_message = message.strip().replace("\r\n", "\n")
    proposal.decided_by, proposal.decided_at = user, utcnow()
    db.session.flush()
    subject = "Votre proposition d'accueillir une visite apprenante\u00a0: la réponse de l'équipe"
    for facilitator in active_facilitators(proposal.pole_id):
        notify(user=facilitator, category="visit", text=subject, url=f"/poles/{proposal.pole_id}#propositions-accueil",
               key=f"host-proposal:{proposal.id}:declined:user:{facilitator.id}", subject=subject,
               template="visits/mail_host_proposal_declined.txt", proposal=proposal,
               months=months_in_words(proposal))
    _tell_region_of_answer(proposal)
    return proposal


@transactional
def create_visit_from_proposal(*, proposal_id: int, organiser: User, host: Pole, **visit: object) -> LearningVisit:
    """Create the visit (``create_visit``, same unit of work) at the proposing pole, and mark the proposal as
    converted; its facilitators hear of the visit as every host does (``notify_host``). The same form sent again
    (``idempotency_key``) gives the visit it created, though the proposal is no longer open."""
    key = str(visit.get("idempotency_key") or "") or None
    if (made := visit_made_with(key, organiser)) is not None:
        return made
    try:
        proposal = _locked_open(proposal_id, organiser)
    except HostProposalRefused:
        if (made := visit_made_with(key, organiser)) is not None:
            return made  # the same form, sent at the same time, converted it while we waited for the lock
        raise
    if host.id != proposal.pole_id:
        raise HostProposalRefused.of([Problem(
            f"Cette visite répond à la proposition {of_pole(proposal.pole.name)}\u00a0: il en est l'hôte.", "host")])
    created = create_visit(organiser=organiser, host=host, **visit)  # type: ignore[arg-type]
    proposal.status, proposal.visit = HostProposalStatus.CONVERTED, created
    proposal.decided_by, proposal.decided_at = organiser, utcnow()
    db.session.flush()
    _tell_region_of_answer(proposal)
    return created


def _seen(viewer: User):  # noqa: ANN202
    return (select(VisitHostProposal).where(host_proposal_seen_by(viewer))
            .options(selectinload(VisitHostProposal.pole).selectinload(Pole.region),
                     selectinload(VisitHostProposal.themes), selectinload(VisitHostProposal.visit)))


def proposals_for(viewer: User) -> list[VisitHostProposal]:
    """The proposals ``viewer`` reads, open ones first (oldest first: they wait longest), then the decided ones."""
    rows = db.session.scalars(_seen(viewer).order_by(VisitHostProposal.created_at, VisitHostProposal.id))
    return sorted(rows, key=lambda p: (not p.is_open, 0 if p.is_open else -p.id))


def open_proposals_for(viewer: User) -> list[VisitHostProposal]:
    """The open proposals ``viewer`` reads, oldest first (the national visits page: the decided ones stay unread)."""
    return list(db.session.scalars(_seen(viewer).where(VisitHostProposal.status == HostProposalStatus.OPEN)
                                   .order_by(VisitHostProposal.created_at, VisitHostProposal.id)))


def open_proposals_count(viewer: User) -> int:
    """How many of the proposals ``viewer`` reads wait for an answer (« Mon espace » says it beside its link)."""
    return db.session.scalar(select(func.count(VisitHostProposal.id)).where(
        host_proposal_seen_by(viewer), VisitHostProposal.status == HostProposalStatus.OPEN)) or 0


def proposal_for(viewer: User, proposal_id: int) -> VisitHostProposal | None:
    """The proposal if ``viewer`` may read it; None for a missing one and for one it may not read alike."""
    return db.session.scalars(_seen(viewer).where(VisitHostProposal.id == proposal_id)).one_or_none()


def proposals_of_pole(viewer: User, pole: Pole) -> list[VisitHostProposal] | None:
    """The pole's proposals, latest first, for those who read them (``policy.may_see_host_proposals``), else None."""
    if not policy.may_see_host_proposals(viewer, pole_id=pole.id, region_code=pole.region_code):
        return None
    return list(db.session.scalars(_seen(viewer).where(VisitHostProposal.pole_id == pole.id)
                                   .order_by(VisitHostProposal.created_at.desc(), VisitHostProposal.id.desc())))
