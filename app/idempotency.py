"""Idempotency keys of forms that create something: the same form posted twice creates it once.

The page puts a fresh key in a hidden field; the service stores it on the row it creates (a
unique column) and, when the key comes back (double click, retry, Back then send again, a second
tab racing the first), answers with the row already made instead of making another.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField
from wtforms.validators import Length, Optional

from app.extensions import db
from app.text_rules import has_control_characters
from app.transactions import savepoint

#: Said when a form's key comes back from another person than the one who first sent it.
FORM_ALREADY_USED = "Ce formulaire a déjà servi : rechargez la page."

#: A model with an ``idempotency_key`` column (unique).
Keyed = TypeVar("Keyed", bound=Any)


def new_idempotency_key() -> str:
    """A fresh key for one displayed form (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


#: The longest key a form may come back with (the columns' length).
KEY_MAX = 64


def _may_be_key(key: str | None) -> bool:
    """Whether ``key`` could be a key the site gave: not empty, no longer than the column, no control character
    (a NUL in a query's parameter is an error on PostgreSQL, read before the form's own checks)."""
    return bool(key) and len(key) <= KEY_MAX and not has_control_characters(key)


def key_or_new(posted: str | None) -> str:
    """The key the form came back with (a re-displayed form keeps it), or a fresh one."""
    posted = (posted or "").strip()
    return posted if _may_be_key(posted) else new_idempotency_key()


def made_with(model: type[Keyed], key: str | None) -> Keyed | None:
    """The row of ``model`` a form with this key already made, if any (read afresh); none for what cannot be a
    key."""
    if not _may_be_key(key):
        return None
    return db.session.scalar(select(model).where(model.idempotency_key == key)
                             .execution_options(populate_existing=True))


def made_for(model: type[Keyed], key: str | None, refused: Callable[[str], Exception], **owner: Any) -> Keyed | None:
    """The row of ``model`` a form with this key already made, if any, when it is the same person's form for the
    same thing (each ``owner`` column equal, e.g. ``pole_id=…, author_id=…``); another's is
    ``refused(FORM_ALREADY_USED)``: a key copied from someone else's page gives away nothing."""
    made = made_with(model, key)
    if made is not None and any(getattr(made, column) != value for column, value in owner.items()):
        raise refused(FORM_ALREADY_USED)
    return made


def made_by(model: type[Keyed], key: str | None, organiser: Any, *,
            refused: Callable[[str], Exception] | None = None) -> Keyed | None:
    """What ``organiser``'s form with this key already made (its ``organiser_id``), if any. A row of another
    person's form is ``refused(FORM_ALREADY_USED)`` when ``refused`` is given, else read as nothing made."""
    made = made_with(model, key)
    if made is None or made.organiser_id == organiser.id:
        return made
    if refused is not None:
        raise refused(FORM_ALREADY_USED)
    return None


def insert_once(row: Keyed) -> Keyed | None:
    """Insert ``row`` (its key set) in a savepoint: None when inserted; when the same form won a race
    on the key's unique index meanwhile, the row it made (any other integrity error is raised)."""
    try:
        with savepoint():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        if (won := made_with(type(row), row.idempotency_key)) is None:
            raise
        return won
    return None


class OnceForm:
    """Mixin of a form that creates something (before ``FrenchForm`` in its bases): its hidden ``idempotency_key``
    is fresh when the form is first shown and kept when it comes back (shown again with errors, or sent again
    after Back), so the service creates once. A form sent without one (a page older than the field) gets a
    fresh key: it creates, as before."""

    idempotency_key = HiddenField(validators=[Optional(), Length(max=KEY_MAX)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idempotency_key.data = key_or_new(self.idempotency_key.data)
