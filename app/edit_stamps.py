"""No silent lost update: the one rule every edit form of the site saves through.

An edit form carries, in a hidden field (``opened_on``), what it was opened on: the thing's edit stamp
version (``models/edit_stamp.py``) and a short digest of each of the form's values as the person first
saw them. The service's save calls :func:`check_and_stamp` inside its unit of work, before writing:

1. it locks the thing's stamp row (``app/locks.py``: ``SELECT … FOR UPDATE`` on PostgreSQL, the write
   lock on SQLite; the row is inserted on a first save, a unique key making two first saves take turns),
   so a second save of the same thing waits there until the first one commits — no read-then-write race;
2. it reads the thing again (as the first save left it) and compares each value with the digest the
   person started from;
3. one differs: nothing is written — :class:`EditConflict` says who saved last and when, which fields
   changed and what they hold now, and carries a renewed ``opened_on``, so that sending the form again
   after reading the current version is a choice, never an accident. Otherwise the save goes on and the
   stamp counts it (version, author, time).

Comparing values rather than a version alone keeps a save that changed none of the form's fields (a
status, a confirmation, the same text saved twice) from blocking anyone, and still catches a change made
outside a form (an import). A form sent without ``opened_on`` (a client that never read the form) is not
checked, only stamped: it can overwrite nothing it did not ask to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from wtforms import HiddenField

from app.extensions import db
from app.locks import lock_row
from app.refused import Refused
from app.templating import format_datetime, zone_of
from app.transactions import savepoint
from app.typography import NBSP
from models import EditStamp, User, utcnow

#: Name of the hidden field every edit form carries.
FIELD = "opened_on"

Value = str | int | bool | None | Sequence[str]


@dataclass(frozen=True)
class Editable:
    """What an edit form shows of a kind of thing.

    ``fields`` maps each form field to its label and to how its value is read from the thing (a text, a
    flag, a sorted list of labels: what a person would see change). ``changed`` is the start of the
    conflict sentence, agreed with the thing: « Cette fiche a été modifiée », « Ce besoin a été modifié ».
    """

    kind: str
    changed: str
    fields: Mapping[str, tuple[str, Callable[[Any], Value]]]

    def target(self, thing: Any) -> str:
        return f"{self.kind}:{thing.id}"

    def values(self, thing: Any) -> dict[str, Value]:
        return {name: read(thing) for name, (_label, read) in self.fields.items()}


@dataclass(frozen=True)
class Change:
    """A field whose stored value is no longer the one the person started from."""

    field: str
    label: str
    current: str


class EditConflict(Refused):
    """The thing changed while the person was editing it: nothing was written."""

    def __init__(self, editable: Editable, *, by: str | None, by_self: bool, at: datetime | None,
                 changes: Sequence[Change], renewed: str, zone: str) -> None:
        #: The name of who saved last (None when unknown), whether it was the person themself, and when.
        self.by, self.by_self, self.at = by, by_self, at
        self.changes, self.renewed = tuple(changes), renewed
        #: What happened, one sentence (the notice's heading only names it: « Modification concurrente »).
        self.headline = _headline(editable, by=by, by_self=by_self, at=at, zone=zone)
        fields = ", ".join(change.label for change in self.changes)
        message = f"{self.headline} {NOT_SAVED}"
        super().__init__(f"{message} Ce qui a changé entre-temps{NBSP}: {fields}." if fields else message)


#: What the conflict means for the person's edit, said after what happened.
NOT_SAVED = "Vos modifications ne sont pas enregistrées."


def _headline(editable: Editable, *, by: str | None, by_self: bool, at: datetime | None, zone: str) -> str:
    who = " par vous-même, dans une autre fenêtre," if by_self else (f" par {by}" if by else "")
    when = f" le {format_datetime(at, zone, with_day=False)}" if at else ""
    return f"{editable.changed}{who}{when} pendant que vous l'éditiez."


def _normal(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(str(_normal(item)) for item in value)
    return value


def _digest(value: Value) -> str:
    text = json.dumps(_normal(value), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def shown(value: Value) -> str:
    """A stored value as the conflict notice shows it: « oui », « Mobilité, Alimentation », « (vide) »."""
    value = _normal(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(value) if value else "(aucun)"
    return str(value) if str(value).strip() else "(vide)"


def _token(version: int, values: Mapping[str, Value]) -> str:
    """« 3|name=1a2b…,themes=9f8e… »: the stamp's version, then each field's digest (nothing to escape in HTML)."""
    return f"{version}|" + ",".join(f"{name}={_digest(value)}" for name, value in sorted(values.items()))


def _parse(token: str | None) -> tuple[int, dict[str, str]] | None:
    version, _, fields = (token or "").partition("|")
    if not version.isdigit() or len(version) > 9:
        return None
    digests = dict(pair.partition("=")[::2] for pair in fields.split(",") if pair)
    return int(version), digests


def opened_token(editable: Editable, thing: Any, session: Session | None = None) -> str:
    """What an edit form opened now carries in its hidden field (a read; nothing is written)."""
    session = session if session is not None else db.session
    stamp = session.get(EditStamp, editable.target(thing))
    return _token(stamp.version if stamp is not None else 0, editable.values(thing))


def opened_on_another(editable: Editable, thing: Any, opened: str | None, name: str) -> bool:
    """Was the form opened on another thing than the one now stored under its id? ``name`` is the field of
    ``editable`` that tells one thing from another (an objective's text: rewriting the objectives replaces their
    rows, and SQLite gives a new row the id a deleted one had). False for a form that did not carry it."""
    started = _parse(opened)
    if started is None or name not in started[1]:
        return False
    return started[1][name] != _digest(editable.values(thing)[name])


def changed_since(editable: Editable, thing: Any, opened: str | None) -> bool:
    """Did a field of ``thing`` change since a page showed it (``opened``: the token it carried, ``opened_token``)?
    False for a form that carried none. For a step taken on what a page showed (agreeing to publish a text, not an
    edit of it): read it under the stamp's lock (``last_save(lock=True)``), so that a save under way is waited for."""
    started = _parse(opened)
    if started is None:
        return False
    return any(name in started[1] and started[1][name] != _digest(value)
               for name, value in editable.values(thing).items())


class StampedForm:
    """Mixin of an edit form (before ``FrenchForm`` in its bases): the hidden field that carries what the form
    was opened on. Templates render it with ``opened_on(form)`` (templates/macros/forms.html), without an id:
    two edit forms on one page never share one."""

    opened_on = HiddenField()

    def open_on(self, editable: Editable, thing: Any) -> None:
        """On showing the form for ``thing`` (a GET): remember what the person starts from."""
        self.opened_on.data = opened_token(editable, thing)

    def reopen(self, conflict: EditConflict) -> None:
        """After a conflict: the person has now been shown the current version; sending again saves theirs."""
        self.opened_on.data = conflict.renewed


def _locked_stamp(session: Session, target: str) -> EditStamp:
    """The stamp row of ``target``, locked until the transaction ends (inserted on a first save)."""
    stamp = lock_row(session, EditStamp, target)
    if stamp is not None:
        return stamp
    try:
        with savepoint(session):
            session.add(EditStamp(target=target, version=0, edited_at=utcnow()))
    except IntegrityError:  # a first save of the same thing got there first: wait for it, then read it
        pass
    stamp = lock_row(session, EditStamp, target)
    assert stamp is not None
    return stamp


@dataclass(frozen=True)
class LastSave:
    """What a thing's stamp says: how many saves it counted, and who made the last (None: nobody yet)."""

    version: int
    by_id: int | None


def last_save(editable: Editable, thing: Any, *, lock: bool = False, session: Session | None = None) -> LastSave:
    """The stamp of ``thing`` as it stands; ``lock``: held until the transaction ends (the lock ``check_and_stamp``
    takes), so that the next save counted is the caller's own."""
    session = session if session is not None else db.session
    target = editable.target(thing)
    stamp = _locked_stamp(session, target) if lock else session.get(EditStamp, target)
    return LastSave(stamp.version, stamp.edited_by_id) if stamp is not None else LastSave(0, None)


def check_and_stamp(editable: Editable, thing: Any, *, opened: str | None, by: User,
                    session: Session | None = None) -> None:
    """Before a service writes ``thing`` from its edit form: refuse (``EditConflict``) when a field changed
    since the form was opened (``opened``, its hidden field), else count the save. Call it inside the unit
    of work, before changing ``thing``: it reloads what the session holds from the database."""
    session = session if session is not None else db.session
    stamp = _locked_stamp(session, editable.target(thing))
    started = _parse(opened)
    if started is not None:
        session.flush()
        session.expire_all()  # read what the save before this one committed, not what this request loaded
        now = editable.values(thing)
        version, digests = started
        changes = [Change(name, editable.fields[name][0], shown(value)) for name, value in now.items()
                   if name in digests and digests[name] != _digest(value)]
        if changes:
            named = stamp.version > version and stamp.edited_by_id is not None
            editor = session.get(User, stamp.edited_by_id) if named else None
            at = stamp.edited_at if stamp.version > version else getattr(thing, "updated_at", None)
            raise EditConflict(editable, by=editor.display_name if editor else None,
                               by_self=editor is not None and editor.id == by.id, at=at,
                               changes=changes, renewed=_token(stamp.version, now), zone=zone_of(by))
    stamp.version += 1
    stamp.edited_by_id, stamp.edited_at = by.id, utcnow()
