"""Whether a step of a transfer may be taken: the step exists (``states.TRANSITIONS``), its actor's side may take
it (``states.step_sides``: an answer, the side ``answering_side`` names), it carries the reason it needs, the
resource person has room for it. ``lifecycle.transition`` asks here for each step before recording any."""

from __future__ import annotations

from app.poles.need_status import lock_need
from app.transfers.pair_rules import _check_capacity, _check_commitment, _lock_person
from app.transfers.parties import sides_of
from app.transfers.states import ORGANISER, POLE, RESOURCE, SYSTEM, S, TransferError, answering_side, step_sides
from models import NeedStatus, Pairing, PairingStatus, User

#: Said to whoever engages a transfer (the person accepting, an organiser validating) on a need its pole closed since
#: the page was shown: the transfer would go on for a need nobody waits for.
NEED_CLOSED_MEANWHILE = {
    S.ACCEPTED: "Ce besoin a été clos par son pôle entre-temps : ce transfert ne peut plus être accepté. "
                "Rien n'a été enregistré ; vous pouvez le décliner.",
    S.VALIDATED: "Ce besoin a été clos par son pôle entre-temps : cette demande ne peut plus être validée. "
                 "Rien n'a été enregistré.",
}


#: Said to a pole declining, without a reason, the help a resource person offered: she reads it with the answer, and
#: the organisers (the step's mail).
WHY_DECLINE_POLE = ("Indiquez la raison du refus : la personne ressource et l'équipe d'animation la liront avec "
                    "votre réponse.")


def step_gone(from_status: PairingStatus, to_status: PairingStatus) -> str:
    """Why a step the page offered can no longer be taken: the transfer moved since (a double click, the other side
    or the expiry job at the same moment), said as what it is now."""
    if from_status is to_status:
        return (f"Cette étape a déjà été faite entre-temps : le transfert est déjà « {from_status.label} ». "
                "Rien de plus n'a été enregistré.")
    if not from_status.is_open:
        return f"Ce transfert est passé entre-temps à « {from_status.label} » : rien n'a été enregistré."
    return f"Impossible de passer de « {from_status.label} » à « {to_status.label} »."


def refuses_request(pairing: Pairing, to_status: PairingStatus, sides: set[str], *,
                    from_status: PairingStatus | None = None) -> bool:
    """An organiser (not the pole itself) cancelling a pole's request refuses it: the pole reads why."""
    was = pairing.status if from_status is None else from_status
    return was is S.REQUESTED and to_status is S.CANCELLED and ORGANISER in sides and POLE not in sides


def check_step(pairing: Pairing, from_status: PairingStatus, to_status: PairingStatus, *, actor: User | None,
               note: str) -> str:
    """Refuse the step ``from_status`` → ``to_status`` unless ``actor`` (None: the system) may take it as said;
    its note, stripped."""
    who = step_sides(pairing, from_status, to_status)
    if who is None:
        raise TransferError(step_gone(from_status, to_status))
    sides = {SYSTEM} if actor is None else sides_of(pairing, actor)
    if not sides & who:
        raise TransferError("Vous ne pouvez pas effectuer cette étape pour ce transfert.")
    note = (note or "").strip()
    if to_status is S.DECLINED and not note:
        raise TransferError(WHY_DECLINE_POLE if answering_side(pairing, from_status) == POLE else
                            "Indiquez la raison du refus : le pôle et l'équipe d'animation la liront "
                            "avec votre réponse.")
    if refuses_request(pairing, to_status, sides, from_status=from_status) and not note:
        raise TransferError("Indiquez la raison du refus : le pôle la lira avec la réponse à sa demande.")
    if to_status is S.VALIDATED:
        _check_capacity(_lock_person(pairing.resource_person))
    if to_status is S.ACCEPTED:  # her capacity, whoever answers: she is the one committing (the pole, for her offer)
        _check_commitment(_lock_person(pairing.resource_person), reader_is_person=RESOURCE in sides)
    # The need's row last (after the pairing's and the person's): its pole's « Clore » waits for this step, or is
    # read here — a transfer accepted on a closed need went on for nobody.
    if to_status in NEED_CLOSED_MEANWHILE and lock_need(pairing.need).status is NeedStatus.CLOSED:
        raise TransferError(NEED_CLOSED_MEANWHILE[to_status])
    return note
