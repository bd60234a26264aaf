"""The national comparison and the comparison with the partnership's earlier inspection: figures
from counts, marked only beyond chance, withheld on small numbers, same wording only, and the same
before and after the earlier inspection's answers are purged."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.models import Answer, Inspection, Response, RetainedCount, Survey
from tests.workspace.responses import survey_of

NATIONAL = "/inspections/{}/national-comparison/"
EARLIER = "/inspections/{}/national-comparison/earlier-inspection"
TODAY = dt.date.today()
_keys = itertools.count(1)


def answer(inspection_id: int, question_key: str, options: dict[str, int], *, version: int = 2,
           survey: str = "staff") -> None:
    """Add sent responses to one question of the survey: {option key: how many chose it}."""
    target = survey_of(inspection_id, survey)
    for option, number in options.items():
        for _ in range(number):
            response = Response(survey_id=target.id, definition_version=version, respondent_group=survey,
                                agency="health" if survey == "staff" else None,
                                age_band="12-17" if survey == "children" else None,
                                status="submitted", submitted_on=TODAY, submit_key=f"bench-{next(_keys)}")
            response.answers = [Answer(question_key=question_key, status="answered", option_keys=[option])]
            db.session.add(response)
    db.session.commit()


def rows(page, table_id: str) -> dict[str, dict]:
    """Return a comparison table's rows by item: the cells' text and the verdict."""
    table = page.soup.find("table", id=table_id)
    assert table is not None, f"no table {table_id}"
    found = {}
    for row in table.select("tbody tr"):
        cells = [" ".join(cell.get_text().split()) for cell in row.find_all(["th", "td"])]
        found[row["data-item"]] = {"cells": cells, "verdict": row["data-verdict"]}
    return found


def test_each_question_is_beside_the_other_inspections_and_marked_only_beyond_chance(
    app, signed_in, inspection, other_inspection
):
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 40, "disagree": 10})  # 80%
        answer(other_inspection, "confident_identify_risk", {"agree": 25, "strongly_disagree": 25})  # 50%
        answer(inspection, "confident_respond_risk", {"strongly_agree": 26, "neither": 24})  # 52%
        answer(other_inspection, "confident_respond_risk", {"agree": 25, "disagree": 25})  # 50%
    client, _ = signed_in("inspector")

    page = client.get(NATIONAL.format(inspection))

    assert page.status == 200 and page.h1 == "National comparison"
    questions = rows(page, "questions-staff")
    identify, respond = questions["confident_identify_risk"], questions["confident_respond_risk"]
    assert identify["verdict"] == "better" and identify["cells"][1:4] == [
        "80.0% (50 answered)", "50.0% (50 answered)", "+30.0 points"]
    assert respond["verdict"] == "about the same" and respond["cells"][4] == "About the same"
    assert "I am confident I can recognise when a child may be at risk of harm." in identify["cells"][0]
    themes = rows(page, "themes-staff")
    assert set(themes) == {"wellbeing", "process"}  # both questions are in both themes
    assert themes["process"]["cells"][1].startswith("66.0%")  # 66 of 100 answers, from 50 people
    assert "(50 answered)" in themes["process"]["cells"][1]
    text = page.soup.get_text(" ")
    assert "Holm" in text and "95% level" in text and "4 comparisons" in text
    assert "over 1 other inspection" in " ".join(text.split())
    assert page.soup.find("table", id="questions-children") is None  # nothing answered there


def test_a_question_with_too_few_answers_on_either_side_is_withheld(
    app, signed_in, inspection, other_inspection
):
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 4})
        answer(other_inspection, "confident_identify_risk", {"agree": 10, "disagree": 40})
        answer(inspection, "early_help", {"agree": 30})
        answer(other_inspection, "early_help", {"disagree": 4})
    client, _ = signed_in("inspector")

    questions = rows(client.get(NATIONAL.format(inspection)), "questions-staff")

    few_here, few_there = questions["confident_identify_risk"], questions["early_help"]
    assert few_here["verdict"] == few_there["verdict"] == "withheld"
    assert few_here["cells"][1:4] == ["Fewer than 5 answered", "20.0% (50 answered)", "–"]
    assert few_here["cells"][4] == "Not compared: fewer than 5 answered here"
    assert few_there["cells"][1:4] == ["100.0% (30 answered)", "Fewer than 5 answered", "–"]
    assert few_there["cells"][4] == "Not compared: fewer than 5 answered in the other inspections"


def test_dont_know_is_outside_the_base(app, signed_in, inspection, other_inspection):
    with app.app_context():
        answer(inspection, "early_help", {"agree": 10, "disagree": 10, "dont_know": 30})
        answer(other_inspection, "early_help", {"agree": 10, "disagree": 10})
    client, _ = signed_in("inspector")

    early_help = rows(client.get(NATIONAL.format(inspection)), "questions-staff")["early_help"]

    assert early_help["cells"][1] == "50.0% (20 answered)"


def test_only_the_same_wording_is_compared(app, signed_in, inspection, other_inspection):
    with app.app_context():
        # Version 1 of the staff survey asked confident_respond_risk in other words (wording 1),
        # and confident_identify_risk in the same words as now.
        answer(inspection, "confident_respond_risk", {"agree": 45, "disagree": 5})
        answer(other_inspection, "confident_respond_risk", {"agree": 5, "disagree": 45}, version=1)
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
        answer(other_inspection, "confident_identify_risk", {"agree": 5, "disagree": 45}, version=1)
    client, _ = signed_in("inspector")

    questions = rows(client.get(NATIONAL.format(inspection)), "questions-staff")

    assert questions["confident_respond_risk"]["cells"][2] == "Not asked"
    assert questions["confident_respond_risk"]["cells"][4] == (
        "Not compared: not asked in these words in the other inspections")
    assert questions["confident_identify_risk"]["verdict"] == "better"


def test_demo_inspections_are_not_pooled_with_real_ones(app, signed_in, inspection, other_inspection):
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
        answer(other_inspection, "confident_identify_risk", {"agree": 5, "disagree": 45})
        db.session.get(Inspection, other_inspection).is_demo = True
        db.session.commit()
    client, _ = signed_in("inspector")

    page = client.get(NATIONAL.format(inspection))

    assert rows(page, "questions-staff")["confident_identify_risk"]["cells"][2] == "Not asked"
    assert "No other inspection has answers to compare with yet." in page.soup.get_text()


def make_earlier(app, current: int, earlier: int, *, report_on: dt.date) -> None:
    """Make `earlier` the same partnership's inspection before `current`, closed and published."""
    with app.app_context():
        for inspection_id, began in ((earlier, TODAY - dt.timedelta(days=800)), (current, TODAY)):
            inspection = db.session.get(Inspection, inspection_id)
            inspection.local_authority_code = "S12000047"
            inspection.phase_one_on = began
        db.session.get(Inspection, earlier).report_on = report_on
        for survey in db.session.scalars(select(Survey).where(Survey.inspection_id == earlier)):
            survey.is_open = False
        db.session.commit()


def comparison_tables(page) -> dict[str, dict]:
    return {table["id"]: rows(page, table["id"]) for table in page.soup.select("table.app-benchmark")}


def test_trends_read_the_same_figures_before_and_after_the_earlier_inspections_purge(
    app, signed_in, inspection, other_inspection
):
    make_earlier(app, inspection, other_inspection, report_on=TODAY - dt.timedelta(days=500))
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
        answer(inspection, "feel_safe", {"agree": 30, "disagree": 10}, survey="children")
        answer(other_inspection, "confident_identify_risk", {"agree": 20, "disagree": 30})
        answer(other_inspection, "feel_safe", {"strongly_agree": 28, "strongly_disagree": 12},
               survey="children")
        answer(other_inspection, "early_help", {"agree": 30, "dont_know": 5})
    client, _ = signed_in("inspector")
    earlier_before = client.get(EARLIER.format(inspection))
    national_before = client.get(NATIONAL.format(inspection))

    result = app.test_cli_runner().invoke(args=["purge"])

    assert result.exit_code == 0 and f"Purged inspection {other_inspection}" in result.output
    with app.app_context():
        assert not db.session.scalars(select(Response).join(Survey).where(
            Survey.inspection_id == other_inspection)).all()
        assert db.session.scalars(select(RetainedCount).where(
            RetainedCount.inspection_id == other_inspection)).all()
    earlier_after = client.get(EARLIER.format(inspection))
    national_after = client.get(NATIONAL.format(inspection))
    assert comparison_tables(earlier_after) == comparison_tables(earlier_before)
    assert comparison_tables(national_after) == comparison_tables(national_before)
    tables = comparison_tables(earlier_after)
    assert tables["questions-staff"]["confident_identify_risk"]["verdict"] == "better"
    assert tables["questions-staff"]["confident_identify_risk"]["cells"][2] == "40.0% (50 answered)"
    assert tables["questions-children"]["feel_safe"]["verdict"] == "about the same"
    words = " ".join(earlier_after.soup.get_text().split())
    assert "same figure in Other inspection, the partnership" in words


def test_the_earlier_inspection_is_the_partnerships_latest_before_this_one(
    app, signed_in, inspection, other_inspection
):
    make_earlier(app, inspection, other_inspection, report_on=TODAY)
    with app.app_context():
        later = Inspection(partnership="Fife", name="A later inspection", local_authority_code="S12000047",
                           phase_one_on=TODAY + dt.timedelta(days=30))
        elsewhere = Inspection(partnership="Angus", name="Another partnership's",
                               local_authority_code="S12000041", phase_one_on=TODAY - dt.timedelta(days=30))
        db.session.add_all([later, elsewhere])
        db.session.commit()
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
    client, _ = signed_in("inspector")

    page = client.get(EARLIER.format(inspection))

    text = page.soup.get_text(" ")
    assert "Other inspection" in text
    assert "A later inspection" not in text and "Another partnership" not in text
    national = client.get(NATIONAL.format(inspection))
    assert national.soup.find("a", string="Compare with this partnership's earlier inspection")


def test_a_partnership_not_inspected_before_says_so(app, signed_in, inspection):
    client, _ = signed_in("inspector")

    page = client.get(EARLIER.format(inspection))

    assert page.status == 200
    assert "local authority is not recorded" in page.soup.get_text()
    assert page.soup.find("table") is None


@pytest.mark.parametrize("role", ["coordinator", "volunteer"])
@pytest.mark.parametrize("path", [NATIONAL, EARLIER])
def test_coordinators_and_volunteers_are_refused(app, signed_in, inspection, other_inspection, role, path):
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 45, "disagree": 5})
    client, _ = signed_in(role)

    assert client.get(path.format(inspection)).status == 403
    overview = client.get(f"/inspections/{inspection}/")
    assert "National comparison" not in overview.html


@pytest.mark.parametrize("path", [NATIONAL, EARLIER])
def test_inspectors_of_another_inspection_are_refused(
    app, workspace, make_staff, inspection, other_inspection, path
):
    outsider = make_staff("inspector", other_inspection)
    client = workspace()
    client.sign_in(outsider)

    assert client.get(path.format(inspection)).status == 403
    assert client.get(path.format(other_inspection)).status == 200


def test_the_demo_has_a_national_comparison_and_an_earlier_inspection(app, workspace, make_staff):
    from participation.demo import load_demo

    with app.app_context():
        demo, _ = load_demo(responses=60, seed=5)
        demo_id = demo.id
    inspector = make_staff("inspector", demo_id)
    client = workspace()
    client.sign_in(inspector)

    overview = client.get(f"/inspections/{demo_id}/")
    link = overview.soup.find("a", string="National comparison")
    assert link is not None
    national = client.get(NATIONAL.format(demo_id))
    tables = comparison_tables(national)
    assert {"themes-children", "questions-children", "themes-parents", "questions-staff"} <= set(tables)
    assert all(row["cells"][2] != "Not asked" for row in tables["questions-parents"].values())
    earlier = client.get(EARLIER.format(demo_id))
    earlier_tables = comparison_tables(earlier)
    children = earlier_tables["questions-children"]
    # The earlier inspection answered the first survey version: reworded questions are not compared.
    assert children["feel_safe"]["cells"][4] == (
        "Not compared: not asked in these words in the earlier inspection")
    assert children["feel_overall"]["verdict"] != "withheld"


def test_the_counts_give_the_same_percentage_positive_as_the_summary_pages(app):
    from participation.demo import load_demo
    from participation.workspace.benchmark.counts import question_tallies
    from participation.workspace.summaries import inspection_summary

    workspace = app.extensions["workspace_app"]
    with workspace.app_context():
        demo, _ = load_demo(responses=40, seed=11)
        summary = inspection_summary(demo.id, workspace.extensions["survey_definitions"], by=(), min_n=1)
        tallies = question_tallies([demo.id])[demo.id]

        figures = summary.questions.query("dimension == 'all'").drop_duplicates(["survey", "question_key"])
        by_question = {(q[0], q[1]): tally for q, tally in tallies.items()}
        assert len(figures) == len(by_question) > 20
        kinds = set()
        for record in figures.itertuples():
            tally = by_question[(record.survey, record.question_key)]
            assert tally.answers == record.n, record.question_key
            assert round(100 * tally.share, 1) == pytest.approx(record.pct_positive), record.question_key
            kinds.add(record.question_type)
        assert {"multiple_choice", "scale", "yes_no_not_sure"} <= kinds


def test_a_response_sent_after_the_page_was_seen_shows_on_the_next_load(
    app, signed_in, inspection, other_inspection
):
    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 10, "disagree": 10})
        answer(other_inspection, "confident_identify_risk", {"agree": 10, "disagree": 10})
    client, _ = signed_in("inspector")
    first = rows(client.get(NATIONAL.format(inspection)), "questions-staff")["confident_identify_risk"]

    with app.app_context():
        answer(inspection, "confident_identify_risk", {"agree": 20})
        answer(other_inspection, "confident_identify_risk", {"disagree": 10})
    second = rows(client.get(NATIONAL.format(inspection)), "questions-staff")["confident_identify_risk"]

    assert first["cells"][1:3] == ["50.0% (20 answered)", "50.0% (20 answered)"]
    assert second["cells"][1:3] == ["75.0% (40 answered)", "33.3% (30 answered)"]
