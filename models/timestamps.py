"""Keep ``updated_at`` true: a change to a column *or a many-to-many set* of a row bumps it.

A column ``onupdate`` only fires when the row itself is UPDATEd, so changing nothing but a
many-to-many collection (a need's themes, an offer's themes, a pole's départements) would
leave ``updated_at`` behind — and the suggestion caches keyed on it stale. One-to-many
back-references (a need's pairings) are not content of the row and do not count: they move
``Need.pairs_changed_at`` instead, which the need page's version reads.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import ColumnProperty, Mapper, RelationshipProperty, Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from models.base import utcnow
from models.forbidden_pair import ForbiddenPair
from models.need import Need
from models.pairing import Pairing

#: Bookkeeping columns, not content: changing them does not bump ``updated_at``.
_NOT_CONTENT = ("updated_at", "pairs_changed_at")
#: ``Session.info`` key: needs whose pairs changed in the flush under way.
_PAIRS_CHANGED = "entrepairs.pairs_changed"


@cache
def _content_keys(mapper: Mapper) -> tuple[str, ...]:
    keys = [prop.key for prop in mapper.iterate_properties if isinstance(prop, ColumnProperty)]
    keys += [rel.key for rel in mapper.relationships if isinstance(rel, RelationshipProperty) and rel.secondary is not None]
    return tuple(key for key in keys if key not in _NOT_CONTENT)


def content_changed(obj: object) -> bool:
    """Whether a column or a many-to-many set of ``obj`` changed since it was loaded."""
    state = inspect(obj)
    return any(state.attrs[key].history.has_changes() for key in _content_keys(state.mapper))


@event.listens_for(Session, "before_flush")
def _touch_modified(session: Session, flush_context: Any, instances: Any) -> None:
    now = utcnow()
    for obj in session.dirty:
        if hasattr(obj, "updated_at") and content_changed(obj):
            obj.updated_at = now


def _need_id_of(obj: Pairing | ForbiddenPair) -> int | None:
    need = getattr(obj, "need", None) if isinstance(obj, Pairing) else None
    return obj.need_id if obj.need_id is not None else (need.id if need is not None else None)


@event.listens_for(Session, "before_flush")
def _note_pairs_changed(session: Session, flush_context: Any, instances: Any) -> None:
    """Needs whose pairings are new, gone or change status, or that get an exclusion."""
    changed = {obj for obj in session.new | session.deleted if isinstance(obj, (Pairing, ForbiddenPair))}
    changed |= {obj for obj in session.dirty if isinstance(obj, Pairing) and inspect(obj).attrs.status.history.has_changes()}
    need_ids = {need_id for need_id in map(_need_id_of, changed) if need_id is not None}
    if need_ids:
        session.info.setdefault(_PAIRS_CHANGED, set()).update(need_ids)


@event.listens_for(Session, "after_flush")
def _touch_pairs_changed(session: Session, flush_context: Any) -> None:
    """Move ``pairs_changed_at`` in the same transaction, leaving ``updated_at`` (and the rankings keyed on it) alone."""
    need_ids = session.info.pop(_PAIRS_CHANGED, None)
    if not need_ids:
        return
    now = utcnow()
    needs = Need.__table__
    session.connection().execute(update(needs).where(needs.c.id.in_(need_ids))
                                 .values(pairs_changed_at=now, updated_at=needs.c.updated_at))
    for need_id in need_ids:  # keep loaded needs in step, without marking them changed
        need = session.identity_map.get(identity_key(Need, need_id))
        if need is not None:
            set_committed_value(need, "pairs_changed_at", now)
