"""Row locks for rules that count, then write (capacity, places, slots).

A rule such as "at most N transfers a year" reads a count and then writes a row; two requests
doing it at once both read the same count and both write. Locking the row that owns the rule
(the resource person, the visit, the slot) before counting makes the second request wait until
the first one commits, then count again.

PostgreSQL: ``SELECT … FOR UPDATE`` on the rows, in id order so that two operations locking
the same rows never deadlock. SQLite has no row locks: ``BEGIN IMMEDIATE`` takes the database's
write lock for the rest of the transaction (when the transaction has not begun yet; SQLite
otherwise serialises writers when they write).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models import Base

M = TypeVar("M", bound=Base)
K = TypeVar("K", int, str)


def lock_rows(session: Session, model: type[M], ids: Iterable[K], *, others_may_refer: bool = False,
              only_read: bool = False) -> dict[K, M]:
    """Lock the rows of ``model`` with these ids until the transaction ends; return them, freshly read.

    Rows are reloaded (``populate_existing``): what the caller reads after the lock is what the
    previous holder committed. Missing ids are simply absent from the result.

    ``others_may_refer``: the caller changes the rows but never their key (PostgreSQL's ``FOR NO KEY UPDATE``),
    so another transaction may meanwhile write a row that refers to them (its foreign key check waits otherwise):
    one that holds a lock the caller waits for next would wait for the caller in turn, a deadlock.

    ``only_read``: the caller decides from the rows but writes none of them (PostgreSQL's ``FOR SHARE``): whoever
    writes them (an ``UPDATE``, or a ``FOR [NO KEY] UPDATE`` lock) waits for it, and it for them, but other such readers
    and the rows written meanwhile that refer to them do not.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    key = model.__mapper__.primary_key[0]  # type: ignore[attr-defined]
    query = select(model).where(key.in_(wanted)).order_by(key)
    if session.get_bind().dialect.name == "sqlite":
        _begin_immediate(session)
    else:
        query = query.with_for_update(of=model, read=only_read, key_share=others_may_refer and not only_read)
    rows = session.scalars(query.execution_options(populate_existing=True))
    return {getattr(row, key.key): row for row in rows}


def _begin_immediate(session: Session) -> None:
    connection = session.connection()
    if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_name(session: Session, name: str) -> None:
    """Lock a name until the transaction ends, for a rule about rows that do not exist yet (« one batch run at a time
    for the same parameters »): PostgreSQL's transaction-level advisory lock on the name's hash (two names sharing a
    hash only wait for one another); SQLite, as ``lock_rows``."""
    if session.get_bind().dialect.name == "sqlite":
        _begin_immediate(session)
    else:
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


def lock_row(session: Session, model: type[M], row_id: K, *, others_may_refer: bool = False,
             only_read: bool = False) -> M | None:
    """Lock one row (see ``lock_rows``); None when it does not exist."""
    return lock_rows(session, model, [row_id], others_may_refer=others_may_refer, only_read=only_read).get(row_id)


#: Said to a person whose account the administration deactivated while their request ran.
ACCOUNT_DEACTIVATED = ("Votre compte vient d'être désactivé par l'administration du site : rien n'a été enregistré. "
                       "Écrivez à l'équipe d'animation si c'est une erreur.")


def lock_active_account(session: Session, user_id: int) -> bool:
    """Lock the account's row (first, before the rows the operation counts) and say whether it is still active.

    A request is let in when its account is active; a deactivation can commit while it runs. An operation that
    gives the account something (a slot, a seat) asks this first: either it runs before the deactivation (which
    waits for it, and the account page then names what it took) or it sees the account deactivated and refuses.

    ``FOR NO KEY UPDATE`` (``others_may_refer``): it still waits for a deactivation (which takes the same lock) and
    for another such operation of the account, but not for a row being written that refers to the account — a mail
    or a notice under its bell, written by an operation that holds a slot or a seat this one waits for next (a
    lawyer closing the slot the person is moving off: each waited for the other, a deadlock).
    """
    from models import User  # here: this module stays generic otherwise

    account = lock_row(session, User, user_id, others_may_refer=True)
    return account is not None and account.is_active
