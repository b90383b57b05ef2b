"""Merge point of the transfer (0004) and visits (0007) branches; no schema change

The network views (issue 8) need no new table or index: every statistic reads indexed
columns (needs.pole_id, needs.status, pairings.need_id / status / resource_person_id,
pairing_days.pairing_id, sessions.starts_at). This revision only joins the two heads that
meet in feat/network.

Revision ID: 0006_network
Revises: 0004_transfers, 0007_visits
Create Date: 2026-11-25 10:40:00
"""

from __future__ import annotations

revision = '0006_network'
down_revision = ('0004_transfers', '0007_visits')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
