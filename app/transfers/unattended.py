"""A pole left without a facilitator on the site while its transfer goes on.

When the only facilitator of a pole deletes their account, the pole's agreed transfers keep their planned days
with the resource person, and nobody on the pole's side reads the site any more: no mail, no reminder reaches
the pole. The days are not cancelled (the pole may still come, organised offline), but the resource person and
the organisers who follow the transfer (``step_notices.recipients_of``: Avise, Coorace, the pole's regional CRA)
are told by mail, through the outbox, and the transfer's page says so to whoever reads it.

Its mail to the resource person takes the place of the scheduling backbone's « X ne participera plus » (the
departure's generic hook, ``app.privacy.hooks.leave_future_sessions``, whose « Rien d'autre ne change » would read
as if the pole were still there): it is queued first, under the same key (``participant_left_key``), so the
outbox keeps one of the two.

The help a resource person offered herself (« Je peux aider ») on a need of such a pole is the pole's to answer
(``states.answering_side``), and nobody there can: it would only expire. Its page says so too, to her and to the
organisers (``offer_unanswerable``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.links import absolute_url
from app.notifications.outbox import enqueue_template
from app.poles.facilitators import active_facilitators
from app.privacy.hooks import participant_left_key
from app.templating import format_date
from app.transfers.expiry import expires_at
from app.transfers.parties import organisers
from app.transfers.states import ORGANISER, RESOURCE, S
from app.typography import of_pole
from models import MeetingStatus, Need, Pairing, PairingDay, Role, User, utcnow

#: Agreed and not ended: a transfer whose days someone from the pole is expected at.
AGREED = (S.ACCEPTED, S.PLANNED, S.IN_PROGRESS)


def is_unattended(pairing: Pairing) -> bool:
    """An agreed transfer whose pole has no active facilitator account (deleted, deactivated, never invited)."""
    return pairing.status in AGREED and not active_facilitators(pairing.need.pole_id)


def offer_unanswerable(pairing: Pairing) -> bool:
    """The help a resource person offered, still waiting, on a need whose pole has no active facilitator account:
    nobody can accept or decline it (``states.answering_side``: the pole answers it), so it will only expire."""
    return (pairing.offered_by_person and pairing.status in (S.REQUESTED, S.VALIDATED)
            and not active_facilitators(pairing.need.pole_id))


def _offer_notice(pairing: Pairing, sides: set[str]) -> str:
    """``page_notice`` of an offer of help nobody on the pole's side can answer."""
    pole = of_pole(pairing.need.pole.name, "au")
    if pairing.status is S.VALIDATED:
        fate = f"sans réponse, cette proposition expirera le {format_date(expires_at(pairing))}."
    else:
        fate = "même validée, cette proposition expirera sans réponse."
    said = (f"Aucun compte d'animation n'est plus rattaché {pole} sur Entrepairs\u00a0: personne ne peut y accepter "
            f"ou décliner cette aide, et aucun e-mail ne parvient au pôle\u00a0; {fate}")
    if RESOURCE in sides:
        said += " Vous pouvez contacter le pôle directement, ou retirer votre proposition."
    if ORGANISER in sides:
        said += " L'administration peut rattacher un nouveau compte d'animation au pôle."
    return said


def page_notice(pairing: Pairing, sides: set[str]) -> str | None:
    """What the transfer's page says of a pole without facilitator, to the resource person and the organisers: an
    agreed transfer nobody follows on the pole's side, or an offer of help nobody there can answer."""
    if not sides & {RESOURCE, ORGANISER}:
        return None
    if offer_unanswerable(pairing):
        return _offer_notice(pairing, sides)
    if not is_unattended(pairing):
        return None
    pole = of_pole(pairing.need.pole.name, "au")
    ahead = len(_days_ahead(pairing, utcnow()))
    said = (f"Aucun compte d'animation n'est plus rattaché {pole} sur Entrepairs\u00a0: personne ne suit ce transfert "
            "côté pôle sur le site, et ni e-mail ni rappel ne parvient au pôle. " + (
                "Aucune journée n'est prévue pour l'instant." if not ahead
                else "La journée prévue reste planifiée, le pôle peut encore y venir." if ahead == 1
                else "Les journées prévues restent planifiées, le pôle peut encore y venir."))
    if RESOURCE in sides:
        said += (" Avant la prochaine journée, contactez le pôle directement pour savoir s'il vient." if ahead
                 else " Avant de planifier une journée, contactez le pôle directement.")
    if ORGANISER in sides:
        said += " L'administration peut rattacher un nouveau compte d'animation au pôle."
    return said


def _days_ahead(pairing: Pairing, now: datetime) -> list[PairingDay]:
    return sorted((day for day in pairing.days
                   if day.session.status is MeetingStatus.SCHEDULED and day.session.starts_at > now),
                  key=lambda day: day.session.starts_at)


def tell_pole_left_alone(session: Session, user: User, now: datetime) -> None:
    """Account deletion hook: the last facilitator of a pole leaves; each agreed transfer of the pole is told to its
    resource person and its organisers (its days stay)."""
    if user.role is not Role.FACILITATOR or user.pole_id is None:
        return
    if any(other.id != user.id for other in active_facilitators(user.pole_id)):
        return
    pairings = session.scalars(select(Pairing).join(Pairing.need).where(
        Need.pole_id == user.pole_id, Pairing.status.in_(AGREED)).order_by(Pairing.id)).all()
    for pairing in pairings:
        days = _days_ahead(pairing, now)
        person = pairing.resource_person.user if pairing.resource_person is not None else None
        told = {u.id: u for u in organisers(pairing.need.pole.region_code)}
        if person is not None and person.is_active:
            told[person.id] = person
        joined = [day for day in days if any(p.user_id == user.id for p in day.session.participants)]
        for recipient in told.values():
            key = (participant_left_key(joined[0].session_id, user.id, recipient.id)
                   if joined and recipient is person
                   else f"pairing:{pairing.id}:pole-left-alone:{user.id}:to:{recipient.id}")
            enqueue_template(
                session, key=key, to=recipient,
                subject=(f"Transfert «\u00a0{pairing.need.title}\u00a0»\u00a0: le pôle n'a plus de compte "
                         "d'animation sur Entrepairs")[:300],
                template="transfers/mail_pole_left_alone.txt", pairing=pairing, days=days,
                leaver_name=user.display_name, is_resource_person=recipient is person,
                link=absolute_url("transfers.show", pairing_id=pairing.id),
            )
