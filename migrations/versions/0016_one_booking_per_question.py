"""Bookings get a question key: one open Juri-PTCE booking per person and question

Revision ID: 0016_one_booking_per_question
Revises: 0015_pole_claims
Create Date: 2026-12-04 14:10:00
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0016_one_booking_per_question"
down_revision = "0015_pole_claims"
branch_labels = None
depends_on = None

OPEN = ("confirmed", "offered", "waitlisted")


def _key(question: str) -> str:
    return hashlib.sha256(" ".join(question.casefold().split()).encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("question_key", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    bookings = sa.table("bookings", sa.column("id", sa.Integer), sa.column("booker_id", sa.Integer),
                        sa.column("question", sa.Text), sa.column("status", sa.String),
                        sa.column("question_key", sa.String))
    seen: set[tuple[int, str]] = set()
    rows = connection.execute(sa.select(bookings.c.id, bookings.c.booker_id, bookings.c.question, bookings.c.status)
                              .order_by(bookings.c.id)).all()
    for booking_id, booker_id, question, status in rows:
        key = _key(question or "")
        if status in OPEN:
            if (booker_id, key) in seen:
                # An older duplicate open booking stays as it was: it gets a key of its own.
                key = _key(f"{question}\n#{booking_id}")
            seen.add((booker_id, key))
        connection.execute(sa.update(bookings).where(bookings.c.id == booking_id).values(question_key=key))
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column("question_key", existing_type=sa.String(length=64), nullable=False)
        batch.create_index("uq_bookings_one_open_per_question", ["booker_id", "question_key"], unique=True,
                           sqlite_where=sa.text("status IN ('confirmed', 'offered', 'waitlisted')"),
                           postgresql_where=sa.text("status IN ('confirmed', 'offered', 'waitlisted')"))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_index("uq_bookings_one_open_per_question")
        batch.drop_column("question_key")
