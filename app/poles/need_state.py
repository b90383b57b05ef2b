"""What a need's status says to its pole once the transfer that served it is over.

A need is « En cours » from its first accepted transfer, and stays so after that transfer is completed: only its
pole knows whether the know-how it asked for was transmitted, so nothing closes it on its own. But « En cours » with
nothing going on misleads its pole (walk: a completed transfer's need read « En cours » for weeks). Such a need
reads « Transfert terminé », and its pole is asked, where it sees the need, whether to close it — in one click,
unless another request or proposal still waits on the need (closing it would leave that one hanging: the pole
decides it first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.typography import count
from models import Need, NeedStatus, Pairing, PairingStatus

S = PairingStatus
#: A transfer under way: its need is « En cours », whatever else happened on it.
UNDER_WAY = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS)
#: A request or a proposal not answered yet: it still waits on the need.
WAITING = (S.REQUESTED, S.PROPOSED, S.VALIDATED)
TRANSFER_DONE = "Transfert terminé"


@dataclass(frozen=True)
class NeedState:
    """The status a need's pole reads, and what is asked of it."""

    label: str
    #: The transfer is completed and nothing else waits on the need: « Ce besoin est-il couvert ? Clore ».
    to_close: bool = False
    #: How many transfers of the need are completed (said when its transfer is over).
    completed: int = 0
    #: What still waits on a need whose transfer is completed (« 1 autre transfert en attente »).
    waiting: str = ""

    @property
    def transfer_done(self) -> bool:
        return self.label == TRANSFER_DONE


def need_states(needs: Sequence[Need]) -> dict[int, NeedState]:
    """Each need's state, by id: one query for the needs « En cours » among them (a pole's page lists them all)."""
    in_progress = [need.id for need in needs if need.status is NeedStatus.IN_PROGRESS]
    statuses: dict[int, list[PairingStatus]] = {}
    if in_progress:
        for need_id, status in db.session.execute(
                select(Pairing.need_id, Pairing.status).where(
                    Pairing.need_id.in_(in_progress), Pairing.status.in_((*UNDER_WAY, *WAITING, S.COMPLETED)))):
            statuses.setdefault(need_id, []).append(status)
    return {need.id: _state(need, statuses.get(need.id, [])) for need in needs}


def need_state(need: Need) -> NeedState:
    return need_states([need])[need.id]


def _state(need: Need, statuses: list[PairingStatus]) -> NeedState:
    if need.status is not NeedStatus.IN_PROGRESS or S.COMPLETED not in statuses \
            or any(status in UNDER_WAY for status in statuses):
        return NeedState(need.status.label)
    waiting = sum(status in WAITING for status in statuses)
    return NeedState(TRANSFER_DONE, to_close=not waiting, completed=statuses.count(S.COMPLETED),
                     waiting=count(waiting, "autre transfert en attente", "autres transferts en attente") if waiting else "")
