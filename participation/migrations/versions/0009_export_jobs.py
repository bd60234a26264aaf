"""Spreadsheet exports built in the background

Revision ID: 0009_export_jobs
Revises: 0008_told_us
Create Date: 2026-12-06 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_export_jobs'
down_revision = '0008_told_us'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_export_job_inspection_id_inspection'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_export_job_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_job'))
    )
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_export_job_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_job_user_id'))
    op.drop_table('export_job')
