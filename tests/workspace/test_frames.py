"""Database rows become the frame `analysis` reads: the demo inspection summarises end to end."""

from __future__ import annotations

import pandas as pd

from analysis import summarise
from participation.demo import load_demo
from participation.extensions import db
from participation.models import Answer, Response, Survey
from participation.workspace.frames import answers_frame
from tests.workspace.written import add_written


def test_the_demo_inspections_answers_summarise_with_their_stored_analysis(app):
    with app.app_context():
        inspection, _ = load_demo(responses=12, seed=7)
        definitions = app.extensions["survey_definitions"]
        frame = answers_frame(inspection.id, definitions)
        # The demo also loads past inspections to compare with: count this one's answers only.
        stored = (db.session.query(Answer).join(Response).join(Survey)
                  .filter(Survey.inspection_id == inspection.id).count())

        assert frame["answer_id"].nunique() == stored  # every answer, a row per chosen option
        assert frame["response_id"].nunique() == 12
        choice = frame[(frame["question_type"] != "free_text") & (frame["status"] == "answered")]
        assert set(choice["polarity"].dropna()) <= {"positive", "neutral", "negative", "does_not_apply"}
        assert choice["polarity"].notna().any()
        free = frame[(frame["question_type"] == "free_text") & (frame["status"] == "answered")]
        # Every answer has its text and tone, except those in a language the analysis cannot read.
        read = free[free["sentiment_label"].notna()]
        assert len(read) >= len(free) - 3 and read["text"].str.len().gt(0).all()
        assert free.loc[free["sentiment_label"].isna(), "text"].isna().all()

        # One survey keeps the test quick: summarise costs seconds however few the answers.
        children = frame[frame["survey"] == "children"]
        summary = summarise(children, by=(), min_n=1, phrases=0, quotes=0)
        overall = summary.respondents.query("theme == 'all' and dimension == 'all'")
        assert int(overall["respondents"].iloc[0]) == children["response_id"].nunique()

        hidden = answers_frame(inspection.id, definitions, with_text=False)
        assert hidden["text"].isna().all()


def test_an_inspectors_latest_correction_replaces_the_analysiss_labels(app):
    from participation.models import AnswerCorrection
    from participation.workspace.summaries import data_version, inspection_frame

    with app.app_context():
        inspection, _ = load_demo(responses=6, seed=3)
        definitions = app.extensions["survey_definitions"]
        before = data_version(inspection.id)
        frame = inspection_frame(inspection.id, definitions)
        free = frame[(frame["question_type"] == "free_text") & frame["sentiment_label"].notna()]
        answer_id = int(free["answer_id"].iloc[0])
        assert not frame["corrected"].any()

        for label in ("negative", "positive"):  # the second correction is the one that counts
            db.session.add(AnswerCorrection(answer_id=answer_id, inspection_id=inspection.id,
                                            themes=["relationships"], sentiment_label=label))
        db.session.commit()

        assert data_version(inspection.id) != before  # so every cached figure is rebuilt
        row = inspection_frame(inspection.id, definitions).set_index("answer_id").loc[answer_id]
        assert bool(row["corrected"]) and row["sentiment_label"] == "positive"
        assert bool(row["theme_relationships"]) and not bool(row["theme_wellbeing"])


def test_a_kept_frame_grows_by_the_responses_sent_since_and_equals_one_read_afresh(app):
    import pandas as pd

    from participation.demo import _add_response
    from participation.models import AnswerCorrection, Survey
    from participation.workspace import summaries
    from participation.workspace.summaries import inspection_frame

    with app.app_context():
        inspection, _ = load_demo(responses=12, seed=5)
        definitions = app.extensions["survey_definitions"]
        before = inspection_frame(inspection.id, definitions)
        grown = []
        real = summaries.with_responses
        summaries.with_responses = lambda frame, added: grown.append(len(added)) or real(frame, added)
        try:
            import random

            rng = random.Random(1)
            for key in ("children", "staff"):
                survey = db.session.query(Survey).filter_by(
                    inspection_id=inspection.id, definition_key=key).one()
                _add_response(survey, definitions[key], rng)
            db.session.commit()
            after = inspection_frame(inspection.id, definitions)
        finally:
            summaries.with_responses = real
        assert grown and grown[0] > 0  # it grew: only the new responses were read
        assert after["response_id"].nunique() == before["response_id"].nunique() + 2
        pd.testing.assert_frame_equal(after, answers_frame(inspection.id, definitions))

        # A correction is not a new response: the frame is read again, with the correction in it.
        answer_id = int(after.loc[after["question_type"] == "free_text", "answer_id"].dropna().iloc[0])
        db.session.add(AnswerCorrection(answer_id=answer_id, inspection_id=inspection.id,
                                        themes=["involvement"], sentiment_label="neutral"))
        db.session.commit()
        corrected = inspection_frame(inspection.id, definitions)
        pd.testing.assert_frame_equal(corrected, answers_frame(inspection.id, definitions))
        assert corrected.loc[corrected["answer_id"] == answer_id, "corrected"].all()


def test_a_written_answer_not_read_yet_waits_outside_the_figures_instead_of_breaking_them(app):
    from participation.workspace.summaries import inspection_summary

    with app.app_context():
        inspection, _ = load_demo(responses=6, seed=5)
        definitions = app.extensions["survey_definitions"]
        unread = "Nobody has read this yet"
        answer_id = add_written(inspection.id, "children", unread, reading=None,  # analysis was off
                                age_band="12-17")

        row = answers_frame(inspection.id, definitions).set_index("answer_id").loc[answer_id]
        assert pd.isna(row["text"])
        summary = inspection_summary(inspection.id, definitions, by=("survey",), min_n=1)
        assert unread not in set(summary.quotes["text"])


def test_an_answer_in_a_language_the_analysis_cannot_read_gets_no_guessed_tone(app):
    from participation.analysis_store import read_text, store_reading
    from participation.workspace.summaries import inspection_summary

    with app.app_context():
        inspection, _ = load_demo(responses=6, seed=5)
        definitions = app.extensions["survey_definitions"]
        polish = "Mój pracownik jest bardzo miły i zawsze mnie słucha"
        answer = db.session.get(Answer, add_written(inspection.id, "children", polish, reading=None,
                                                    age_band="12-17", language="pl"))
        reading = read_text(polish, "children", None, "pl")
        assert reading["sentiment_label"]  # the English model gives it a tone: a guess
        store_reading(answer, reading)
        db.session.commit()

        row = answers_frame(inspection.id, definitions).set_index("answer_id").loc[answer.id]
        assert pd.isna(row["sentiment_label"]) and pd.isna(row["text"])
        summary = inspection_summary(inspection.id, definitions, by=("survey",), min_n=1)
        assert polish not in set(summary.quotes["text"])
