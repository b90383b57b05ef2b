"""The transfer lifecycle's vocabulary: statuses by role, the sides of a pairing, who may take each step,
the words of its buttons and mails, and the area's refusal.

Steps (``TRANSITIONS`` says who may take each one)::

    suggested ─┬─> requested (the pole's facilitator asks for a resource person, with a message)
               └─> proposed  (an organiser proposes; a batch approval proposes many at once)
    requested ──> validated  (an organiser)            proposed/validated ──> accepted | declined
    accepted ──> planned (a first transfer day is scheduled) ──> in_progress ──> completed
    any open step ──> cancelled;   requested/proposed/validated unanswered ──> expired (the system)

A proposal already carries an organiser's validation, so the resource person answers it directly. Who answers a
pending pairing is one rule, ``answering_side``: the organisers a request, the resource person a proposal or a pole's
request once validated, and the pole's facilitators the help a resource person offered herself (« Je peux aider »)
once validated — it is the pole's need, and the pole may prefer someone else (issue #19). Whoever asked
(``requesting_side``: the pole for its request, the person for her offer) may withdraw it while it waits.
"""

from __future__ import annotations

from app.refused import Refused
from models import NeedKind, Pairing, PairingStatus

S = PairingStatus
POLE, RESOURCE, ORGANISER, SYSTEM = "pole", "resource", "organiser", "system"
EVERYONE = frozenset({POLE, RESOURCE, ORGANISER})
#: In ``TRANSITIONS``: the side whose answer the pairing awaits (``answering_side``), not a fixed one.
ANSWERER = "answerer"
ANSWER = frozenset({ANSWERER})
#: In ``TRANSITIONS``: the side that asked (``requesting_side``): it may withdraw what it asked while it waits.
REQUESTER = "requester"

#: (from, to) → the sides allowed to take the step.
TRANSITIONS: dict[tuple[PairingStatus, PairingStatus], frozenset[str]] = {
    (S.SUGGESTED, S.REQUESTED): frozenset({POLE}),
    (S.SUGGESTED, S.PROPOSED): frozenset({ORGANISER}),
    (S.SUGGESTED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.REQUESTED, S.VALIDATED): ANSWER,
    (S.REQUESTED, S.CANCELLED): frozenset({POLE, ORGANISER, REQUESTER}),
    (S.REQUESTED, S.EXPIRED): frozenset({SYSTEM}),
    (S.PROPOSED, S.ACCEPTED): ANSWER,
    (S.PROPOSED, S.DECLINED): ANSWER,
    (S.PROPOSED, S.CANCELLED): frozenset({POLE, ORGANISER}),
    (S.PROPOSED, S.EXPIRED): frozenset({SYSTEM}),
    (S.VALIDATED, S.ACCEPTED): ANSWER,
    (S.VALIDATED, S.DECLINED): ANSWER,
    # Validated, the pole withdraws what it asked (it is the requester); the help a person offered it declines, with
    # the reason she reads: « Annuler » beside « Décliner cette aide » turned the refusal into one without a reason.
    (S.VALIDATED, S.CANCELLED): frozenset({ORGANISER, REQUESTER}),
    (S.VALIDATED, S.EXPIRED): frozenset({SYSTEM}),
    (S.ACCEPTED, S.PLANNED): EVERYONE,
    (S.ACCEPTED, S.CANCELLED): EVERYONE,
    (S.PLANNED, S.IN_PROGRESS): EVERYONE,
    (S.PLANNED, S.CANCELLED): EVERYONE,
    (S.IN_PROGRESS, S.COMPLETED): EVERYONE,
    (S.IN_PROGRESS, S.CANCELLED): EVERYONE,
}


def answering_side(pairing: Pairing, status: PairingStatus | None = None) -> str | None:
    """The side whose answer ``pairing`` awaits in ``status`` (its own by default), None when it awaits none:
    organisers validate a request; the resource person answers a proposal and a pole's request once validated; the
    pole's facilitators answer the help a resource person offered herself once validated (she waits, as a pole
    waits for hers). Steps, pages, lists « à vous de répondre », mails, reminders all ask here."""
    status = pairing.status if status is None else status
    if status is S.REQUESTED:
        return ORGANISER
    if status is S.PROPOSED:
        return RESOURCE
    if status is S.VALIDATED:
        return POLE if pairing.offered_by_person else RESOURCE
    return None


def requesting_side(pairing: Pairing) -> str | None:
    """The side that asked for ``pairing``: the resource person for the help she offered, the pole for its request,
    None for a proposal (the organisers')."""
    if pairing.offered_by_person:
        return RESOURCE
    return POLE if pairing.requested_by_id is not None else None


def step_sides(pairing: Pairing, from_status: PairingStatus, to_status: PairingStatus) -> frozenset[str] | None:
    """The sides that may take the step ``from_status`` → ``to_status`` of ``pairing`` (``TRANSITIONS``, its
    answer given to ``answering_side``, a withdrawal to ``requesting_side``); None when there is no such step."""
    who = TRANSITIONS.get((from_status, to_status))
    if who is None or not who & {ANSWERER, REQUESTER}:
        return who
    named = {ANSWERER: answering_side(pairing, from_status), REQUESTER: requesting_side(pairing)}
    return frozenset(side for side in (named.get(one, one) for one in who) if side is not None)


#: Waiting for someone's answer: reminded, then expired when left unanswered.
AWAITING = (S.REQUESTED, S.PROPOSED, S.VALIDATED)
#: Count against the resource person's yearly capacity (see ``app.transfers.pair_rules``).
LOAD_STATUSES = (S.PROPOSED, S.VALIDATED, S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED)
OPEN_STATUSES = tuple(s for s in PairingStatus if s.is_open)
#: Closed for good (completed, cancelled, declined, expired): the retention of their messages runs from here.
CLOSED_STATUSES = tuple(s for s in PairingStatus if not s.is_open)
#: Needs that a resource person can answer: transfers, and "any kind of help".
TRANSFER_NEED_KINDS = (NeedKind.TRANSFER, NeedKind.ANY)
#: Organisers hear about these steps; the pole and the resource person hear about every step.
ORGANISER_STEPS = (S.REQUESTED, S.DECLINED, S.CANCELLED, S.EXPIRED, S.COMPLETED)

#: What the button of each step says (an action, where the status label says a state).
STEP_ACTIONS: dict[PairingStatus, str] = {
    S.VALIDATED: "Valider la demande",
    S.ACCEPTED: "Accepter ce transfert",
    S.DECLINED: "Décliner",
    S.PLANNED: "Planifier",
    S.IN_PROGRESS: "Commencer le transfert",
    S.COMPLETED: "Marquer le transfert comme terminé",
    S.CANCELLED: "Annuler le transfert",
}

STEP_VERBS: dict[PairingStatus, str] = {
    S.REQUESTED: "Nouvelle demande de transfert",
    S.PROPOSED: "Proposition de transfert de savoir-faire",
    S.VALIDATED: "Demande de transfert validée",
    S.ACCEPTED: "Transfert accepté",
    S.DECLINED: "Transfert décliné",
    S.PLANNED: "Transfert planifié",
    S.IN_PROGRESS: "Transfert commencé",
    S.COMPLETED: "Transfert terminé",
    S.CANCELLED: "Transfert annulé",
    S.EXPIRED: "Demande de transfert expirée",
}


class TransferError(Refused):
    """The transfer area's refusal (a step, a pair, a run); ``str()`` is a French message for the user."""


#: Steps that end a transfer with days maybe still planned: those days are taken out of everyone's calendar
#: (a cancelled transfer's, and a completed one's that were never needed).
ENDING_STEPS = (S.CANCELLED, S.COMPLETED)

#: Transfers the resource person has said yes to.
COMMITTED_STATUSES = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS, S.COMPLETED)
