"""The "what you told us" pages inspectors write for each survey, and each inspection's publication

Revision ID: 0008_told_us
Revises: 0007_evaluations
Create Date: 2026-12-06 08:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_told_us'
down_revision = '0007_evaluations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('told_us_page',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('band', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('told_us', sa.Text(), nullable=False),
    sa.Column('examples', sa.Text(), nullable=False),
    sa.Column('will_do', sa.Text(), nullable=False),
    sa.Column('question_keys', sa.JSON(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('edited_by', sa.String(length=254), nullable=True),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_revision', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by', sa.String(length=254), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_figures', sa.JSON(), nullable=False),
    sa.Column('responses_at_approval', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_told_us_page_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_told_us_page')),
    sa.UniqueConstraint('survey_id', 'band', 'language', name=op.f('uq_told_us_page_survey_id'))
    )
    with op.batch_alter_table('told_us_page', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_told_us_page_survey_id'), ['survey_id'], unique=False)

    op.create_table('told_us_publication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_by', sa.String(length=254), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_told_us_publication_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_told_us_publication')),
    sa.UniqueConstraint('inspection_id', name=op.f('uq_told_us_publication_inspection_id'))
    )


def downgrade():
    op.drop_table('told_us_publication')
    with op.batch_alter_table('told_us_page', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_told_us_page_survey_id'))
    op.drop_table('told_us_page')
