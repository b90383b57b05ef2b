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
decisions about one pole's transfers do not wait for one another, nor do rows written meanwhile that refer to the
pole (a need, a notice's foreign keys); not ``FOR KEY SHARE``, which a move does not wait for.

The pole's row first, before every other lock of the decision (accounts, resource person, transfer, need): a move
holds the pole's row while it writes notices to the members of the cell it joins (their accounts' ``KEY SHARE``), and
a merge while it moves the needs, people and accounts of a pole — a decision holding one of those rows, then waiting
for the pole, would wait for them in turn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from app.extensions import db
from app.locks import lock_rows
from models import Pole


class OfAPole(Protocol):
    """A row that belongs to a pole: a need, a request to run a pole..."""

    pole_id: int


def lock_regions(pole_ids: Iterable[int], *, writes: bool = False) -> dict[int, Pole]:
    """Lock the rows of these poles (in id order) until the transaction ends and read them afresh: their regions
    stay what they read until it ends. ``writes``: the caller writes the pole's row next (``FOR NO KEY UPDATE``, as
    a move: two such callers holding ``FOR SHARE`` would each wait for the other to write). A pole gone is absent."""
    return lock_rows(db.session, Pole, pole_ids, others_may_refer=True, only_read=not writes)


def lock_region_of(row: OfAPole, *, writes: bool = False) -> Pole | None:
    """The pole ``row`` belongs to, locked and read afresh (``lock_regions``). A pole merged into another meanwhile
    left ``row`` to the pole kept: ``row`` is read again, and that pole locked. None when no pole is left."""
    pole = lock_regions([row.pole_id], writes=writes).get(row.pole_id)
    if pole is None and row in db.session:
        db.session.refresh(row)
        pole = lock_regions([row.pole_id], writes=writes).get(row.pole_id)
    return pole
