"""Phones in the room: the room (join token, code, choices), what phones sent, their votes, and the
hidden flag of notes and evaluation answers (silent brainstorm).

The two new columns are added with defaults (no table is recreated, so no child row is at risk).

Revision ID: 0004_room
Revises: 0003_drafts
Create Date: 2026-11-30
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0004_room'
down_revision: Union[str, None] = '0003_drafts'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('note', sa.Column('hidden', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('evaluationentry', sa.Column('hidden', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table('room',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('queue', sa.Boolean(), nullable=False),
    sa.Column('hide', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id')
    )
    op.create_index(op.f('ix_room_token'), 'room', ['token'], unique=True)
    op.create_index(op.f('ix_room_code'), 'room', ['code'], unique=True)
    op.create_table('phonepost',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('perspective', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('question', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['evaluationround.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id'], ['evaluationentry.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'phone', 'key', name='uq_phonepost_key')
    )
    op.create_index(op.f('ix_phonepost_workshop_id'), 'phonepost', ['workshop_id'], unique=False)
    op.create_table('phonevote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=True),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workshop_id', 'phone', 'key', name='uq_phonevote_key')
    )
    op.create_index(op.f('ix_phonevote_workshop_id'), 'phonevote', ['workshop_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_phonevote_workshop_id'), table_name='phonevote')
    op.drop_table('phonevote')
    op.drop_index(op.f('ix_phonepost_workshop_id'), table_name='phonepost')
    op.drop_table('phonepost')
    op.drop_index(op.f('ix_room_code'), table_name='room')
    op.drop_index(op.f('ix_room_token'), table_name='room')
    op.drop_table('room')
    with op.batch_alter_table('evaluationentry') as batch_op:
        batch_op.drop_column('hidden')
    with op.batch_alter_table('note') as batch_op:
        batch_op.drop_column('hidden')
