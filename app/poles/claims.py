"""Running a pole on Entrepairs: a request the pole's facilitators or an organiser decide.

A facilitator account does not take a pole by clicking: it asks, with a message saying who
it is in the pole. The pole's current facilitators (or, for a pole nobody runs yet, the
organisers) are told by e-mail and accept or refuse; until then the claimant has no right
on the pole. The claimant is told of the decision.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.access import policy
from app.access.scopes import pole_in_scope
from app.extensions import db
from app.locks import lock_row
from app.notifications.outbox import enqueue_template
from app.poles.facilitators import MAX_FACILITATORS, no_seat_left
from app.poles.region_lock import lock_region_of
from app.poles.services import PoleError, drop_pending_claim, organisers_for, organisers_of_region
from app.privacy.registry import register_data_export
from app.transactions import savepoint, transactional
from app.typography import elide
from models import ClaimState, Pole, PoleClaim, Role, User, utcnow

#: Longest message a claimant may write.
MESSAGE_MAX_CHARS = 2000


def facilitators_of(pole: Pole) -> list[User]:
    return [u for u in pole.facilitators if u.role is Role.FACILITATOR and u.is_active]


def deciders_of(pole: Pole) -> list[User]:
    """Who is asked to decide: the pole's facilitators, or the organisers when it has none."""
    return facilitators_of(pole) or organisers_for(pole)


def network_contacts(region_code: str | None) -> list[str]:
    """Whom a person told by a no-reply mail writes to (a refused claimant, an account whose address was changed):
    the organisers of the region (a pole's, a person's), else the national ones."""
    organisers = [u for u in organisers_of_region(region_code) if u.role is Role.ORGANISER]
    return [u.email for u in organisers if region_code and u.region_code == region_code] \
        or [u.email for u in organisers]


def can_decide(claim: PoleClaim, user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ORGANISER):
        return policy.may_see_region(user, claim.pole.region_code)
    return user.role is Role.FACILITATOR and user.pole_id == claim.pole_id and user.id != claim.claimant_id


def pending_claim_of(user: User) -> PoleClaim | None:
    """The request ``user`` is waiting on, if any."""
    return db.session.scalar(select(PoleClaim).where(PoleClaim.claimant_id == user.id,
                                                     PoleClaim.state == ClaimState.PENDING))


def pending_claims_for(user: User) -> list[PoleClaim]:
    """The requests ``user`` may decide: for organisers those of the regions they see, their pole's for a
    facilitator."""
    query = (select(PoleClaim).where(PoleClaim.state == ClaimState.PENDING)
             .options(selectinload(PoleClaim.pole), selectinload(PoleClaim.claimant))
             .order_by(PoleClaim.created_at, PoleClaim.id))
    if user.has_role(Role.ORGANISER):
        query = query.where(PoleClaim.pole.has(pole_in_scope(user)))
    else:
        if user.role is not Role.FACILITATOR or user.pole_id is None:
            return []
        query = query.where(PoleClaim.pole_id == user.pole_id, PoleClaim.claimant_id != user.id)
    return list(db.session.scalars(query))


@transactional
def request_claim(pole: Pole, *, user: User, message: str) -> PoleClaim:
    """``user`` asks to run ``pole``; its deciders are told by e-mail."""
    if user.role is not Role.FACILITATOR:
        raise PoleError("Seul·e un·e animateur·rice de PTCE peut demander à animer un pôle.")
    if user.pole_id is not None:
        raise PoleError("Vous animez déjà un pôle.")
    message = (message or "").strip()
    if not message:
        raise PoleError("Dites en quelques mots votre rôle dans ce pôle : les personnes qui décident le liront.")
    if len(message) > MESSAGE_MAX_CHARS:
        raise PoleError(f"Le message doit faire au plus {MESSAGE_MAX_CHARS} caractères.")
    waiting = pending_claim_of(user)
    if waiting is not None:
        raise PoleError(f"Votre demande pour « {waiting.pole.name} » attend déjà une décision.")
    claim = PoleClaim(pole_id=pole.id, claimant_id=user.id, message=message, state=ClaimState.PENDING)
    try:
        with savepoint():
            db.session.add(claim)
            db.session.flush()
    except IntegrityError:
        raise PoleError("Vous avez déjà une demande en attente de décision.") from None
    for decider in deciders_of(pole):
        enqueue_template(db.session, key=f"pole-claim:{claim.id}:requested:user:{decider.id}", to=decider,
                         subject=f"Demande pour animer «\u00a0{pole.name}\u00a0» sur Entrepairs",
                         template="poles/mail/claim_requested.txt", claim=claim, pole=pole)
    return claim


@transactional
def withdraw_claim(user: User) -> str:
    """``user`` takes back the request they are waiting on (the wrong pole, a mistake); the pole's name."""
    name = drop_pending_claim(user)
    if name is None:
        raise PoleError("Vous n'avez pas de demande en attente : elle a peut-être déjà été acceptée ou refusée.")
    return name


@transactional
def decide_claim(claim_id: int, *, by: User, accept: bool) -> PoleClaim:
    """Accept (the claimant becomes a facilitator of the pole) or refuse a pending request.

    The state moves by a conditional UPDATE, so two deciders clicking at once decide once. A pole runs with
    ``MAX_FACILITATORS`` at most: an acceptance locks the claimant's account then the pole, and counts (two claims
    accepted at once take turns, the second refused when the first filled the last seat). Both are locked before
    who decides is checked: the CRA of a pole that moves meanwhile decides before the move, or is refused.
    """
    claim = db.session.get(PoleClaim, claim_id)
    if claim is not None:  # the claimant's account, then the pole's region, read under its lock: a CRA decides its
        lock_row(db.session, User, claim.claimant_id, others_may_refer=True)  # region's requests (``region_lock``)
        lock_region_of(claim, writes=accept)  # an acceptance counts the pole's seats, as ``no_seat_left`` does
    if claim is None or not can_decide(claim, by):
        raise PoleError("Vous ne pouvez pas décider de cette demande.")
    claimant = claim.claimant
    if accept and no_seat_left(claimant, claim.pole_id):
        raise PoleError(f"« {claim.pole.name} » a déjà {MAX_FACILITATORS} animateur·rices, le maximum : la demande "
                        f"{elide('de', claimant.display_name)} ne peut être acceptée.")
    if accept and claimant.pole_id is not None and claimant.pole_id != claim.pole_id:
        raise PoleError(f"{claimant.display_name} anime déjà un autre pôle : la demande ne peut être acceptée.")
    state = ClaimState.ACCEPTED if accept else ClaimState.REFUSED
    now = utcnow()
    moved = db.session.execute(
        update(PoleClaim).where(PoleClaim.id == claim.id, PoleClaim.state == ClaimState.PENDING)
        .values(state=state, decided_by_id=by.id, decided_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        raise PoleError("Cette demande a déjà été traitée.")
    db.session.refresh(claim)
    if accept:
        claimant.pole_id = claim.pole_id
    enqueue_template(db.session, key=f"pole-claim:{claim.id}:{state.value}:user:{claimant.id}", to=claimant,
                     subject=(f"Vous animez «\u00a0{claim.pole.name}\u00a0» sur Entrepairs" if accept
                              else f"Votre demande pour «\u00a0{claim.pole.name}\u00a0» n'a pas été acceptée"),
                     template="poles/mail/claim_decided.txt", claim=claim, pole=claim.pole, accepted=accept,
                     contacts=[] if accept else network_contacts(claim.pole.region_code))
    return claim


def export_claims(session: Session, user: User) -> list[dict[str, object]]:
    """Data export hook: the requests to run a pole a user made, with their messages."""
    return [{
        "id": c.id, "pole": c.pole.name, "message": c.message, "etat": c.state.label, "demande_utc": c.created_at,
        "decision_utc": c.decided_at,
    } for c in session.scalars(select(PoleClaim).where(PoleClaim.claimant_id == user.id).order_by(PoleClaim.id))]


# A leaver's requests go with the account (ON DELETE CASCADE); their messages are exported.
register_data_export("demandes_animation_pole", export_claims, order=25)
