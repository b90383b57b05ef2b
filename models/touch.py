"""Keep ``updated_at`` true: a change to a column *or a many-to-many set* of a row bumps it.

A column ``onupdate`` only fires when the row itself is UPDATEd, so changing nothing but a
many-to-many collection (a need's themes, an offer's themes, a pole's départements) would
leave ``updated_at`` behind — and the suggestion caches keyed on it stale. One-to-many
back-references (a need's pairings) are not content of the row and do not count.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ColumnProperty, Mapper, RelationshipProperty, Session

from models.base import utcnow


@cache
def _content_keys(mapper: Mapper) -> tuple[str, ...]:
    keys = [prop.key for prop in mapper.iterate_properties if isinstance(prop, ColumnProperty)]
    keys += [rel.key for rel in mapper.relationships if isinstance(rel, RelationshipProperty) and rel.secondary is not None]
    return tuple(key for key in keys if key != "updated_at")


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
