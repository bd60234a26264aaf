"""Exports: CSV streamed in batches, XLSX built in the background with definitions and notes sheets,
suppression as on the pages, rare attribute combinations blank, flagged free text kept out,
formulas neutralised, every download audited, and only the right people let in."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from analysis.datastore import COLUMNS as FIGURE_COLUMNS
from participation.extensions import db
from participation.models import AuditRecord, ExportJob
from participation.workspace.exports import answers as answers_module
from participation.workspace.exports.answers import FLAGGED_TEXT
from participation.workspace.exports.figures import BREAKDOWNS
from participation.workspace.exports.jobs import JobState, tidy_up, wait_for_jobs
from participation.workspace.summaries import inspection_summary
from tests.workspace.client import WORKSPACE
from tests.workspace.exports.answered import add_answered

HOSTILE = [
    '=HYPERLINK("http://example.org/x","click")', "+SUM(1,2)", "-2+3", "@SUM(A1)",
    "\t=1+1", "\r=1+1", "=1+2 my worker listens to me",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def workspace_app(app, tmp_path):
    workspace = app.extensions["workspace_app"]
    workspace.config["EXPORT_FOLDER"] = str(tmp_path / "exports")
    yield workspace
    wait_for_jobs(workspace)


@pytest.fixture
def inspector(signed_in, workspace_app):
    client, _staff = signed_in("inspector")
    return client


def get_csv(client, path: str) -> list[list[str]]:
    response = client.client.get(WORKSPACE + path)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def build_workbook(client, app, inspection: int | None, kind: str):
    """Ask for a spreadsheet, wait for it, download it; return (workbook, progress page)."""
    base = f"/inspections/{inspection}/exports" if inspection else "/exports"
    page = client.post(f"{base}/spreadsheet", {"kind": kind}, csrf_from=f"{base}/")
    assert page.status == 302, page.errors()
    wait_for_jobs(app.extensions["workspace_app"])
    ready = client.follow(page)
    assert ready.h1 == "Your spreadsheet is ready"
    link = ready.soup.find("a", string=lambda s: s and "Download the spreadsheet" in s)["href"]
    response = client.client.get(link)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.get_data())), ready, link


# --- Formula injection ------------------------------------------------------------------------


def test_hostile_answers_are_neutralised_in_csv_and_xlsx_and_numbers_stay_numbers(inspector, app, inspection):
    for text in HOSTILE:
        add_answered(app, inspection, "parents", 1, age_band=None, text=text)
    add_answered(app, inspection, "parents", 5, age_band=None)
    rows = get_csv(inspector, f"/inspections/{inspection}/exports/answers/parents.csv")
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(DANGEROUS)]
    for text in HOSTILE:
        assert "'" + text in cells
    assert {row["row"] for row in as_dicts(rows)} == {str(n) for n in range(1, 13)}

    workbook, _page, _link = build_workbook(inspector, app, inspection, "answers")
    values = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}"
                values.append(cell.value)
    texts = [v for v in values if isinstance(v, str)]
    assert not [v for v in texts if v.startswith(DANGEROUS)]
    for text in HOSTILE:
        assert "'" + text in texts
    # Row numbers are numbers, not text.
    numbers = [row[0].value for row in workbook["parents"].iter_rows(min_row=2)]
    assert sorted(numbers) == list(range(1, 13))


# --- Suppression --------------------------------------------------------------------------------


def test_figures_are_withheld_exactly_as_the_pages_withhold_them(inspector, app, inspection):
    add_answered(app, inspection, "children", 12, age_band="12-17")
    add_answered(app, inspection, "children", 2, age_band="5-7")
    add_answered(app, inspection, "children", 7, age_band="8-11")
    rows = as_dicts(get_csv(inspector, f"/inspections/{inspection}/exports/figures.csv"))
    assert list(rows[0]) == list(FIGURE_COLUMNS)
    small = [r for r in rows if r["dimension"] == "age_band" and r["group"] == "5-7" and (
        r["measure"] == "percent_positive" or (r["measure"] == "respondents" and r["theme"] == "all"))]
    assert small and all(r["withheld"] == "1" and r["value"] == "" for r in small)
    workspace = app.extensions["workspace_app"]
    with workspace.app_context():
        surveys = workspace.extensions["survey_definitions"]
        expected = inspection_summary(inspection, surveys, by=BREAKDOWNS, min_n=5).questions
    expected = expected[expected["withheld"] | (expected["n"].fillna(0) > 0)]  # no row for nobody
    withheld = {(r["survey"], r["question_key"], r["theme"], r["dimension"], r["group"]): r["withheld"]
                for r in rows if r["measure"] == "percent_positive"}
    assert len(withheld) == len(expected)
    for rec in expected.to_dict("records"):
        key = (rec["survey"], rec["question_key"], rec["theme"], rec["dimension"], rec["group"])
        assert withheld[key] == ("1" if rec["withheld"] else "0"), key
    shown = [r for r in rows if r["measure"] == "respondents" and r["dimension"] == "all"]
    assert shown[0]["value"] == "21"


def test_a_rare_combination_of_attributes_is_blank_in_the_answers(inspector, app, inspection):
    add_answered(app, inspection, "children", 10, age_band="8-11")
    add_answered(app, inspection, "children", 1, age_band="5-7", language="ur", assisted=True)
    add_answered(app, inspection, "children", 6, age_band="12-17", language="pl")
    rows = as_dicts(get_csv(inspector, f"/inspections/{inspection}/exports/answers/children.csv"))
    blank = [r for r in rows if r["attributes_withheld"] == "1"]
    # The lone child, and the next smallest group so that at least five rows are blank.
    assert len(blank) == 7
    assert all(r["age_band"] == r["language"] == r["assisted"] == "" for r in blank)
    assert not any(r["language"] in ("ur", "pl") for r in rows)
    kept = [r for r in rows if r["attributes_withheld"] == "0"]
    assert {(r["age_band"], r["language"], r["assisted"]) for r in kept} == {("8-11", "en", "no")}


def test_free_text_of_a_flagged_response_stays_in_the_safeguarding_queue(inspector, app, inspection):
    add_answered(app, inspection, "children", 6, text="I like my worker")
    add_answered(app, inspection, "children", 1, text="he hits me", flagged=True)
    definition = app.extensions["survey_definitions"]["children"]
    free = [q.key for q in definition.questions if q.type == "free_text"]
    rows = as_dicts(get_csv(inspector, f"/inspections/{inspection}/exports/answers/children.csv"))
    cells = [r[key] for r in rows for key in free]
    assert not any("hits" in cell for cell in cells)
    assert sum(cell == FLAGGED_TEXT for cell in cells) == len(free)
    assert sum(cell == "I like my worker" for cell in cells) == 6 * len(free)


def test_a_multiple_choice_answer_lists_the_keys_chosen(inspector, app, inspection):
    add_answered(app, inspection, "staff", 5, agency="health")
    definition = app.extensions["survey_definitions"]["staff"]
    multiple = next(q for q in definition.questions if q.type == "multiple_choice")
    chosen = ";".join(o.key for o in multiple.wording("all").options[:2])
    rows = as_dicts(get_csv(inspector, f"/inspections/{inspection}/exports/answers/staff.csv"))
    assert [r[multiple.key] for r in rows] == [chosen] * 5


# --- Streaming ----------------------------------------------------------------------------------


def test_answers_csv_streams_the_header_before_any_batch_is_read(inspector, app, inspection, monkeypatch):
    add_answered(app, inspection, "staff", 9, agency="health")
    app.extensions["workspace_app"].config["EXPORT_BATCH_SIZE"] = 2
    batches = []
    real = answers_module._batch_rows
    monkeypatch.setattr(answers_module, "_batch_rows", lambda *a: batches.append(1) or real(*a))
    response = inspector.client.get(f"{WORKSPACE}/inspections/{inspection}/exports/answers/staff.csv")
    assert response.is_streamed
    chunks = iter(response.response)
    first = next(chunks)
    assert (first.decode() if isinstance(first, bytes) else first).lstrip("\ufeff").startswith("row,survey")
    assert batches == []  # the header went out before any answer was read
    rest = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks)
    assert len(batches) == 5  # nine responses, two at a time
    assert rest.count(b"\r\n") == 9
    response.close()


# --- XLSX in the background ---------------------------------------------------------------------


def test_the_spreadsheet_has_data_definitions_and_notes_that_explain_every_column_and_code(
        inspector, app, inspection):
    add_answered(app, inspection, "children", 6, age_band="8-11")
    add_answered(app, inspection, "staff", 6, agency="police")
    workbook, _page, _link = build_workbook(inspector, app, inspection, "answers")
    assert workbook.sheetnames == ["children", "parents", "staff", "definitions", "notes"]
    definitions = list(workbook["definitions"].iter_rows(values_only=True))
    header = definitions[0]
    explained = [dict(zip(header, row, strict=True)) for row in definitions[1:]]
    columns = {d["code"] for d in explained if d["kind"] == "column"}
    questions = {(d["survey"], d["code"]) for d in explained if d["kind"] == "question"}
    options = {(d["survey"], d["question_key"], d["code"]) for d in explained if d["kind"] == "option"}
    assert all(d["label"] for d in explained if d["kind"] == "option")
    assert {d["polarity"] for d in explained if d["kind"] == "option"} >= {"positive", "negative"}
    for survey in ("children", "parents", "staff"):
        rows = list(workbook[survey].iter_rows(values_only=True))
        for column in rows[0]:
            assert column in columns or (survey, column) in questions, (survey, column)
        kinds = {q.key: q.type for q in app.extensions["survey_definitions"][survey].questions}
        for row in rows[1:]:
            for column, value in zip(rows[0], row, strict=True):
                if kinds.get(column, "free_text") != "free_text" and value:
                    for key in str(value).split(";"):
                        assert (survey, column, key) in options, (survey, column, key)
    notes = dict(workbook["notes"].iter_rows(min_row=2, values_only=True))
    assert "fewer than 5" in notes["Group attributes"]
    assert notes["Made on"] == dt.date.today().isoformat()
    assert "children version" in notes["Survey versions"] and notes["Wording versions"]


def test_figures_spreadsheet_explains_its_measures(inspector, app, inspection):
    add_answered(app, inspection, "children", 6)
    workbook, _page, _link = build_workbook(inspector, app, inspection, "figures")
    assert workbook.sheetnames == ["figures", "definitions", "notes"]
    header = [c.value for c in next(workbook["figures"].iter_rows(max_row=1))]
    assert header == list(FIGURE_COLUMNS)
    explained = list(workbook["definitions"].iter_rows(min_row=2, values_only=True))
    assert {row[4] for row in explained if row[0] == "column"} == set(FIGURE_COLUMNS)
    measures = {row[4] for row in explained if row[0] == "measure"}
    used = {row[6] for row in workbook["figures"].iter_rows(min_row=2, values_only=True)}
    assert used <= measures
    assert "withheld" in dict(workbook["notes"].iter_rows(min_row=2, values_only=True))["Suppression"]


def test_progress_page_refreshes_until_ready_and_the_file_goes_after_one_download(inspector, app, inspection):
    add_answered(app, inspection, "parents", 5, age_band=None)
    workspace = app.extensions["workspace_app"]
    with workspace.app_context():
        owner = db.session.scalar(select(AuditRecord.actor_id).where(AuditRecord.action == "signed_in"))
        waiting = ExportJob(user_id=owner, inspection_id=inspection, kind="answers", state="waiting")
        db.session.add(waiting)
        db.session.commit()
        waiting_id = waiting.id
    page = inspector.get(f"/inspections/{inspection}/exports/spreadsheet/{waiting_id}")
    assert page.h1 == "Your spreadsheet is being built"
    assert page.soup.find("meta", attrs={"http-equiv": "refresh"}) is not None

    _workbook, ready, link = build_workbook(inspector, app, inspection, "answers")
    assert ready.soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    with workspace.app_context():
        job = db.session.scalars(select(ExportJob).order_by(ExportJob.id.desc())).first()
        assert job.state == JobState.DOWNLOADED
    assert list(Path(workspace.config["EXPORT_FOLDER"]).glob("*")) == []
    again = inspector.get(link.removeprefix(WORKSPACE))
    assert again.h1 == "This spreadsheet has been downloaded"


def test_a_spreadsheet_left_for_a_day_is_deleted(inspector, app, inspection):
    add_answered(app, inspection, "parents", 5, age_band=None)
    page = inspector.post(f"/inspections/{inspection}/exports/spreadsheet", {"kind": "figures"},
                          csrf_from=f"/inspections/{inspection}/exports/")
    workspace = app.extensions["workspace_app"]
    wait_for_jobs(workspace)
    with workspace.app_context():
        job = db.session.scalars(select(ExportJob)).one()
        assert job.state == JobState.READY
        job.created_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        db.session.commit()
        stopped = ExportJob(user_id=job.user_id, inspection_id=inspection, kind="answers", state="building",
                            created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
        db.session.add(stopped)
        db.session.commit()
        tidy_up()
        assert db.session.get(ExportJob, job.id).state == JobState.EXPIRED
        assert db.session.get(ExportJob, stopped.id).state == JobState.FAILED  # its builder has stopped
    assert list(Path(workspace.config["EXPORT_FOLDER"]).glob("*")) == []
    assert inspector.follow(page).h1 == "This spreadsheet has been deleted"
    listed = inspector.get(f"/inspections/{inspection}/exports/").soup.get_text(" ")
    assert "Answers, could not be built" in " ".join(listed.split())  # the day-old one is not listed
    assert "Figures," not in listed


def test_someone_else_cannot_see_or_download_your_spreadsheet(signed_in, workspace_app, app, inspection):
    first, _ = signed_in("inspector")
    second, _ = signed_in("inspector", "192.0.2.11")
    add_answered(app, inspection, "parents", 5, age_band=None)
    _workbook, _ready, link = build_workbook(first, app, inspection, "figures")
    job_path = link.removeprefix(WORKSPACE).removesuffix("/download")
    assert second.get(job_path).status == 404
    assert second.get(job_path + "/download").status == 404


def test_asking_for_nothing_is_a_clear_error(inspector, inspection):
    page = inspector.post(f"/inspections/{inspection}/exports/spreadsheet", {},
                          csrf_from=f"/inspections/{inspection}/exports/")
    assert page.status == 400
    assert page.errors() == ["Choose what the spreadsheet should hold"]
    national = inspector.post("/exports/spreadsheet", {"kind": "answers"}, csrf_from="/exports/")
    assert national.status == 400  # every inspection's answers are never exported


# --- Every inspection -------------------------------------------------------------------------


def test_national_figures_pool_every_inspection(workspace_app, make_staff, workspace, app, inspection,
                                                other_inspection):
    add_answered(app, inspection, "parents", 4, age_band=None)
    add_answered(app, other_inspection, "parents", 4, age_band=None)
    admin = workspace()
    admin.sign_in(make_staff("admin"))
    rows = as_dicts(get_csv(admin, "/exports/figures.csv"))
    everyone = [r for r in rows if r["measure"] == "respondents" and r["dimension"] == "all"]
    assert everyone[0]["value"] == "8"  # four in each: each alone would be withheld
    add_answered(app, other_inspection, "parents", 2, age_band=None)
    rows = as_dicts(get_csv(admin, "/exports/figures.csv"))  # not the figures kept from before
    assert next(r["value"] for r in rows if r["measure"] == "respondents" and r["dimension"] == "all") == "10"
    workbook, _page, _link = build_workbook(admin, app, None, "figures")
    assert workbook.sheetnames == ["figures", "definitions", "notes"]
    assert dict(workbook["notes"].iter_rows(min_row=2, values_only=True))["Covers"] == "Every inspection"


# --- Audit, navigation, access ------------------------------------------------------------------


def test_every_export_is_in_the_audit_without_answer_text(inspector, app, inspection):
    add_answered(app, inspection, "children", 5, text="secret words")
    get_csv(inspector, f"/inspections/{inspection}/exports/answers/children.csv")
    get_csv(inspector, f"/inspections/{inspection}/exports/figures.csv")
    build_workbook(inspector, app, inspection, "answers")
    with app.app_context():
        details = db.session.scalars(
            select(AuditRecord.detail).where(AuditRecord.action == "exported").order_by(AuditRecord.id)
        ).all()
        assert all(r == inspection for r in db.session.scalars(
            select(AuditRecord.inspection_id).where(AuditRecord.action == "exported")))
    assert details[0] == "answers CSV of the children survey: 5 responses"
    assert details[1].startswith("figures CSV of")
    assert "answers spreadsheet" in details[2] and "downloaded" in details[3]
    assert not any("secret" in d for d in details)


def test_inspectors_see_the_exports_link_and_coordinators_do_not(signed_in, inspection, workspace_app):
    inspector, _ = signed_in("inspector")
    coordinator, _ = signed_in("coordinator", "192.0.2.12")
    page = inspector.get(f"/inspections/{inspection}/responses")
    assert page.soup.find("a", string="Exports")
    assert not coordinator.get(f"/inspections/{inspection}/responses").soup.find("a", string="Exports")


@pytest.mark.parametrize("role", ["coordinator", "volunteer"])
def test_coordinators_and_volunteers_never_download_answers_or_figures(
        signed_in, workspace_app, app, inspection, role):
    add_answered(app, inspection, "children", 5)
    client, _ = signed_in(role)
    for path in (f"/inspections/{inspection}/exports/answers/children.csv",
                 f"/inspections/{inspection}/exports/figures.csv", "/exports/figures.csv", "/exports/"):
        assert client.client.get(WORKSPACE + path).status_code == 403, path


def test_an_inspection_with_no_answers_exports_headers_not_errors(inspector, inspection):
    figures = get_csv(inspector, f"/inspections/{inspection}/exports/figures.csv")
    assert figures[0] == list(FIGURE_COLUMNS)
    answers = get_csv(inspector, f"/inspections/{inspection}/exports/answers/children.csv")
    assert answers[0][:3] == ["row", "survey", "age_band"] and len(answers) == 1
    assert get_csv(inspector, "/exports/figures.csv")[0] == list(FIGURE_COLUMNS)
    unknown = inspector.client.get(f"{WORKSPACE}/inspections/{inspection}/exports/answers/nothing.csv")
    assert unknown.status_code == 404


@pytest.mark.parametrize(("raw", "joined"), [
    (None, None), ("null", None), ("[]", None), ('["yes"]', "yes"), ('["a", "b_2"]', "a;b_2"),
    ('["a","b"]', "a;b"), ('["a,b"]', "a,b"), ('["x\\"y"]', 'x"y'),
])
def test_stored_option_keys_are_joined_exactly(raw, joined):
    assert answers_module.joined_keys(raw) == joined
