"""Outbox enqueueing is idempotent and cancellable."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.notifications.outbox import cancel_pending, enqueue
from models import OutboxMessage


def test_enqueue_same_key_twice_adds_one(db, make_user):
    user = make_user()
    assert enqueue(db, key="k:1", to=user, subject="Sujet", body="Corps") is not None
    db.commit()
    assert enqueue(db, key="k:1", to=user, subject="Sujet", body="Corps") is None
    db.commit()
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert db.scalars(select(OutboxMessage)).one().to_email == user.email


def test_cancel_pending_by_prefix(db, make_user):
    user = make_user()
    for key in ("booking:1:reminder", "booking:1:confirmation", "booking:12:reminder"):
        enqueue(db, key=key, to=user, subject="s", body="b")
    db.commit()
    assert cancel_pending(db, key_prefix="booking:1:") == 2
    db.commit()
    live = {m.key for m in db.scalars(select(OutboxMessage).where(OutboxMessage.cancelled_at.is_(None)))}
    assert live == {"booking:12:reminder"}


def test_every_subject_gets_its_french_spacing_once_in_the_outbox(db, make_user):
    """A subject written with plain spaces, or quoting a title typed « Atelier : coop », still never lets
    « : » or « » » start a line: the outbox spaces every subject, not each place that writes one."""
    enqueue(db, key="k:fr", to=make_user(), subject="Rappel : « Atelier : coop » ?", body="Corps")
    db.commit()
    assert db.scalars(select(OutboxMessage)).one().subject == "Rappel\u00a0: «\u00a0Atelier\u00a0: coop\u00a0»\u00a0?"


def test_an_attachment_given_as_a_function_is_written_again_at_commit_then_forgotten(db, make_user):
    """What a unit of work changes after the mail was queued reaches its attachment (an .ics's SEQUENCE);
    a savepoint released on the way does not end that; once committed, later commits leave the mail alone."""
    user = make_user()
    state = {"sequence": 1}
    enqueue(db, key="k:ics", to=user, subject="Sujet", body="Corps",
            attachment=("a.ics", "text/calendar", lambda: f"SEQUENCE:{state['sequence']}".encode()))
    with db.begin_nested():
        state["sequence"] = 2
    state["sequence"] = 3
    db.commit()
    message = db.scalars(select(OutboxMessage)).one()
    assert (message.attachment_name, message.attachment_data) == ("a.ics", b"SEQUENCE:3")
    state["sequence"] = 4
    make_user()
    db.commit()
    db.expire_all()
    assert db.scalars(select(OutboxMessage)).one().attachment_data == b"SEQUENCE:3"


def test_a_rolled_back_attachment_function_is_not_called_again(db, make_user):
    user = make_user()
    calls = []
    enqueue(db, key="k:gone", to=user, subject="Sujet", body="Corps",
            attachment=("a.ics", "text/calendar", lambda: calls.append(1) or b"x"))
    db.rollback()
    make_user()
    db.commit()
    assert calls == [1] and db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.typed_mail_text  # « Bcc: x@y » is the name as typed, its colon unspaced
def test_a_subject_quoting_a_name_with_line_breaks_is_sent_on_one_line_with_no_header_slipped_in(app, db, make_user):
    """A pole imported from a CSV with a line break in its name (« Pôle\\nBcc: x@y »): its subject was refused by
    ``email`` at each try (« Header values may not contain linefeed »), and the mail given up; now it leaves on one
    line, and the « Bcc » stays words of the subject."""
    from app.mail import memory_outbox
    from app.notifications.delivery import deliver_all_due

    name = "Pôle des Coteaux\r\nBcc: x@y\u2028\x85 Suite"
    enqueue(db, key="k:nl", to=make_user(), subject=f"Demande pour animer « {name} »", body="Corps")
    db.commit()
    assert db.scalars(select(OutboxMessage)).one().subject == \
        "Demande pour animer «\u00a0Pôle des Coteaux Bcc: x@y Suite\u00a0»"
    assert deliver_all_due().sent == 1
    sent = memory_outbox(app)[0]
    assert sent["Bcc"] is None and "Bcc: x@y" in str(sent["Subject"])
