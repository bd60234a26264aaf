"""Database rows become the frame `analysis` reads: the demo inspection summarises end to end."""

from __future__ import annotations

from analysis import summarise
from participation.demo import load_demo
from participation.extensions import db
from participation.models import Answer, Response, Survey
from participation.workspace.frames import answers_frame


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
        assert free["text"].str.len().gt(0).all() and free["sentiment_label"].notna().all()

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
