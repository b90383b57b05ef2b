"""The mails the outbox gave up on, for administrators: listed, counted, sent again (journaled)."""

from __future__ import annotations

from app.admin import audit
from app.admin.accounts import AdminRefused
from app.notifications import given_up
from app.notifications.given_up import PAGE_LIMIT, GivenUpMail, Retrying, count_given_up, given_up_mails, retrying
from app.transactions import transactional
from models import User

__all__ = ["PAGE_LIMIT", "GivenUpMail", "Retrying", "count_given_up", "given_up_mails", "retrying", "send_again"]

NO_LONGER_GIVEN_UP = ("Cet e-mail n'est plus parmi les abandonnés : il a déjà été remis dans la file d'envoi "
                      "(un autre clic, une autre personne), ou son texte a été effacé après la durée de conservation.")


@transactional
def send_again(*, admin: User, message_id: int) -> GivenUpMail:
    """Put a given-up mail back in the outbox (attempts from zero) and journal it; ``AdminRefused`` when it is no
    longer given up (a double click's second request)."""
    was = given_up.send_again(message_id)
    if was is None:
        raise AdminRefused(NO_LONGER_GIVEN_UP)
    audit.record(actor=admin, action="outbox.send_again", target_type="outbox_message", target_id=was.id,
                 target_label=f"« {was.subject} » à {was.to_email}",
                 before={"tentatives": was.attempts, "erreur": was.reason}, after={"tentatives": 0})
    return was
