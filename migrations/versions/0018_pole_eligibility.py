"""Pole eligibility recorded by organisers (charter signature and version, AMI PTCE phase and year)

The two boxes a pole ticked itself (poles.charter_signatory, poles.ami_laureate) move into
pole_eligibility: a signatory becomes a signatory of the 2014 charter (the only list imported so
far; date unknown), a laureate a phase-1 laureate (year unknown). Going down copies them back.

Revision ID: 0018_pole_eligibility
Revises: 0017_accompaniments
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_pole_eligibility"
down_revision = "0017_accompaniments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pole_eligibility",
        sa.Column("pole_id", sa.Integer(), nullable=False),
        sa.Column("charter_version", sa.Enum("2014", "2021", name="charter_version", native_enum=False,
                                             create_constraint=True, length=32), nullable=True),
        sa.Column("charter_signed_on", sa.Date(), nullable=True),
        sa.Column("ami_phase", sa.Integer(), nullable=True),
        sa.Column("ami_year", sa.Integer(), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ami_phase IS NULL OR ami_phase IN (1, 2)", name=op.f("ck_pole_eligibility_ami_phase_1_or_2")),
        sa.CheckConstraint("ami_year IS NULL OR ami_phase IS NOT NULL",
                           name=op.f("ck_pole_eligibility_ami_year_needs_phase")),
        sa.CheckConstraint("ami_year IS NULL OR ami_year BETWEEN 2013 AND 2100",
                           name=op.f("ck_pole_eligibility_ami_year_range")),
        sa.CheckConstraint("charter_signed_on IS NULL OR charter_version IS NOT NULL",
                           name=op.f("ck_pole_eligibility_charter_date_needs_version")),
        sa.ForeignKeyConstraint(["pole_id"], ["poles.id"], name=op.f("fk_pole_eligibility_pole_id_poles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["verified_by_id"], ["users.id"], name=op.f("fk_pole_eligibility_verified_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("pole_id", name=op.f("pk_pole_eligibility")),
    )
    op.execute(
        "INSERT INTO pole_eligibility (pole_id, charter_version, ami_phase, verified_at) "
        "SELECT id, CASE WHEN charter_signatory THEN '2014' END, CASE WHEN ami_laureate THEN 1 END, "
        "CURRENT_TIMESTAMP FROM poles WHERE charter_signatory OR ami_laureate"
    )
    # Native DROP COLUMN (PostgreSQL, SQLite >= 3.35), never a batch copy of ``poles``: on SQLite the
    # copy drops the old table, whose implicit DELETE would cascade to needs, accompaniments and
    # the rows just written above.
    op.execute("ALTER TABLE poles DROP COLUMN charter_signatory")
    op.execute("ALTER TABLE poles DROP COLUMN ami_laureate")


def downgrade() -> None:
    # In place, as the upgrade (a batch copy of ``poles`` would cascade to its dependent rows on SQLite).
    op.execute("ALTER TABLE poles ADD COLUMN charter_signatory BOOLEAN DEFAULT false NOT NULL")
    op.execute("ALTER TABLE poles ADD COLUMN ami_laureate BOOLEAN DEFAULT false NOT NULL")
    op.execute(
        "UPDATE poles SET "
        "charter_signatory = EXISTS (SELECT 1 FROM pole_eligibility e WHERE e.pole_id = poles.id "
        "AND e.charter_version IS NOT NULL), "
        "ami_laureate = EXISTS (SELECT 1 FROM pole_eligibility e WHERE e.pole_id = poles.id "
        "AND e.ami_phase IS NOT NULL)"
    )
    op.drop_table("pole_eligibility")
