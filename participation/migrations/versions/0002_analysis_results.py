"""Analysis results kept append-only, safeguarding entries and decisions

Moves each answer's analysis columns into a first analysis_result row (version "before-0002",
so `flask reanalyse` reads them again) and makes an entry for every flagged answer. The
downgrade puts each answer's current reading back into the columns; an answer with any entry
stays flagged.

Revision ID: 0002_analysis_results
Revises: 0001_initial
Create Date: 2026-12-06 05:30:00.000000

"""
import datetime as dt
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_analysis_results'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

# The version recorded on migrated readings: not any real version, so all are read again.
MIGRATED_VERSION = 'before-0002'
THEMES = ('wellbeing', 'relationships', 'process', 'involvement', 'leadership')
READING_TYPES = {
    'analysed': sa.Boolean(), **{f'theme_{t}': sa.Boolean() for t in THEMES},
    'sentiment_polarity': sa.Float(), 'sentiment_label': sa.String(length=10),
    'safeguarding_flag': sa.Boolean(),
}
READING_COLUMNS = tuple(READING_TYPES)
BATCH = 1000

# Tables as this revision knows them, so later model changes cannot change what it does.
answer = sa.table(
    'answer',
    sa.column('id', sa.Integer), sa.column('response_id', sa.Integer),
    sa.column('question_key', sa.String), sa.column('text', sa.Text),
    sa.column('current_result_id', sa.Integer), sa.column('analysis_evidence', sa.Text),
    *(sa.column(name, kind) for name, kind in READING_TYPES.items()),
)
result = sa.table(
    'analysis_result',
    sa.column('id', sa.Integer), sa.column('answer_id', sa.Integer),
    sa.column('version', sa.String), sa.column('made_on', sa.Date), sa.column('evidence', sa.Text),
    *(sa.column(name, kind) for name, kind in READING_TYPES.items()),
)
response = sa.table(
    'response',
    sa.column('id', sa.Integer), sa.column('survey_id', sa.Integer),
    sa.column('respondent_group', sa.String), sa.column('age_band', sa.String),
    sa.column('language', sa.String),
)
survey = sa.table('survey', sa.column('id', sa.Integer), sa.column('inspection_id', sa.Integer))
entry = sa.table(
    'safeguarding_entry',
    sa.column('inspection_id', sa.Integer), sa.column('survey_id', sa.Integer),
    sa.column('response_id', sa.Integer), sa.column('answer_id', sa.Integer),
    sa.column('question_key', sa.String), sa.column('respondent_group', sa.String),
    sa.column('age_band', sa.String), sa.column('language', sa.String),
    sa.column('reason', sa.String), sa.column('needs_translation', sa.Boolean),
    sa.column('text', sa.Text), sa.column('evidence', sa.Text),
    sa.column('analysis_version', sa.String), sa.column('result_id', sa.Integer),
    sa.column('flagged_on', sa.Date),
)


def _reason(analysed, evidence):
    """Return (reason, needs translation) for a flagged reading, as the app's rules say."""
    try:
        cues = json.loads(evidence or '{}').get('safeguarding', [])
    except (ValueError, AttributeError):
        cues = []
    cues = [str(c) for c in cues] if isinstance(cues, list) else []
    markers = [c for c in cues if c.startswith('needs_human_read:')]
    needs_person = bool(markers) or not analysed
    if not analysed or any('analysis failed' in m for m in markers):
        return 'analysis_failed', True
    if len(markers) < len(cues) or not markers:
        return 'possible_disclosure', needs_person
    return 'language', True


def upgrade():
    op.create_table('analysis_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('analysed', sa.Boolean(), nullable=False),
    sa.Column('theme_wellbeing', sa.Boolean(), nullable=True),
    sa.Column('theme_relationships', sa.Boolean(), nullable=True),
    sa.Column('theme_process', sa.Boolean(), nullable=True),
    sa.Column('theme_involvement', sa.Boolean(), nullable=True),
    sa.Column('theme_leadership', sa.Boolean(), nullable=True),
    sa.Column('sentiment_polarity', sa.Float(), nullable=True),
    sa.Column('sentiment_label', sa.String(length=10), nullable=True),
    sa.Column('safeguarding_flag', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_analysis_result_answer_id_answer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_analysis_result'))
    )
    op.create_index('ix_analysis_result_answer_id_id', 'analysis_result', ['answer_id', 'id'], unique=False)
    # SQLite rebuilds the table here: before any result exists, so the rebuild's implicit
    # delete of the old table cascades into nothing.
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_result_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_answer_current_result_id'), ['current_result_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_answer_current_result_id_analysis_result'), 'analysis_result', ['current_result_id'], ['id'], ondelete='SET NULL')

    op.create_table('safeguarding_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('question_key', sa.String(length=60), nullable=False),
    sa.Column('respondent_group', sa.String(length=20), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('needs_translation', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('option_keys', sa.JSON(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('analysis_version', sa.String(length=64), nullable=True),
    sa.Column('result_id', sa.Integer(), nullable=True),
    sa.Column('marked_by', sa.String(length=64), nullable=True),
    sa.Column('analysis_missed', sa.Boolean(), nullable=True),
    sa.Column('flagged_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], name=op.f('fk_safeguarding_entry_answer_id_answer'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_safeguarding_entry_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_safeguarding_entry_response_id_response'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['result_id'], ['analysis_result.id'], name=op.f('fk_safeguarding_entry_result_id_analysis_result'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_safeguarding_entry_survey_id_survey')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_entry'))
    )
    with op.batch_alter_table('safeguarding_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_entry_answer_id'), ['answer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_entry_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_entry_response_id'), ['response_id'], unique=False)

    op.create_table('safeguarding_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('passed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('passed_to', sa.String(length=200), nullable=True),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['entry_id'], ['safeguarding_entry.id'], name=op.f('fk_safeguarding_decision_entry_id_safeguarding_entry')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safeguarding_decision'))
    )
    with op.batch_alter_table('safeguarding_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_decision_entry_id'), ['entry_id'], unique=False)

    _move_readings_into_results()

    # Dropped one by one, without a batch: SQLite (3.35+) drops a plain column in place, where a
    # rebuild of the table would cascade-delete the results just written.
    op.drop_index('ix_answer_safeguarding_flag', table_name='answer')
    for name in ('analysis_evidence', *READING_COLUMNS):
        op.drop_column('answer', name)


def _move_readings_into_results():
    """Write each analysed (or flagged) answer's columns as its first result, and flag entries."""
    bind = op.get_bind()
    today = dt.date.today()
    analysed = sa.or_(answer.c.analysed.is_(True), answer.c.safeguarding_flag.is_(True))
    bind.execute(
        result.insert().from_select(
            ['answer_id', 'version', 'made_on', 'evidence', *READING_COLUMNS],
            sa.select(
                answer.c.id, sa.literal(MIGRATED_VERSION), sa.literal(today, sa.Date),
                answer.c.analysis_evidence, *(answer.c[name] for name in READING_COLUMNS),
            ).where(analysed),
        )
    )
    bind.execute(
        answer.update().values(
            current_result_id=sa.select(sa.func.max(result.c.id))
            .where(result.c.answer_id == answer.c.id)
            .scalar_subquery()
        )
    )
    flagged = bind.execute(
        sa.select(
            answer.c.id, answer.c.response_id, answer.c.question_key, answer.c.text,
            answer.c.analysed, answer.c.analysis_evidence, answer.c.current_result_id,
            response.c.survey_id, response.c.respondent_group, response.c.age_band,
            response.c.language, survey.c.inspection_id,
        )
        .join(response, response.c.id == answer.c.response_id)
        .join(survey, survey.c.id == response.c.survey_id)
        .where(answer.c.safeguarding_flag.is_(True))
        .order_by(answer.c.id)
    ).all()
    rows = []
    for row in flagged:
        reason, needs_translation = _reason(row.analysed, row.analysis_evidence)
        rows.append({
            'inspection_id': row.inspection_id, 'survey_id': row.survey_id,
            'response_id': row.response_id, 'answer_id': row.id,
            'question_key': row.question_key, 'respondent_group': row.respondent_group,
            'age_band': row.age_band, 'language': row.language, 'reason': reason,
            'needs_translation': needs_translation, 'text': row.text,
            'evidence': row.analysis_evidence, 'analysis_version': MIGRATED_VERSION,
            'result_id': row.current_result_id, 'flagged_on': today,
        })
    for start in range(0, len(rows), BATCH):
        bind.execute(entry.insert(), rows[start:start + BATCH])


def downgrade():
    op.add_column('answer', sa.Column('analysed', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('answer', sa.Column('safeguarding_flag', sa.Boolean(), nullable=False, server_default=sa.false()))
    for name in READING_COLUMNS:
        if name not in ('analysed', 'safeguarding_flag'):
            op.add_column('answer', sa.Column(name, READING_TYPES[name], nullable=True))
    op.add_column('answer', sa.Column('analysis_evidence', sa.Text(), nullable=True))

    bind = op.get_bind()
    current = result.alias('current')

    def of_current(column):
        return sa.select(column).where(current.c.id == answer.c.current_result_id).scalar_subquery()

    values = {name: of_current(current.c[name]) for name in READING_COLUMNS}
    values['analysis_evidence'] = of_current(current.c.evidence)
    bind.execute(answer.update().where(answer.c.current_result_id.is_not(None)).values(**values))
    # The old columns have one flag: an answer that was ever in the queue keeps it.
    bind.execute(
        answer.update()
        .where(sa.exists().where(entry.c.answer_id == answer.c.id))
        .values(safeguarding_flag=True)
    )

    with op.batch_alter_table('safeguarding_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_decision_entry_id'))
    op.drop_table('safeguarding_decision')
    with op.batch_alter_table('safeguarding_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_entry_response_id'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_entry_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_entry_answer_id'))
    op.drop_table('safeguarding_entry')

    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_answer_current_result_id_analysis_result'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_answer_current_result_id'))
        batch_op.drop_column('current_result_id')
        batch_op.alter_column('analysed', server_default=None)
        batch_op.alter_column('safeguarding_flag', server_default=None)
        batch_op.create_index(batch_op.f('ix_answer_safeguarding_flag'), ['safeguarding_flag'], unique=False)

    op.drop_index('ix_analysis_result_answer_id_id', table_name='analysis_result')
    op.drop_table('analysis_result')
