"""Optional mails can be turned off: a third mode « off » (the bell alone) for transfer messages and freed seats, and
the kind of optional mail each outbox message is, which its « List-Unsubscribe » header turns off (RFC 8058)

Revision ID: 0040_mail_unsubscribe
Revises: 0039_session_cancel_message
Create Date: 2026-12-07 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0040_mail_unsubscribe"
down_revision = "0039_session_cancel_message"
branch_labels = None
depends_on = None

_MODES = {"messages": "messages_mode", "seats": "seats_mode"}


def _modes(batch: object, modes: str) -> None:
    for column, name in _MODES.items():
        batch.drop_constraint(batch.f(f"ck_notification_preferences_{name}"), type_="check")  # type: ignore[attr-defined]
        batch.create_check_constraint(name, f"{column} IN ({modes})")  # type: ignore[attr-defined]


def upgrade() -> None:
    # Added in place (no batch copy of the table on SQLite), as 0032.
    op.add_column("outbox_messages", sa.Column("unsubscribe", sa.String(length=20), nullable=True))
    # notification_preferences is copied on SQLite: no table refers to it, nothing cascades.
    with op.batch_alter_table("notification_preferences") as batch:
        _modes(batch, "'immediate', 'digest', 'off'")


def downgrade() -> None:
    op.execute(sa.text("UPDATE notification_preferences SET messages = 'digest' WHERE messages = 'off'"))
    op.execute(sa.text("UPDATE notification_preferences SET seats = 'digest' WHERE seats = 'off'"))
    with op.batch_alter_table("notification_preferences") as batch:
        _modes(batch, "'immediate', 'digest'")
    # In place too (SQLite 3.35+), as 0032.
    op.execute(sa.text("ALTER TABLE outbox_messages DROP COLUMN unsubscribe"))
