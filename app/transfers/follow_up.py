"""The organisers' follow-up page at national scale: its breakdown counted from a few columns of every filtered
pairing, its table's one page read whole, and the needs without a good match kept until what they are computed
from changes.

Read whole, the 5,400 pairings of the national bench (each with its need, pole, region, themes, person and days)
took about a second per page; the needs without a good match, scored against every offer on each request, another
(``bench/bench_pages_by_role.py``). The figures are those of ``reports.breakdown`` and
``reports.needs_without_good_match``, counted by the same code.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.access.scopes import need_in_scope
from app.extensions import db
from app.pagination import Paged, paginate
from app.process_cache import kept
from app.resources.validation import listed
from app.templating import viewer_timezone
from app.transfers.reports import (
    Breakdown, Gap, all_feedback, count_breakdown, filtered_pairings, gap_counts, gaps_among, read_whole,
)
from app.transfers.states import TRANSFER_NEED_KINDS
from models import Need, NeedStatus, Pairing, PairingFeedback, PairingStatus, Pole, Region, ResourcePerson, User
from models.associations import need_themes

#: The needs without a good match, by what they were computed from (a few viewers' scopes, a few versions).
_gaps_kept: OrderedDict = OrderedDict()


@dataclass(frozen=True)
class FollowUpRow:
    """What the breakdown counts of one pairing, and its id (its table row is read only on its page)."""

    id: int
    status: PairingStatus
    region_name: str
    created_at: datetime
    theme_codes: tuple[str, ...]


def follow_up_rows(*, viewer: User | None = None, **filters: str) -> list[FollowUpRow]:
    """The pairings of the follow-up (``reports.all_pairings``'s, in its order), as a few columns each."""
    query = filtered_pairings(
        select(Pairing.id, Pairing.status, Region.name, Pairing.created_at)
        .join(Pairing.need).join(Need.pole).join(Pole.region), viewer=viewer, **filters)
    rows = db.session.execute(query.order_by(Pairing.created_at.desc(), Pairing.id)).all()
    codes: dict[int, list[str]] = {}
    themed = filtered_pairings(
        select(Pairing.id, need_themes.c.theme_code).join(need_themes, need_themes.c.need_id == Pairing.need_id),
        viewer=viewer, **filters)
    for pairing_id, code in db.session.execute(themed.order_by(Pairing.id, need_themes.c.theme_code)):
        codes.setdefault(pairing_id, []).append(code)
    return [FollowUpRow(id=pid, status=status, region_name=region, created_at=created,
                        theme_codes=tuple(codes.get(pid, ()))) for pid, status, region, created in rows]


def rows_breakdown(rows: Sequence[FollowUpRow]) -> Breakdown:
    """``reports.breakdown`` of the pairings these rows stand for (months in the viewer's zone, read once)."""
    return count_breakdown([(r.status, r.region_name, r.theme_codes, r.created_at) for r in rows],
                           zone=viewer_timezone() if rows else "Europe/Paris")


def table_page(rows: Sequence[FollowUpRow], *, anchor: str) -> Paged[Pairing]:
    """The page of the table the request asks for, its pairings read whole (need, pole, person, days)."""
    page = paginate(rows, anchor=anchor)
    return replace(page, items=read_whole([row.id for row in page.items]))


def _open_transfer_needs(viewer: User | None) -> list[ColumnElement[bool]]:
    return [Need.status == NeedStatus.OPEN, Need.kind.in_(TRANSFER_NEED_KINDS),
            *([need_in_scope(viewer)] if viewer is not None else [])]


def _gaps_key(viewer: User | None) -> tuple:
    """What the best scores of the viewer's open transfer needs depend on besides which needs they are: the offer
    index and theme models, the needs' and poles' modification times, the resource persons listed."""
    from app.suggestions.offer_index import offers_version

    needs = db.session.execute(select(func.max(Need.updated_at), func.max(Pole.updated_at))
                               .join(Need.pole).where(*_open_transfer_needs(viewer))).one()
    people = db.session.execute(select(func.count(ResourcePerson.id), func.sum(ResourcePerson.id),
                                       func.max(ResourcePerson.updated_at)).where(listed())).one()
    return offers_version(), tuple(needs), tuple(people)


def kept_gaps(*, threshold: float, viewer: User | None = None,
              ) -> tuple[list[Gap], list[tuple[str, int]], list[tuple[str, int]]]:
    """``reports.needs_without_good_match``, its scores computed once per version of what they depend on."""
    need_ids = tuple(db.session.scalars(select(Need.id).where(*_open_transfer_needs(viewer)).order_by(Need.id)))
    found = kept(_gaps_kept, (_gaps_key(viewer), need_ids, threshold),
                 lambda: [(gap.need.id, gap.best_score) for gap in gaps_among(need_ids, threshold)], size=16)
    needs = {n.id: n for n in db.session.scalars(
        select(Need).where(Need.id.in_([need_id for need_id, _ in found]))
        .options(selectinload(Need.themes), joinedload(Need.pole).joinedload(Pole.region)))}
    gaps = [Gap(need=needs[need_id], best_score=score) for need_id, score in found]
    return (gaps, *gap_counts(gaps))


def feedback_of(*, viewer: User | None = None, **filters: str) -> list[PairingFeedback]:
    """``reports.all_feedback`` of the follow-up's pairings, which SQL picks (their ids are thousands)."""
    return all_feedback(viewer=viewer, of_ids=filtered_pairings(select(Pairing.id), viewer=viewer, **filters))


def clear() -> None:
    """Forget the kept needs without a good match (tests)."""
    _gaps_kept.clear()
