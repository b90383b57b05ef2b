"""Outbox enqueueing is idempotent and cancellable."""

from __future__ import annotations

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


def test_a_subject_quoting_a_title_typed_with_a_line_separator_is_sent_on_one_line(app, db, make_user):
    """A one-line field takes U+2028 (a line separator pasted from a PDF or a phone: not a control character), so a
    session title or a name can hold one. In a subject it made every attempt to build the mail raise (« Header values
    may not contain linefeed »), until the mail was given up; nor may a « \\n » start a new header."""
    from app.mail import memory_outbox
    from app.notifications.delivery import deliver_all_due

    user = make_user()
    enqueue(db, key="k:ls", to=user, subject="Inscription : « Atelier\u2028compost »", body="Corps")
    enqueue(db, key="k:nl", to=user, subject="Pôle X\r\nBcc:tous@exemple.fr", body="Corps")
    db.commit()
    assert deliver_all_due().sent == 2
    subjects = [message["Subject"] for message in memory_outbox(app)]
    assert subjects == ["Inscription\u00a0: «\u00a0Atelier compost\u00a0»", "Pôle X Bcc:tous@exemple.fr"]
    assert all(message["Bcc"] is None for message in memory_outbox(app))
