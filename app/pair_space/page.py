"""What the transfer page shows of the pair's space to one viewer: conversation, contacts, objectives,
day reports and the experience sheet."""

from __future__ import annotations

from dataclasses import dataclass

from app.edit_stamps import opened_token
from app.pair_space import conversation, experiences, objectives
from app.transfers.services import POLE, RESOURCE, sides_of
from models import ExperienceSheet, Pairing, PairingDay, PairingStatus, TransferObjective, User, utcnow


@dataclass(frozen=True)
class PairSpace:
    conversation: conversation.ConversationView
    objectives: list[TransferObjective]
    #: The pair (pole or resource person) may write objectives, reports and agreements.
    is_pair: bool
    is_pole: bool
    can_set_objectives: bool
    #: Days already begun, whose report can be written or read.
    reportable_days: list[PairingDay]
    sheet: ExperienceSheet | None
    completed: bool
    #: What the page shows of the sheet, carried by « Je suis d'accord » (``experiences.agree``: not a sheet changed
    #: since).
    sheet_read: str = ""
    #: The transfer is closed: its objectives are a record (``objectives.status_label``).
    ended: bool = False

    def status_of(self, objective: TransferObjective) -> str:
        """The objective's status as it reads now (« Non terminé à la fin du transfert » once closed)."""
        return objectives.status_label(objective, ended=self.ended)

    @property
    def unfinished_at_end(self) -> bool:
        return self.ended and any(o.status == "open" for o in self.objectives)


def pair_space_for(pairing: Pairing, viewer: User) -> PairSpace:
    sides = sides_of(pairing, viewer)
    is_pair = bool(sides & {POLE, RESOURCE})
    now = utcnow()
    return PairSpace(
        conversation=conversation.view_for(pairing, viewer), objectives=objectives.objectives_of(pairing),
        is_pair=is_pair, is_pole=POLE in sides,
        can_set_objectives=is_pair and conversation.is_open(pairing) and objectives.can_change(pairing),
        # Past the retention the reports are erased (``app.transfers.retention``): nothing to read or write.
        reportable_days=[] if conversation.is_erased(pairing) else [d for d in pairing.days
                                                                    if d.session.starts_at <= now],
        sheet=experiences.sheet_of(pairing), completed=pairing.status is PairingStatus.COMPLETED,
        sheet_read=opened_token(experiences.SHEET_EDIT, pairing) if is_pair else "",
        ended=not pairing.status.is_open,
    )
