"""Organisations (Avise, Coorace, a CRA with its region, a law firm...), users.organisation_id, the audit log

Revision ID: 0009_organisations
Revises: 0009_need_pairs_changed_at
Create Date: 2026-12-04 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_organisations"
down_revision = "0009_need_pairs_changed_at"
branch_labels = None
depends_on = None

KINDS = ("avise", "coorace", "rtes", "labo_ess", "cra", "law_firm", "other")


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="organisation_kind", native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=3), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("(kind = 'cra') = (region_code IS NOT NULL)", name=op.f("ck_organisations_cra_has_region")),
        sa.ForeignKeyConstraint(["region_code"], ["regions.code"], name=op.f("fk_organisations_region_code_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_users_organisation_id"), ["organisation_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_users_organisation_id_organisations"), "organisations",
                                 ["organisation_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=400), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=40), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("target_label", sa.String(length=400), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"], unique=False)
    op.create_index(op.f("ix_audit_events_actor_id"), "audit_events", ["actor_id"], unique=False)
    op.create_index(op.f("ix_audit_events_action"), "audit_events", ["action"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_events_action"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_actor_id"), table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_at"), table_name="audit_events")
    op.drop_table("audit_events")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint(batch.f("fk_users_organisation_id_organisations"), type_="foreignkey")
        batch.drop_index(batch.f("ix_users_organisation_id"))
        batch.drop_column("organisation_id")
    op.drop_table("organisations")
