"""The outbox reads the keys it holds once per object and transaction, not once per mail, with nobody asking: the
callers that mailed hundreds wrapped their loops for it (``mailing_many``), the others paid a query per mail.
What it read is forgotten on a rollback and at the end of the transaction; the unique key still guards the rest."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.notifications.outbox import LOOKED_UP_ALONE, enqueue
from models import OutboxMessage

MAILS = 40
on_postgresql = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                                   reason="needs TEST_DATABASE_URL pointing at PostgreSQL")


@contextmanager
def statements(session: Session) -> Iterator[Counter]:
    sent: Counter = Counter()

    def record(_conn, _cursor, statement, *_args) -> None:
        sent[" ".join(statement.split())[:60]] += 1

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _mail(db, key: str, to) -> OutboxMessage | None:
    return enqueue(db, key=key, to=to, subject="Merci", body="Corps")


def _keys(db) -> list[str]:
    return sorted(db.scalars(select(OutboxMessage.key)))


def _read_at_once(db, prefix: str, to) -> list[str]:
    """Enqueue keys of one object until the outbox reads its keys at once; those keys."""
    keys = [f"{prefix}first:{n}" for n in range(LOOKED_UP_ALONE + 1)]
    for key in keys:
        assert _mail(db, key, to) is not None
    return keys


def test_many_mails_cost_a_bounded_number_of_statements_without_any_wrapper(db, make_user):
    user = make_user()
    _mail(db, "agenda:7:registration:0:v1:registered", user)  # already in the outbox
    db.commit()
    with statements(db) as sent:
        added = [_mail(db, f"agenda:7:registration:{n}:v1:{event}", user)
                 for n in range(MAILS) for event in ("registered", "thanks")]
        db.flush()
    assert sum(m is not None for m in added) == 2 * MAILS - 1
    reads = sum(n for sql, n in sent.items() if sql.startswith("SELECT"))
    assert reads <= LOOKED_UP_ALONE + 1, sent  # a few keys alone, then the object's keys at once: not one per mail
    # and nothing else but the mails written at the flush (one INSERT each on SQLite, batched on PostgreSQL)
    assert {sql.split(" (")[0] for sql in sent if not sql.startswith("SELECT")} == {"INSERT INTO outbox_messages"}
    db.commit()
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 2 * MAILS


def test_a_few_mails_of_one_object_are_looked_up_by_their_keys_alone(db, make_user):
    """A booking's two mails: two look-ups the unique index answers, not a read of all the object's keys (a scan)."""
    user = make_user()
    with statements(db) as sent:
        for n in range(2):
            _mail(db, f"booking:9:mail:{n}:user:1", user)
    assert not [sql for sql in sent if " LIKE " in sql.upper() or "key\" FROM" in sql], sent
    assert sum(n for sql, n in sent.items() if sql.startswith("SELECT")) == 2


def test_a_key_held_is_never_enqueued_twice_whether_committed_or_of_this_transaction(db, make_user):
    user = make_user()
    _mail(db, "booking:3:confirmation:user:1", user)
    db.commit()
    assert _mail(db, "booking:3:confirmation:user:1", user) is None  # looked up alone
    assert _mail(db, "booking:3:reminder:user:1", user) is not None
    with db.no_autoflush:  # a key still pending, not flushed, counts too
        assert _mail(db, "booking:3:reminder:user:1", user) is None
    read = _read_at_once(db, "booking:3:", user)
    assert _mail(db, "booking:3:confirmation:user:1", user) is None  # among the object's keys read at once
    assert _mail(db, "booking:3:reminder:user:1", user) is None
    assert _mail(db, read[0], user) is None
    assert _mail(db, "booking:33:confirmation:user:1", user) is not None  # another object
    assert _mail(db, "auth:confirm:user:1:2026", user) is not None  # no object: looked up alone
    assert _mail(db, "auth:confirm:user:1:2026", user) is None
    db.commit()
    assert _keys(db) == sorted(["auth:confirm:user:1:2026", "booking:33:confirmation:user:1",
                                "booking:3:confirmation:user:1", "booking:3:reminder:user:1", *read])


def test_keys_taken_back_by_a_rollback_are_enqueued_again(db, make_user):
    user = make_user()
    read = _read_at_once(db, "agenda:1:", user)
    with pytest.raises(RuntimeError), db.begin_nested():
        assert _mail(db, "agenda:1:c", user) is not None
        raise RuntimeError("the savepoint rolls back")
    assert _mail(db, "agenda:1:c", user) is not None
    db.rollback()
    assert all(_mail(db, key, user) is not None for key in read)
    db.commit()
    assert _keys(db) == read


def test_messages_deleted_no_longer_hold_their_keys(db, make_user):
    user = make_user()
    read = _read_at_once(db, "agenda:2:", user)
    db.execute(delete(OutboxMessage).where(OutboxMessage.key == read[0]))
    assert _mail(db, read[0], user) is not None
    db.commit()
    assert _keys(db) == read


def test_what_was_read_is_forgotten_when_the_transaction_ends(db, make_user):
    """Another transaction may enqueue meanwhile: the next one reads again."""
    user = make_user()
    read = _read_at_once(db, "agenda:5:", user)
    db.commit()
    email = user.email
    with Session(db.get_bind()) as other:
        _mail(other, "agenda:5:c", email)
        other.commit()
    assert _mail(db, "agenda:5:d", user) is not None
    assert _mail(db, "agenda:5:c", user) is None
    db.commit()
    assert _keys(db) == sorted([*read, "agenda:5:c", "agenda:5:d"])


@pytest.mark.postgres
@on_postgresql
def test_a_key_enqueued_meanwhile_by_another_transaction_is_refused_by_the_unique_key(db, make_user):
    user = make_user()
    db.commit()
    email = user.email
    _read_at_once(db, "agenda:6:", user)  # this transaction goes on
    with Session(db.get_bind()) as other:
        _mail(other, "agenda:6:c", email)
        other.commit()
    _mail(db, "agenda:6:c", user)
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    assert _mail(db, "agenda:6:c", user) is None  # read again after the rollback
    assert _keys(db) == ["agenda:6:c"]


@pytest.mark.postgres
@on_postgresql
def test_two_transactions_mailing_the_same_people_at_once_write_each_mail_once(db, make_user):
    email = make_user().email
    db.commit()
    keys = [f"agenda:8:registration:{n}:v1:changed" for n in range(MAILS)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def mail_everyone() -> None:
        with Session(db.get_bind()) as session:
            try:
                with session.no_autoflush:  # both read the object's keys before either writes
                    for key in keys[:LOOKED_UP_ALONE + 1]:
                        _mail(session, key, email)
                barrier.wait(timeout=30)
                for key in keys[LOOKED_UP_ALONE + 1:]:
                    _mail(session, key, email)
                session.commit()
                outcomes.append("committed")
            except IntegrityError:
                outcomes.append("refused")

    threads = [threading.Thread(target=mail_everyone) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["committed", "refused"]
    assert _keys(db) == sorted(keys)


@pytest.mark.postgres
@on_postgresql
def test_an_object_s_keys_read_at_once_come_from_an_index_not_a_scan_of_the_outbox(db, make_user):
    """The outbox keeps every message; its unique index on the key follows the database's collation and serves
    no ``LIKE 'agenda:9:%'`` unless it is C: the read at once was a scan of the whole table (50,000 rows: 7.5 ms,
    against 0.3 ms through ``ix_outbox_messages_key_prefix``). The plan of the very statement the outbox sends,
    scans forbidden: the prefix must be an index condition (a scan would remain, or a whole index read)."""
    user = make_user()
    for n in range(30):
        _mail(db, f"agenda:{n}:registration:1:v1:registered", user)
    db.commit()
    sent: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, *_args) -> None:
        if " LIKE " in statement:
            sent.append((statement, parameters))

    event.listen(db.get_bind(), "before_cursor_execute", record)
    try:
        _read_at_once(db, "agenda:9:", user)
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", record)
    assert len(sent) == 1, sent
    statement, parameters = sent[0]
    connection = db.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = "\n".join(connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars())
    db.rollback()
    assert "Seq Scan" not in plan and "Index Cond" in plan and "agenda:9:" in plan.split("Index Cond", 1)[1], plan
