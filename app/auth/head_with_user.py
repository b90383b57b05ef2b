"""A few columns a view needs, read in the same statement as the signed-in user.

A hot page starts with two reads: Flask-Login loads the user, then the view reads a few
columns to decide (the need page: may this viewer see it, is the kept copy still current?).
Each statement costs a round trip and, on this kind of machine, more client CPU than the
rest of a kept page. ``ReadWithUser`` has the user loader read both in one statement: the
user as usual (session version and active flag checked on every request, as before), the
view's head row joined beside it.

    NEED_HEAD = ReadWithUser(select(Need.id, ...).where(Need.id == bindparam("need_id")), "need_id")

    @bp.route("/besoins/<int:need_id>")
    @NEED_HEAD.with_user
    @login_required
    def show_need(need_id):
        head = NEED_HEAD.row(need_id=need_id)

If the user was loaded before the view (or nobody is signed in), ``row`` reads the head on
its own: the answer is the same, only a round trip dearer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import g
from sqlalchemy import Row, Select, bindparam, select, true
from sqlalchemy.orm import undefer

from app.extensions import db
from models import User

F = TypeVar("F", bound=Callable[..., Any])

#: ``g`` keys: the head the view asks for, then the row read with the user.
_PENDING = "_entrepairs_head_pending"
_READ = "_entrepairs_head_read"


@dataclass(frozen=True)
class _Pending:
    owner: ReadWithUser
    params: dict[str, Any]


class ReadWithUser:
    """A one-row statement (``head``) that the user loader may read together with the user.

    ``head`` selects at least one column that is never NULL (its key): a row of NULLs beside
    the user means the head found nothing.
    """

    def __init__(self, head: Select, *param_names: str) -> None:
        self.head = head
        self.param_names = param_names
        columns = head.subquery()
        #: The user (with the bell's count, as the plain loader reads it), and the head row beside it (NULLs when
        #: the head finds nothing).
        self.with_user_statement = (select(User, columns).outerjoin(columns, true())
                                    .options(undefer(User.unread_notifications))
                                    .where(User.id == bindparam("user_id")))

    def with_user(self, view: F) -> F:
        """Decorator, above ``login_required``: this view's head is read with the user."""

        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            setattr(g, _PENDING, _Pending(self, {name: kwargs[name] for name in self.param_names}))
            try:
                return view(*args, **kwargs)
            finally:  # the tests' requests share one ``g``: leave nothing to the next one
                g.pop(_PENDING, None)
                g.pop(_READ, None)

        return wrapped  # type: ignore[return-value]

    def row(self, **params: Any) -> Row | None:
        """The head row for ``params`` (None if it finds nothing): the one read with the user, or read now.

        Its columns are reached by name; read with the user, the row also holds the user first.
        """
        read: tuple[_Pending, Row] | None = g.get(_READ)
        if read is not None and read[0] == _Pending(self, params):
            found = read[1]
            return None if all(value is None for value in found[1:]) else found
        return db.session.execute(self.head, params).one_or_none()


def load_user(user_id: int, plain: Select) -> User | None:
    """The user by id, with the head row of the view being served when it asked for one.

    ``plain`` is the statement that loads the user alone (bound on ``user_id``).
    """
    pending: _Pending | None = g.pop(_PENDING, None)
    if pending is None:
        return db.session.execute(plain, {"user_id": user_id}).scalar_one_or_none()
    found = db.session.execute(pending.owner.with_user_statement,
                               {"user_id": user_id, **pending.params}).one_or_none()
    if found is None:
        return None
    setattr(g, _READ, (pending, found))
    return found[0]
