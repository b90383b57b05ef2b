"""A pole's region read under its row lock, for a decision that depends on it.

A regional cell (CRA) decides for the poles of its region only (``app.access.policy``): it validates or refuses their
transfer requests, proposes them a resource person, decides who may run them, confirms them, records their
accompaniments, notes who came to the visits they host. A pole's region changes under its row lock (the pole's form,
the CSV import: ``FOR NO KEY UPDATE``, ``app.poles.services.update_pole``). A decision that read the region without a
lock could be taken by the CRA the pole had just left, and the CRA it joined was told of a request still waiting that
the other one had just decided (``app.poles.region_joined``).

Each such decision locks the pole's row first with ``lock_regions`` (``FOR SHARE``), then reads the region: a move
that committed meanwhile is read (the CRA left is refused, in the words it gets for another region's pole), or the
move waits until the decision commits, then counts what it decided. Those who hear of the decision (``organisers``
of that region) are computed in the same transaction, from the same region. ``FOR SHARE``, not a stronger lock: two
decisions about one pole do not wait for one another, nor do the rows written meanwhile that refer to the pole (a
need, an accompaniment: their foreign key's ``KEY SHARE``); not ``FOR KEY SHARE``, which a move does not wait for.

The pole's row before the other rows the decision locks (the accounts ``FOR UPDATE``, the resource person, the
transfer, the need): a move holds the pole's row while it writes notices to the members of the cell it joins (their
accounts' ``KEY SHARE``), and a merge while it moves the needs, people and accounts of a pole — a decision holding
one of those rows, then waiting for the pole, would wait for them in turn, a deadlock. (An account locked ``FOR NO
KEY UPDATE`` first, as a claim's decision does, ``lock_active_account``, is no such row: a notice may refer to it.
The expiry job locks a transfer before its pole: no writer of a pole waits for a transfer, and PostgreSQL grants a
``FOR SHARE`` beside another one even while a writer waits for the row.)
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.exc import InvalidRequestError

from app.extensions import db
from app.locks import lock_rows
from models import Pole


#: Said when the pole a decision is about was merged into another (or deleted) meanwhile: nothing was written.
POLE_GONE_MEANWHILE = ("Ce pôle n'existe plus : il a été fondu dans un autre pôle (ou supprimé) entre-temps. "
                       "Rien n'a été enregistré.")


def lock_regions(pole_ids: Iterable[int], *, writes: bool = False) -> dict[int, Pole]:
    """Lock the rows of these poles (in id order) until the transaction ends and read them afresh: their regions
    stay what they read until it ends. ``writes``: the caller writes the pole's row next (``FOR NO KEY UPDATE``, as
    a move: two such callers holding ``FOR SHARE`` would each wait for the other to write). A pole gone is absent."""
    return lock_rows(db.session, Pole, pole_ids, others_may_refer=True, only_read=not writes)


def lock_region_of(row: object, *, writes: bool = False, column: str = "pole_id") -> Pole | None:
    """The pole ``row`` belongs to (its ``column``: a need's, a request's ``pole_id``, a visit's ``host_pole_id``),
    locked and read afresh (``lock_regions``). A pole merged into another meanwhile left ``row`` to the pole kept:
    ``row`` is read again, and that pole locked. None when no pole is left."""
    pole_id = getattr(row, column)
    pole = lock_regions([pole_id], writes=writes).get(pole_id)
    if pole is None and row in db.session:
        try:
            db.session.refresh(row)
        except InvalidRequestError:  # the row went with its pole
            return None
        pole_id = getattr(row, column)
        pole = lock_regions([pole_id], writes=writes).get(pole_id)
    return pole
