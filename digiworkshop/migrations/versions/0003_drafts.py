"""Drafts of capture lines and the last place in a workshop (both per workshop, deleted with it).

Only new tables: no existing table is recreated, so no child row is at risk.

Revision ID: 0003_drafts
Revises: 0002_steps
Create Date: 2026-11-30
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0003_drafts'
down_revision: Union[str, None] = '0002_steps'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('draft',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'key')
    )
    op.create_table('workshopplace',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('brainstorm_cell', sa.Integer(), nullable=False),
    sa.Column('evaluation_quadrant', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id')
    )


def downgrade() -> None:
    op.drop_table('workshopplace')
    op.drop_table('draft')
