"""A notice under the bell for each transfer step, for the people its mail goes to.

The transfers' lifecycle mails each step (``app.transfers.services``, left untouched here); this
hook listens to the session: each new ``PairingEvent`` (a step recorded) gives a notice to the
same people — the pole's facilitators, the resource person (not for a pole's request), the
organisers of the region for the steps they hear about — minus the one who took the step. The
notice is marked as already mailed (the step's own mail carries it), so no digest repeats it.
A person already noticed about the same transfer in the same flush (« Je peux aider ») gets one notice; several
steps of a transfer in one flush give one notice, of the last.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.transfers import services as transfers
from models import Notification, PairingEvent, User, utcnow

_PENDING = "pair_space_step_events"


def recipients(event_row: PairingEvent) -> list[User]:
    """Who hears about the step by mail (``transfers.step_recipients``), minus its actor."""
    return [user for user in transfers.step_recipients(event_row.pairing, event_row.to_status)
            if user.id != event_row.actor_id]


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context: object) -> None:
    steps = [obj for obj in session.new if isinstance(obj, PairingEvent)]
    if steps:
        told = {(n.user_id, n.url) for n in session.new if isinstance(n, Notification)}
        session.info.setdefault(_PENDING, []).append((steps, told))


@event.listens_for(Session, "after_flush_postexec")
def _notice(session: Session, _context: object) -> None:
    batches = session.info.pop(_PENDING, None)
    if not batches:
        return
    now = utcnow()
    for steps, told in batches:
        # Several steps of one transfer in one go (a held first day: planned, then in progress): its last one is
        # told, as its one mail is (``lifecycle.transition``, ``via``).
        last = {id(step.pairing): step for step in steps}  # in the order they were added
        for step in last.values():
            pairing = step.pairing
            if pairing is None or step.to_status not in transfers.STEP_VERBS:
                continue
            url = f"/transferts/{pairing.id}"
            for user in recipients(step):
                if (user.id, url) in told:
                    continue
                told.add((user.id, url))
                text = transfers.step_title(pairing, step.to_status, user)  # the mail's subject
                session.add(Notification(user_id=user.id, category="step", text=text, url=url,
                                         created_at=now, digested_at=now))
