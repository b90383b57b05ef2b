"""The regional view of one region: its poles, open needs and pairings by name, on the region's map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.access.scopes import resource_person_counted
from app.extensions import db
from app.network.network_map import MapPole, NetworkMap, network_map
from app.network.regions import region_names
from app.transfers.status_words import counted_label, row_words
from app.typography import in_sentence
from models import DELETED_ACCOUNT, Need, NeedStatus, Pairing, PairingStatus, Pole, ResourcePerson, User


@dataclass(frozen=True)
class StatusFigure:
    """How many of a region's needs or pairings are at one status, and the words that agree with the number."""

    count: int
    singular: str
    plural: str


def status_figure(count: int, label: str, noun: str = "") -> StatusFigure:
    """``noun`` (« besoin ») and a status label (« Clos », « Accepté par la personne ressource ») as a figure
    says them: the participle agrees (« besoins ouverts », « acceptés par … »), « clos » and « en cours » stay."""
    label = in_sentence(label)
    first, _, rest = label.partition(" ")
    agreeing = label if first in ("en", "à") or first.endswith(("s", "x")) else " ".join(filter(None, (first + "s", rest)))
    singular, plural_form = (f"{noun} {label}", f"{noun}s {agreeing}") if noun else (label, agreeing)
    return StatusFigure(count=count, singular=singular, plural=plural_form)


@dataclass(frozen=True)
class RegionPoleRow:
    pole: MapPole
    open_needs: int
    needs: int


@dataclass(frozen=True)
class RegionNeedRow:
    id: int
    title: str
    pole_id: int
    pole_name: str
    status_label: str
    urgency: int
    created_at: object


@dataclass(frozen=True)
class RegionalView:
    code: str
    name: str
    map: NetworkMap
    poles: list[RegionPoleRow]
    needs_by_status: list[StatusFigure]
    needs: list[RegionNeedRow]
    needs_total_open: int
    resource_persons: int
    yearly_capacity: int
    pairings_by_status: list[StatusFigure]
    pairings: list[RegionPairingRow]


@dataclass(frozen=True)
class RegionPairingRow:
    id: int
    need_id: int
    need_title: str
    pole_name: str
    mentor_name: str
    status_label: str
    updated_at: object


#: Open needs and pairings listed by name in a regional view (the others are counted).
REGION_NEEDS_LISTED = 100
REGION_PAIRINGS_LISTED = 100


def regional_view(code: str, *, viewer: Any, href_prefix: str) -> RegionalView:
    """A region's poles (all, with need counts), needs, pairings and resource persons."""
    network = network_map(viewer=viewer, theme=None, with_links=True, href_prefix=href_prefix,
                          region_code=code)
    per_pole = {
        pole_id: (total, open_count)
        for pole_id, total, open_count in db.session.execute(
            select(Need.pole_id, func.count(Need.id),
                   func.count(Need.id).filter(Need.status != NeedStatus.CLOSED))
            .join(Pole, Pole.id == Need.pole_id)
            .where(Pole.region_code == code)
            .group_by(Need.pole_id)
        )
    }
    by_status = dict(db.session.execute(
        select(Need.status, func.count(Need.id)).join(Pole, Pole.id == Need.pole_id)
        .where(Pole.region_code == code).group_by(Need.status)
    ).all())
    open_statuses = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)
    need_rows = db.session.execute(
        select(Need.id, Need.title, Need.pole_id, Pole.name, Need.status, Need.urgency, Need.created_at)
        .join(Pole, Pole.id == Need.pole_id)
        .where(Pole.region_code == code, Need.status.in_(open_statuses))
        .order_by(Need.urgency.desc(), Need.created_at.desc(), Need.id.desc())
        .limit(REGION_NEEDS_LISTED)
    ).all()
    persons, capacity = db.session.execute(
        select(func.count(ResourcePerson.id), func.coalesce(func.sum(ResourcePerson.yearly_capacity), 0))
        .where(ResourcePerson.region_code == code, resource_person_counted())
    ).one()
    pairing_scope = (Pole.region_code == code, Pairing.status != PairingStatus.SUGGESTED)
    pairings_by_status = dict(db.session.execute(
        select(Pairing.status, func.count(Pairing.id)).join(Need, Need.id == Pairing.need_id)
        .join(Pole, Pole.id == Need.pole_id).where(*pairing_scope).group_by(Pairing.status)
    ).all())
    pairing_rows = db.session.execute(
        select(Pairing.id, Need.id, Need.title, Pole.name, func.coalesce(User.display_name, DELETED_ACCOUNT),
               Pairing.status, Pairing.status_changed_at,
               func.coalesce(Pairing.requested_by_id == ResourcePerson.user_id, False))
        .join(Need, Need.id == Pairing.need_id).join(Pole, Pole.id == Need.pole_id)
        # Outer joins: a transfer whose resource person left stays listed, « Compte supprimé ».
        .outerjoin(ResourcePerson, ResourcePerson.id == Pairing.resource_person_id)
        .outerjoin(User, User.id == ResourcePerson.user_id)
        .where(*pairing_scope)
        .order_by(Pairing.status_changed_at.desc(), Pairing.id.desc())
        .limit(REGION_PAIRINGS_LISTED)
    ).all()
    return RegionalView(
        code=code, name=region_names()[code], map=network,
        poles=[RegionPoleRow(pole=p, needs=per_pole.get(p.id, (0, 0))[0],
                             open_needs=per_pole.get(p.id, (0, 0))[1]) for p in network.poles],
        needs_by_status=[status_figure(by_status.get(status, 0), status.label, "besoin") for status in NeedStatus],
        needs=[RegionNeedRow(id=r[0], title=r[1], pole_id=r[2], pole_name=r[3], status_label=r[4].label,
                             urgency=r[5], created_at=r[6]) for r in need_rows],
        needs_total_open=sum(by_status.get(s, 0) for s in open_statuses),
        resource_persons=persons, yearly_capacity=int(capacity),
        # An acceptance may be the pole's (the help a person offered): counted under words true of both.
        pairings_by_status=[status_figure(pairings_by_status[status], counted_label(status))
                            for status in PairingStatus if pairings_by_status.get(status)],
        pairings=[RegionPairingRow(id=r[0], need_id=r[1], need_title=r[2], pole_name=r[3],
                                   mentor_name=r[4], status_label=row_words(r[5], offered=bool(r[7])),
                                   updated_at=r[6])
                  for r in pairing_rows],
    )
