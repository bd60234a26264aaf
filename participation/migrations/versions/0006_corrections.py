"""Inspectors' corrections of the analysis, and each inspection's random review sample

Revision ID: 0006_corrections
Revises: 0005_retained_counts
Create Date: 2026-12-06 08:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_corrections'
down_revision = '0005_retained_counts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('sentiment_label', sa.String(length=10), nullable=False),
    sa.Column('safeguarding', sa.Boolean(), nullable=True),
    sa.Column('from_review', sa.Boolean(), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=True),
    sa.Column('made_by', sa.String(length=254), nullable=True),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_answer_correction_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_answer_correction_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_correction'))
    )
    with op.batch_alter_table('answer_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_correction_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_correction_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('review_sample_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_review_sample_answer_answer_id_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_review_sample_answer_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_sample_answer')),
    sa.UniqueConstraint('inspection_id', 'answer_id', name=op.f('uq_review_sample_answer_inspection_id'))
    )
    with op.batch_alter_table('review_sample_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_sample_answer_inspection_id'), ['inspection_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_sample_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_sample_answer_inspection_id'))
    op.drop_table('review_sample_answer')
    with op.batch_alter_table('answer_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_correction_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_answer_correction_answer_id'))
    op.drop_table('answer_correction')
