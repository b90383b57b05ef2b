"""A pole moved into another region: the cell (CRA) of the region it joins is told what waits for it there, and the
cell it left keeps no notice about it under its bell.

Everything a CRA reads or receives about a pole follows the pole's region of the moment (``app.access.policy``): from
the move on, the CRA it left no longer sees it and the one it joins does, and every later mail (a reminder of a
request to validate, a step of a transfer, a visit proposal) goes to the new one. What was sent before went to the
former: without a word, the new CRA would not know that a request waits for its validation (``tell_region_joined``),
and the former's bell would keep naming the pole, its links leading to pages it may no longer open, and carry it in
the next daily digest (``withdraw_notices_left_behind``).
"""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select

from app.extensions import db
from app.links import absolute_url
from app.notifications.inbox import notify
from app.templating import region_name
from app.typography import count
from models import (
    ClaimState, HostProposalStatus, Need, NeedStatus, Notification, Pairing, PairingStatus, Pole, PoleClaim, PoleRegionMove,
    Role, User, VisitHostProposal,
)

S = PairingStatus


def _pairings(pole: Pole, *statuses: PairingStatus) -> int:
    return db.session.scalar(select(func.count(Pairing.id)).join(Need, Need.id == Pairing.need_id)
                             .where(Need.pole_id == pole.id, Pairing.status.in_(statuses))) or 0


def waiting_items(pole: Pole) -> list[str]:
    """What waits for the pole's CRA, one line each (« 1 demande de transfert à valider »), or none."""
    needs = db.session.scalar(select(func.count(Need.id)).where(Need.pole_id == pole.id,
                                                                Need.status == NeedStatus.OPEN)) or 0
    proposals = db.session.scalar(select(func.count(VisitHostProposal.id)).where(
        VisitHostProposal.pole_id == pole.id, VisitHostProposal.status == HostProposalStatus.OPEN)) or 0
    claims = db.session.scalar(select(func.count(PoleClaim.id)).where(
        PoleClaim.pole_id == pole.id, PoleClaim.state == ClaimState.PENDING)) or 0
    items = [
        (_pairings(pole, S.REQUESTED), "demande de transfert à valider", "demandes de transfert à valider"),
        (_pairings(pole, S.PROPOSED, S.VALIDATED), "transfert proposé, sans réponse de la personne ressource",
         "transferts proposés, sans réponse de la personne ressource"),
        (_pairings(pole, S.ACCEPTED, S.PLANNED, S.IN_PROGRESS), "transfert en cours", "transferts en cours"),
        (needs, "besoin ouvert", "besoins ouverts"),
        (proposals, "proposition d'accueil d'une visite apprenante en attente de réponse",
         "propositions d'accueil d'une visite apprenante en attente de réponse"),
        (claims, "demande pour animer le pôle à décider", "demandes pour animer le pôle à décider"),
    ]
    said = [count(n, one, many) for n, one, many in items if n]
    if pole.confirmed_at is None:
        said.append("le pôle reste à confirmer comme PTCE")
    return said


def tell_region_joined(pole: Pole, move: PoleRegionMove, *, by: User | None) -> int:
    """A notice (bell and mail) to each active member of the CRA of the region ``pole`` joined by ``move``, but
    ``by`` (who moved it knows; none for the CSV import, ``app.poles.importer``); returns how many. National
    organisers see every region: nothing changes for them."""
    members = list(db.session.scalars(select(User).where(
        User.role == Role.ORGANISER, User.is_active.is_(True), User.region_code == move.to_region_code,
        *([User.id != by.id] if by is not None else []))))
    if not members:
        return 0
    items, left = waiting_items(pole), region_name(move.from_region_code)
    text = f"Le pôle «\u00a0{pole.name}\u00a0» rejoint votre région"
    if items:
        whole = f"{text}\u00a0: {', '.join(items)}"
        others = count(len(items) - 1, "autre point", "autres points")
        text = whole if len(whole) <= 300 else f"{text}\u00a0: {items[0]}, et {others}"
    for member in members:
        notify(user=member, category="step", text=text, url=f"/poles/{pole.id}",
               key=f"pole:{pole.id}:joined:{move.id}:user:{member.id}", subject=text,
               template="poles/mail/pole_joined_region.txt", pole=pole, items=items, left=left,
               joined=region_name(move.to_region_code),
               page=absolute_url("poles.show", pole_id=pole.id))
    return len(members)


def _pages_of(pole: Pole) -> list[str]:
    """The site paths a notice about ``pole`` links to: its page, its needs', its transfers', its visit proposals'."""
    needs = list(db.session.scalars(select(Need.id).where(Need.pole_id == pole.id)))
    pairings = list(db.session.scalars(select(Pairing.id).where(Pairing.need_id.in_(needs)))) if needs else []
    proposals = db.session.scalars(select(VisitHostProposal.id).where(VisitHostProposal.pole_id == pole.id))
    return [f"/poles/{pole.id}", *(f"/besoins/{n}" for n in needs), *(f"/transferts/{p}" for p in pairings),
            *(f"/organisation/visites/propositions#proposition-{p}" for p in proposals)]


def withdraw_notices_left_behind(pole: Pole, move: PoleRegionMove) -> int:
    """Take the notices about ``pole`` from under the bells of the CRA it left (``move``): they name a pole of another
    region now, lead to pages its members may no longer open, and the daily digest would carry them after the move.
    National organisers keep theirs (they still follow it). Returns how many."""
    members = select(User.id).where(User.role == Role.ORGANISER, User.region_code == move.from_region_code)
    pages = _pages_of(pole)
    about = or_(*(or_(Notification.url == page, Notification.url.startswith(f"{page}#", autoescape=True))
                  for page in pages))
    return db.session.execute(delete(Notification).where(Notification.user_id.in_(members), about)
                              .execution_options(synchronize_session=False)).rowcount or 0
