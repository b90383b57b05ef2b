"""A transfer's status in the words of whoever reads it, and the words under which transfers are counted.

``PairingStatus.label`` names the usual case: a pole asks (« Demandé par le pôle »), the resource person accepts
(« Accepté par la personne ressource »). The help a resource person offered herself (« Je peux aider ») goes the
other way: she proposed it, the pole accepts it (``states.answering_side``). One pairing reads in its own words
(``status_words``); a count of pairings of both kinds reads in words true of both (``counted_label``).
"""

from __future__ import annotations

from models import Pairing, PairingStatus

S = PairingStatus
#: Her own offer, as others read it.
OFFERED = "Proposé par la personne ressource"
#: Her own offer, as she reads it herself.
OFFERED_BY_YOU = "Proposé par vous"
ACCEPTED_BY_POLE = "Accepté par le pôle"
#: An acceptance whose author is not known: before the pole answered offers, the person accepted her own.
ACCEPTED = "Accepté"

#: A status as a count of pairings of every kind names it: an acceptance may be the pole's (the help a person
#: offered), so the count of acceptances does not say « par la personne ressource »; a request waiting for its
#: validation may be her offer, so its count does not say « demandé par le pôle ».
COUNTED_LABELS: dict[PairingStatus, str] = {S.ACCEPTED: ACCEPTED, S.REQUESTED: "À valider par l'équipe d'animation"}


def counted_label(status: PairingStatus) -> str:
    """The words a count of pairings at ``status`` goes under (statistics, follow-up breakdown, CSV headers)."""
    return COUNTED_LABELS.get(status, status.label)


def row_words(status: PairingStatus, *, offered: bool) -> str:
    """A status in a list of pairings read as rows (no pairing loaded): ``offered``, the help the person offered."""
    if offered and status is S.REQUESTED:
        return OFFERED
    return ACCEPTED if offered and status is S.ACCEPTED else status.label


def status_words(pairing: Pairing, status: PairingStatus | None = None, *, actor_id: int | None = None,
                 reader_id: int | None = None) -> str:
    """``pairing`` at ``status`` (its own by default) as ``reader_id`` reads it; ``actor_id``: who took that step,
    when known (a step of its history). Her own offer is « Proposé par vous » to the person who made it."""
    status = status or pairing.status
    person = pairing.resource_person
    if person is None or not pairing.offered_by_person:
        return status.label
    if status is S.REQUESTED:
        return OFFERED_BY_YOU if reader_id is not None and reader_id == person.user_id else OFFERED
    if status is S.ACCEPTED:
        if actor_id is None:
            return ACCEPTED
        return status.label if actor_id == person.user_id else ACCEPTED_BY_POLE
    return status.label
