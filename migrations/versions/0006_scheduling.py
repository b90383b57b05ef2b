"""Juri-PTCE slots, bookings, calendar feeds

Revision ID: 0003_scheduling
Revises: 0004_transfers
Create Date: 2026-11-25 10:32:48.902580
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0003_scheduling'
down_revision = '0004_transfers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_user_id'), ['user_id'], unique=False)

    op.create_table('legal_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lawyer_profile_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lawyer_profile_id'], ['lawyer_profiles.id'], name=op.f('fk_legal_slots_lawyer_profile_id_lawyer_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_legal_slots_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_legal_slots')),
    sa.UniqueConstraint('lawyer_profile_id', 'starts_at', name=op.f('uq_legal_slots_lawyer_profile_id_starts_at')),
    sa.UniqueConstraint('session_id', name=op.f('uq_legal_slots_session_id'))
    )
    with op.batch_alter_table('legal_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_legal_slots_lawyer_profile_id'), ['lawyer_profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_legal_slots_starts_at'), ['starts_at'], unique=False)

    op.create_table('bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('booker_id', sa.Integer(), nullable=False),
    sa.Column('pole_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'cancelled', 'waitlisted', 'offered', name='booking_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('offered_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['booker_id'], ['users.id'], name=op.f('fk_bookings_booker_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pole_id'], ['poles.id'], name=op.f('fk_bookings_pole_id_poles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['legal_slots.id'], name=op.f('fk_bookings_slot_id_legal_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_bookings_idempotency_key'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_booker_id'), ['booker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_pole_id'), ['pole_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index('uq_bookings_one_confirmed_per_slot', ['slot_id'], unique=True, sqlite_where=sa.text("status = 'confirmed'"), postgresql_where=sa.text("status = 'confirmed'"))



def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index('uq_bookings_one_confirmed_per_slot', sqlite_where=sa.text("status = 'confirmed'"), postgresql_where=sa.text("status = 'confirmed'"))
        batch_op.drop_index(batch_op.f('ix_bookings_slot_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_pole_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_booker_id'))

    op.drop_table('bookings')
    with op.batch_alter_table('legal_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_legal_slots_starts_at'))
        batch_op.drop_index(batch_op.f('ix_legal_slots_lawyer_profile_id'))

    op.drop_table('legal_slots')
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_user_id'))

    op.drop_table('calendar_feeds')
