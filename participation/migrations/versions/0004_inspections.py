"""Inspections' local authority and dates, expected numbers per group, single-use assisted links

Revision ID: 0004_inspections
Revises: 0003_workspace_people
Create Date: 2026-12-06 06:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_inspections'
down_revision = '0003_workspace_people'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('local_authority_code', sa.String(length=9), nullable=True))
        batch_op.add_column(sa.Column('notified_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('phase_one_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('phase_two_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('report_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_inspection_local_authority_code'), ['local_authority_code'], unique=False)

    op.create_table('expected_number',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('respondent_group', sa.String(length=20), nullable=False),
    sa.Column('agency', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_expected_number_inspection_id_inspection'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_expected_number')),
    sa.UniqueConstraint('inspection_id', 'respondent_group', 'agency', name=op.f('uq_expected_number_inspection_id'))
    )
    op.create_table('assisted_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_assisted_link_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_assisted_link_token_hash'))
    )
    with op.batch_alter_table('assisted_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assisted_link_survey_id'), ['survey_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assisted_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assisted_link_survey_id'))
    op.drop_table('assisted_link')
    op.drop_table('expected_number')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_local_authority_code'))
        batch_op.drop_column('report_on')
        batch_op.drop_column('phase_two_on')
        batch_op.drop_column('phase_one_on')
        batch_op.drop_column('notified_on')
        batch_op.drop_column('local_authority_code')
