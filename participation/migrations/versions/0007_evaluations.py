"""Inspectors' evaluations of quality indicators, and their decisions on draft findings

Revision ID: 0007_evaluations
Revises: 0006_corrections
Create Date: 2026-12-06 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_evaluations'
down_revision = '0006_corrections'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quality_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=8), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('made_by', sa.String(length=254), nullable=True),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_quality_evaluation_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_evaluation'))
    )
    with op.batch_alter_table('quality_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_evaluation_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('finding_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('draft_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('made_by', sa.String(length=254), nullable=True),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_finding_decision_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_decision'))
    )
    with op.batch_alter_table('finding_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_decision_inspection_id'), ['inspection_id'], unique=False)


def downgrade():
    with op.batch_alter_table('finding_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_decision_inspection_id'))
    op.drop_table('finding_decision')
    with op.batch_alter_table('quality_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_evaluation_inspection_id'))
    op.drop_table('quality_evaluation')
