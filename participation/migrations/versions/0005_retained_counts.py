"""Counts kept per question, wording version and option when the retention purge deletes answers

Revision ID: 0005_retained_counts
Revises: 0004_inspections
Create Date: 2026-12-06 07:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_retained_counts'
down_revision = '0004_inspections'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('retained_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('local_authority_code', sa.String(length=9), nullable=True),
    sa.Column('survey_key', sa.String(length=40), nullable=False),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('wording_version', sa.Integer(), nullable=False),
    sa.Column('outcome_kind', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=60), nullable=False),
    sa.Column('dimension', sa.String(length=20), nullable=False),
    sa.Column('dimension_value', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retained_count')),
    sa.UniqueConstraint('inspection_id', 'survey_key', 'question_key', 'wording_version', 'outcome_kind', 'outcome', 'dimension', 'dimension_value', name=op.f('uq_retained_count_inspection_id'))
    )
    with op.batch_alter_table('retained_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retained_count_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retained_count_local_authority_code'), ['local_authority_code'], unique=False)


def downgrade():
    with op.batch_alter_table('retained_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retained_count_local_authority_code'))
        batch_op.drop_index(batch_op.f('ix_retained_count_inspection_id'))
    op.drop_table('retained_count')
