"""« Proposer un échange »: a pole's facilitator writes to the facilitators of a peer pole suggested to it.

The message goes under their bell and by mail, with a link back to the sender's pole. Sent twice
(double click, retry) with the same form key, it reaches them once (outbox and notice keys).
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.notifications.inbox import notify
from app.pair_space.initiative import InitiativeRefused, clean_message
from app.transactions import transactional
from app.transfers import services as transfers
from models import OutboxMessage, Pole, Role, User


def reachable(poles: list[Pole]) -> set[int]:
    """The ids of ``poles`` an exchange can be proposed to: those with a facilitator on the site (the rule
    ``propose_exchange`` applies; a pole page offers the form to these only)."""
    return {pole.id for pole in poles if transfers.facilitators_of(pole.id)}


@transactional
def propose_exchange(*, sender: User, from_pole: Pole, to_pole: Pole, message: str,
                     idempotency_key: str) -> int:
    """Tell ``to_pole``'s facilitators; returns how many were told (0 when this form was already sent)."""
    key = (idempotency_key or "")[:64]
    if len(key) < 16:
        raise InitiativeRefused("Le formulaire a expiré : rechargez la page et réessayez.")
    if not (sender.role is Role.FACILITATOR and sender.is_active and sender.pole_id == from_pole.id):
        raise InitiativeRefused("Seul·e un·e animateur·rice du pôle peut proposer un échange en son nom.")
    if to_pole.id == from_pole.id:
        raise InitiativeRefused("Choisissez un autre pôle que le vôtre.")
    text = clean_message(message)
    recipients = transfers.facilitators_of(to_pole.id)
    if not recipients:  # see ``reachable``
        raise InitiativeRefused(f"{to_pole.name} n'a pas encore d'animateur·rice inscrit·e sur Entrepairs.")
    url = f"/poles/{from_pole.id}"
    told = 0
    for user in recipients:
        notice_key = f"exchange:{key}:user:{user.id}"
        # "exchange" notices are always mailed at once: the outbox key says the form was already sent.
        if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == notice_key)) is not None:
            continue
        notify(user=user, category="exchange", text=f"{from_pole.name} vous propose un échange",
               url=url, key=notice_key, subject=f"{from_pole.name} vous propose un échange",
               template="pair_space/mail_exchange.txt", sender=sender, from_pole=from_pole, to_pole=to_pole,
               body=text)
        told += 1
    return told
