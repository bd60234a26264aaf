"""The printed report: the same figures as the pages (small groups withheld), the kept findings only,
the current evaluation of quality indicator 2.1, as a page and as a PDF whose text is read back;
audited, and for the inspection's inspectors only."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from participation.extensions import db
from participation.models import AuditRecord, FindingDecision, QualityEvaluation
from participation.workspace.audit import AuditAction
from tests.workspace.client import WORKSPACE
from tests.workspace.test_findings import POSITIVE, build, first_option, tables
from tests.workspace.test_questions import load, respond

KEPT = "Children feel safe out and about."
KEPT_EDITED = "Staff trust their first-line managers."
DISCARDED = "Parents find the process slow."
KEPT_THEN_DISCARDED = "Staff trust senior leaders."
GOOD, OLD = "Most children feel safe where they live.", "Fewer feel safe than we thought."
# Three parents, two of them positive about respect: 2 of 3, a figure that must never show (the
# findings write 66.7%, the aims 67%).
SMALL_GROUP_PERCENTS = ("66.7%", "67%")


def decide(inspection: int, key: str, kind: str, decision: str, text: str) -> None:
    db.session.add(FindingDecision(inspection_id=inspection, draft_key=key, kind=kind, decision=decision,
                                   text=text, evidence={"survey": "children", "question": "feel_safe"}))


def fill(app, inspection: int) -> None:
    """16 children and 13 staff (tests/workspace/test_questions.py), 3 parents, two evaluations and
    findings kept, discarded, kept then discarded, and kept then edited."""
    load(app, inspection)
    with app.app_context():
        positive = first_option("parents", "treated_with_respect", "all")
        negative = first_option("parents", "treated_with_respect", "all", "negative")
        for option in (positive, positive, negative):
            respond(inspection, "parents", {"treated_with_respect": option})
        db.session.add(QualityEvaluation(inspection_id=inspection, indicator="2.1", grade=3,
                                         rationale=OLD, made_by="first@example.org"))
        db.session.flush()
        db.session.add(QualityEvaluation(inspection_id=inspection, indicator="2.1", grade=4,
                                         rationale=GOOD, made_by="lead@example.org"))
        decide(inspection, "question:children:feel_safe_out:strength", "strength", "kept", KEPT)
        decide(inspection, "theme:parents:process:negative", "area_for_development", "discarded", DISCARDED)
        decide(inspection, "question:staff:confidence_strategic_leaders:strength", "strength", "kept",
               KEPT_THEN_DISCARDED)
        db.session.flush()
        decide(inspection, "question:staff:confidence_strategic_leaders:strength", "strength",
               "discarded", KEPT_THEN_DISCARDED)
        decide(inspection, "question:staff:confidence_first_line_manager:strength", "strength", "kept",
               "Staff trust managers.")
        db.session.flush()
        decide(inspection, "question:staff:confidence_first_line_manager:strength", "strength", "kept",
               KEPT_EDITED)
        db.session.commit()


@pytest.fixture
def inspector(app, inspection, signed_in):
    fill(app, inspection)
    client, _staff = signed_in("inspector")
    return client


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(client, inspection: int) -> tuple[object, list[str]]:
    """Return the PDF download's response and the text of each of its pages."""
    response = client.client.get(f"{WORKSPACE}/inspections/{inspection}/report.pdf")
    assert response.status_code == 200, response.status_code
    reader = PdfReader(io.BytesIO(response.data))
    return response, [words(page.extract_text()) for page in reader.pages]


def test_the_report_page_holds_the_pages_figures_with_small_groups_withheld(inspector, inspection):
    page = inspector.get(f"/inspections/{inspection}/report")
    assert page.status == 200
    assert page.h1 == "Survey report"
    found = tables(page)
    assert found["People who answered, by survey"]["Children and young people"] == ["16"]
    assert found["People who answered, by survey"]["Parents and carers"][0].startswith("Withheld")
    wellbeing = found["Percentage positive by question: Children and young people, wellbeing"]
    assert wellbeing["I feel safe where I live."] == ["56.2%", "16"]  # 9 of 16, as on the findings page
    assert wellbeing["How do you feel about your life at the moment?"][0].startswith("Withheld")
    assert found["Children and young people's survey: aim 1"]["I feel safe where I live."] == ["56%", "16"]
    evidence = found["Children and young people's survey: questions informing 2.1"]
    assert evidence["How do you feel about your life at the moment?"] == ["withheld", "withheld"]
    assert not any(percent in page.html for percent in SMALL_GROUP_PERCENTS)
    # Charts are drawn on the server, named, beside their tables.
    assert page.soup.select_one("svg.app-chart[role=img] title").get_text(strip=True).startswith(
        "Percentage positive by question")
    # The report links to no page of evidence and carries nobody's words.
    main = page.soup.select_one("main")
    for nav in main.select("nav, .app-no-print"):
        nav.decompose()
    assert {a["href"][0] for a in main.select("a[href]")} == {"#"}


def test_the_report_holds_the_current_evaluation_and_only_kept_findings(inspector, inspection):
    page = inspector.get(f"/inspections/{inspection}/report")
    text = words(page.soup.select_one("main").get_text(" "))
    assert "4 Good" in text and GOOD in text and "lead@example.org" in text
    assert OLD not in text and "3 Adequate" not in text
    assert KEPT in text and KEPT_EDITED in text
    for absent in (DISCARDED, KEPT_THEN_DISCARDED, "Staff trust managers.",
                   "16 of 16"):  # "16 of 16": a draft the figures give, which nobody has kept
        assert absent not in text, absent


def test_the_pdf_has_the_same_contents_charts_and_page_breaks(app, inspector, inspection):
    response, pages = pdf_pages(inspector, inspection)
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(rf'attachment; filename="inspection-{inspection}-report-\d{{4}}-\d\d-\d\d\.pdf"',
                        response.headers["Content-Disposition"])
    text = " ".join(pages)
    assert "Survey report" in pages[0] and "Test inspection" in pages[0]
    assert "Wellbeing" in text and "Summary by theme" in text
    assert "I feel safe where I live. 56.2% 16" in text and "I feel safe where I live. 56% 16" in text
    assert "I feel safe when I am…" in text  # a label only the chart draws: the SVG is drawn
    assert "Withheld: fewer than 5 people" in text
    assert "4 Good" in text and GOOD in text and KEPT in text and KEPT_EDITED in text
    for absent in (*SMALL_GROUP_PERCENTS, OLD, DISCARDED, KEPT_THEN_DISCARDED, "16 of 16"):
        assert absent not in text, absent
    # Each section starts a page of its own.
    for heading in ("Summary by theme", "Summary by aim", "Quality indicator 2.1",
                    "Strengths and areas for development"):
        assert any(page.startswith(heading) for page in pages), heading


def test_the_report_carries_key_phrases_but_no_quotes(app, inspection, signed_in):
    build(app, inspection)  # children's free text, typical enough to be quoted on the findings page
    client, _staff = signed_in("inspector")
    findings = client.get(f"/inspections/{inspection}/findings")
    assert POSITIVE in [q.get_text(strip=True).strip("“”") for q in findings.soup.select("blockquote")]
    phrases = {li.get_text(strip=True) for li in findings.soup.select("h4 + ul li")}
    assert phrases

    page = client.get(f"/inspections/{inspection}/report")
    assert not page.soup.select("blockquote") and POSITIVE not in page.html
    assert phrases <= {li.get_text(strip=True) for li in page.soup.select("h5 + ul li")}
    _response, pages = pdf_pages(client, inspection)
    assert POSITIVE not in " ".join(pages)
    with app.app_context():
        viewed = db.session.scalars(select(AuditRecord.detail).where(
            AuditRecord.action == AuditAction.ANSWER_VIEWED.value)).all()
    assert len(viewed) == 1 and viewed[0].startswith("findings: ")  # the findings page's only


def test_viewing_and_downloading_are_audited_without_any_words(app, inspector, inspection):
    inspector.get(f"/inspections/{inspection}/report")
    pdf_pages(inspector, inspection)
    with app.app_context():
        actions = [AuditAction.REPORT_VIEWED.value, AuditAction.REPORT_DOWNLOADED.value]
        audited = db.session.scalars(select(AuditRecord).where(AuditRecord.action.in_(actions))
                                     .order_by(AuditRecord.id)).all()
    assert [record.action for record in audited] == ["report_viewed", "report_downloaded"]
    assert all(record.inspection_id == inspection for record in audited)
    for record in audited:
        assert KEPT not in (record.detail or "") and GOOD not in (record.detail or "")


def test_before_anything_is_answered_or_decided_the_report_says_so(app, inspection, signed_in):
    client, _staff = signed_in("inspector")
    page = client.get(f"/inspections/{inspection}/report")
    assert page.status == 200
    text = words(page.soup.select_one("main").get_text(" "))
    assert "Not yet evaluated." in text and "None kept yet." in text
    _response, pages = pdf_pages(client, inspection)
    assert "Not yet evaluated." in " ".join(pages)


def test_the_report_is_in_the_inspections_pages(inspector, inspection):
    page = inspector.get(f"/inspections/{inspection}/findings")
    links = {a.get_text(strip=True): a["href"] for a in page.soup.select(".app-inspection-nav a")}
    assert links["Report"] == f"{WORKSPACE}/inspections/{inspection}/report"


@pytest.mark.parametrize("role", ["coordinator", "volunteer"])
def test_coordinators_and_volunteers_are_refused(app, inspection, signed_in, role):
    fill(app, inspection)
    client, _ = signed_in(role)
    for path in ("report", "report.pdf"):
        assert client.get(f"/inspections/{inspection}/{path}").status == 403


def test_an_inspector_of_another_inspection_is_refused(app, inspection, other_inspection, workspace,
                                                       make_staff):
    fill(app, inspection)
    client = workspace()
    client.sign_in(make_staff("inspector", other_inspection))
    for path in ("report", "report.pdf"):
        assert client.get(f"/inspections/{inspection}/{path}").status == 403
    assert client.get(f"/inspections/{other_inspection}/report").status == 200
