"""A step of a transfer's history said as a sentence, by whoever took it, to whoever reads it.

« Mireille Castagné : Proposé par vous » said who twice (the name, then « par vous »), and « Camille : Demandé par le
pôle » as well: a status label names its author. A history line is who did what: « Mireille Castagné a proposé son
aide », « Vous avez proposé votre aide » to her, « Entrepairs a annulé le transfert » when the platform did.
"""

from __future__ import annotations

from app.access import policy
from models import Pairing, PairingEvent, PairingStatus

S = PairingStatus

#: What was done, after « a » / « avez » (``{own}``: « son » or « votre »; ``{own_f}``: « sa » or « votre »).
DONE: dict[PairingStatus, str] = {
    S.REQUESTED: "demandé ce transfert",
    S.PROPOSED: "proposé ce transfert",
    S.VALIDATED: "validé la demande",
    S.ACCEPTED: "accepté ce transfert",
    S.DECLINED: "décliné ce transfert",
    S.PLANNED: "planifié le transfert",
    S.IN_PROGRESS: "commencé le transfert",
    S.COMPLETED: "marqué le transfert comme terminé",
    S.CANCELLED: "annulé le transfert",
    S.EXPIRED: "clos la demande",
}
#: A request or proposal left unanswered, closed by the platform (its note says for how long).
EXPIRED = {S.PROPOSED: "clos la proposition"}
EXPIRED_OFFER = "clos la proposition d'aide"
#: The help a resource person offered herself (« Je peux aider »): she proposed it, the pole accepts or declines it.
DONE_OFFERED: dict[PairingStatus, str] = {
    S.REQUESTED: "proposé {own} aide",
    S.VALIDATED: "validé la proposition d'aide",
    S.ACCEPTED: "accepté cette aide",
    S.DECLINED: "décliné cette aide",
}
#: Whoever deleted their account since: the step stays, its author unnamed.
SOMEONE_GONE = "Une personne dont le compte a été supprimé depuis"
PLATFORM = "Entrepairs"


def _withdrawn(pairing: Pairing, event: PairingEvent, herself: bool) -> str | None:
    """A request (or an offer) cancelled before its answer: withdrawn by whoever asked, refused by an organiser
    before its validation, cancelled by anyone else; None for any other step."""
    if event.to_status is not S.CANCELLED or event.from_status not in (S.REQUESTED, S.VALIDATED) or event.by_system:
        return None
    what = "la proposition d'aide" if pairing.offered_by_person else "la demande"
    asked = herself if pairing.offered_by_person else event.actor_id == pairing.requested_by_id
    if asked and event.actor_id is not None:
        return "retiré {own_f} " + what.removeprefix("la ")
    if event.from_status is S.REQUESTED and event.actor is not None and policy.is_organiser(event.actor):
        return "refusé " + what
    return "annulé " + what


def _done(pairing: Pairing, event: PairingEvent) -> str:
    """What ``event`` did, as a verb's complement (« {own} »: the possessive, for ``history_line``)."""
    status = event.to_status
    person = pairing.resource_person
    herself = person is not None and event.actor_id is not None and event.actor_id == person.user_id
    if (withdrawn := _withdrawn(pairing, event, herself)) is not None:
        return withdrawn
    if status is S.EXPIRED:
        return EXPIRED_OFFER if pairing.offered_by_person else EXPIRED.get(event.from_status, DONE[status])
    if pairing.offered_by_person and status in DONE_OFFERED:
        if status is S.ACCEPTED and herself:  # before the pole answered offers, she accepted her own
            return DONE[status]
        return DONE_OFFERED[status]
    return DONE[status]


def history_line(pairing: Pairing, event: PairingEvent, *, reader_id: int | None) -> str:
    """``event`` of ``pairing`` as ``reader_id`` reads it: « Vous avez … » when she took that step herself."""
    done = _done(pairing, event)
    if reader_id is not None and event.actor_id == reader_id:
        return "Vous avez " + done.format(own="votre", own_f="votre")
    if event.actor is not None:
        return f"{event.actor.display_name} a " + done.format(own="son", own_f="sa")
    return f"{PLATFORM if event.by_system else SOMEONE_GONE} a " + done.format(own="son", own_f="sa")
