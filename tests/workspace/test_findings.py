"""The findings pages: figures per survey and theme, groups offered only when safe, nothing small shown
or derivable, quotes never from flagged or identifying answers, corrections showing at once, and every
quote and figure linked to the answers behind it."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlparse

import pytest
from flask import Blueprint, Flask
from sqlalchemy import select

from participation import create_app
from participation.analysis_store import store_reading
from participation.config import TestConfig
from participation.extensions import db
from participation.models import (
    Answer,
    AnswerCorrection,
    AuditRecord,
    Response,
    ResponseStatus,
)
from participation.respond.journey import analysis_columns
from participation.workspace.summaries import inspection_frame
from tests.workspace.client import WorkspaceClient
from tests.workspace.responses import survey_of

POSITIVE = "my worker listens to me and helps me a lot"
NEGATIVE = "nobody told me what was happening at my meetings"
FLAGGED = "my worker listens to me and helps me but he hits me at home"
NAMED = "Sarah McGregor listens to me and helps me a lot"
CONTACT = "my worker listens to me and helps me call 07700 900123"


def _add(inspection_id: int, key: str, *, age_band=None, agency=None, answers=(), language="en",
         assisted=False) -> Response:
    """Add one sent response with its answers: (question key, option key or None, text or None)."""
    survey = survey_of(inspection_id, key)
    response = Response(
        survey_id=survey.id, definition_version=1, respondent_group=key, age_band=age_band,
        agency=agency, language=language, assisted=assisted, status=ResponseStatus.SUBMITTED,
        submit_key=secrets.token_hex(16),
    )
    db.session.add(response)
    db.session.flush()
    for question_key, option, text in answers:
        answer = Answer(response_id=response.id, question_key=question_key, status="answered",
                        option_keys=[option] if option else None, text=text)
        db.session.add(answer)
        db.session.flush()
        if text:
            question = _definitions()[key].question(question_key)
            store_reading(answer, analysis_columns(response, question, text))
    return response


def _definitions():
    from flask import current_app

    return current_app.extensions["survey_definitions"]


def first_option(survey: str, question: str, band: str, polarity: str = "positive") -> str:
    wording = _definitions()[survey].question(question).wording(band)
    return next(option.key for option in wording.options if option.polarity == polarity)


def build(app: Flask, inspection_id: int) -> None:
    """Children: 4 aged 5-7, 30 aged 8-11, 12 aged 12-17; parents: 8 parents, 4 kinship carers;
    staff: 12 social work, 6 health, 4 police."""
    with app.app_context():
        for band, number in (("5-7", 4), ("8-11", 30), ("12-17", 12)):
            for i in range(number):
                tone = "positive" if i % 3 else "negative"
                text = POSITIVE if tone == "positive" else NEGATIVE
                _add(inspection_id, "children", age_band=band, answers=[
                    ("feel_safe", first_option("children", "feel_safe", band, tone), None),
                    ("what_should_change", None, text),
                ])
        for option, number in (("not_kinship_carer", 8), ("enough_support", 4)):
            for _ in range(number):
                _add(inspection_id, "parents", answers=[("kinship_support", option, None)])
        staff_question = _definitions()["staff"].questions[0]
        for agency, number in (("social_work", 12), ("health", 6), ("police", 4)):
            for _ in range(number):
                _add(inspection_id, "staff", agency=agency, answers=[
                    (staff_question.key, first_option("staff", staff_question.key, "all"), None)])
        # Typical words, but flagged, naming someone, or with a phone number: never quoted.
        for text in (FLAGGED, NAMED, CONTACT):
            _add(inspection_id, "children", age_band="8-11",
                 answers=[("what_should_change", None, text)])
        db.session.commit()


def tables(page) -> dict[str, dict[str, list[str]]]:
    """Return each table of a page by caption: row heading -> the cells' words."""
    found = {}
    soup = page.soup
    for hidden in soup.select(".govuk-visually-hidden"):  # a link's words for screen readers
        hidden.decompose()
    for table in soup.select("table"):
        caption = " ".join(table.caption.get_text().split())
        found[caption] = {
            " ".join(row.th.get_text().split()): [" ".join(td.get_text().split()) for td in row.select("td")]
            for row in table.select("tbody tr")
        }
    return found


def group_options(page) -> dict[str, str]:
    return {" ".join(o.get_text().split()): o["value"] for o in page.soup.select("#group option")}


def number(text: str) -> int | None:
    match = re.match(r"^([\d,]+)$", text) or re.search(r"\(([\d,]+)\)$", text)
    return int(match.group(1).replace(",", "")) if match else None


@pytest.fixture
def built(app, inspection):
    build(app, inspection)
    return inspection


def test_only_groups_that_are_safe_to_show_are_offered_and_a_small_one_is_refused(signed_in, built):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{built}/findings")
    assert page.status == 200
    offered = group_options(page)
    assert "Children aged 8 to 11" in offered and "Staff: Social work" in offered
    # Four 5-7s, four kinship carers and four police: never offered. The 12-17s, the parents and
    # health are large, but offering them too would leave the four as what is left of a survey.
    for small in ("Children aged 5 to 7", "Kinship carers", "Staff: Police",
                  "Children aged 12 to 17", "Parents (not kinship carers)", "Staff: Health"):
        assert small not in offered

    for refused in ("age_band:5-7", "carer:kinship_carer", "agency:police", "agency:health", "nonsense"):
        page = client.get(f"/inspections/{built}/findings?group={refused}")
        assert page.status == 400
        assert page.errors() == ["Choose a group from the list: that group is not offered, because it or "
                                 "the people outside it are too few to show safely"]
        assert "Who these figures are from:" not in page.html  # everyone's figures, not the group's


def test_no_figure_of_a_group_leaves_fewer_than_five_people_outside_it(signed_in, built):
    client, _ = signed_in("inspector")
    everyone = tables(client.get(f"/inspections/{built}/findings"))
    offered = group_options(client.get(f"/inspections/{built}/findings"))
    checked = 0
    for label, value in offered.items():
        if not value:
            continue
        page = client.get(f"/inspections/{built}/findings?group={value}")
        assert page.status == 200
        for caption, rows in tables(page).items():
            for heading, cells in rows.items():
                for place, text in enumerate(cells):
                    shown = number(text)
                    if text.startswith("Withheld") or shown is None:
                        continue
                    assert shown == 0 or shown >= 5, f"{label}: {caption} {heading} shows {text}"
                    whole = number(everyone.get(caption, {}).get(heading, [""] * (place + 1))[place])
                    if whole is not None:
                        assert whole - shown == 0 or whole - shown >= 5, (
                            f"{label}: {caption} {heading}: {whole} in all, {shown} in the group")
                        checked += 1
    assert checked  # the test compared figures, it did not pass on nothing


def test_each_survey_is_shown_on_its_own_with_percentage_positive_and_n(signed_in, built):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{built}/findings")
    found = tables(page)
    assert found["People who answered, by survey"] == {
        "Children and young people": ["49"], "Parents and carers": ["12"], "Staff": ["22"]}
    children = found["Percentage positive by question: Children and young people, wellbeing"]
    [(_question, (percent, n))] = [(q, cells) for q, cells in children.items() if "safe where" in q]
    assert n == "46" and percent == f"{round(100 * 30 / 46, 1):g}%"  # 30 of the 46 chose a positive option
    assert page.soup.find("svg", attrs={"aria-labelledby": re.compile("chart-wellbeing-children")})
    assert "Everyone" in page.soup.select_one("#group option").get_text()
    # Only one survey, when asked for.
    page = client.get(f"/inspections/{built}/findings?survey=staff")
    assert list(tables(page)["People who answered, by survey"]) == ["Staff"]
    assert client.get(f"/inspections/{built}/findings?survey=teachers").status == 400


def test_quotes_never_come_from_flagged_named_or_contact_answers(app, signed_in, built):
    with app.app_context():
        frame = inspection_frame(built, app.extensions["survey_definitions"])
        assert frame.loc[frame["text"] == FLAGGED, "safeguarding_flag"].all()
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{built}/findings")
    quotes = [" ".join(q.get_text().split()) for q in page.soup.select(".app-quote blockquote")]
    assert f"“{POSITIVE}”" in quotes
    for never in (FLAGGED, NAMED, CONTACT):
        assert never not in page.html
    with app.app_context():
        viewed = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "answer_viewed")).all()
        assert viewed and all("findings" in record.detail for record in viewed)


def test_a_correction_changes_the_figures_on_the_next_load(app, signed_in, built):
    client, _ = signed_in("inspector")
    caption = "Tone of free-text answers about involvement in decisions, by survey"
    page = client.get(f"/inspections/{built}/findings")
    before = tables(page).get(caption, {}).get("Children and young people")
    with app.app_context():
        answers = db.session.scalars(select(Answer).where(Answer.text == POSITIVE).limit(6)).all()
        for answer in answers:
            db.session.add(AnswerCorrection(answer_id=answer.id, inspection_id=built,
                                            themes=["involvement"], sentiment_label="neutral"))
        db.session.commit()
    after = tables(client.get(f"/inspections/{built}/findings"))[caption]["Children and young people"]
    assert after != before
    assert number(after[1]) is not None and number(after[1]) >= 6  # the six corrected answers, now neutral


def test_a_choice_question_page_counts_each_option_per_band_with_small_counts_withheld(signed_in, built):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{built}/findings/children/feel_safe")
    assert page.status == 200
    found = tables(page)
    younger = found["Children aged 5 to 7: how many chose each answer"]
    assert all(cells[0].startswith("Withheld") or cells[0] == "0" for cells in younger.values())
    middle = found["Children aged 8 to 11: how many chose each answer"]
    assert middle["Everyone who chose an answer"][0] == "30"
    assert client.get(f"/inspections/{built}/findings/children/what_should_change").status == 404
    assert client.get(f"/inspections/{built}/findings/children/no_such_question").status == 404
    assert client.get(f"/inspections/{built}/findings/teachers/feel_safe").status == 404
    # The findings page links each question's figure to it.
    findings = client.get(f"/inspections/{built}/findings")
    assert findings.soup.find("a", href=re.compile(r"/findings/children/feel_safe$"))


def test_the_inspection_navigation_links_findings_for_inspectors_only(signed_in, built):
    client, _ = signed_in("inspector")
    assert client.get(f"/inspections/{built}/").soup.find("a", string="Findings")
    coordinator, _ = signed_in("coordinator", address="192.0.2.11")
    assert not coordinator.get(f"/inspections/{built}/").soup.find("a", string="Findings")
    assert coordinator.get(f"/inspections/{built}/findings").status == 403


# --- links to the answers page, with a stand-in for it ----------------------------------------

stand_in = Blueprint("answers", __name__)


@stand_in.get("/inspections/<int:inspection_id>/answers")
def index(inspection_id: int):  # pragma: no cover - only its address is built
    return ""


@pytest.fixture
def linked_app(app: Flask) -> Flask:
    """An app like the tests' own, on the same database, whose workspace has an answers page."""
    if "answers.index" in app.extensions["workspace_app"].view_functions:
        return app  # the real page is there
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
    linked = create_app(config)
    linked.extensions["workspace_app"].register_blueprint(stand_in)
    return linked


def test_quotes_and_tone_figures_link_to_the_answers_behind_them(app, linked_app, make_staff, built):
    staff = make_staff("inspector", built)
    client = WorkspaceClient(linked_app)
    client.sign_in(staff)
    page = client.get(f"/inspections/{built}/findings?group=age_band:8-11")
    assert page.status == 200
    quote_links = list(page.soup.select(".app-quote a"))
    assert quote_links
    with app.app_context():
        for link in quote_links:
            query = parse_qs(urlparse(link["href"]).query)
            answer = db.session.get(Answer, int(query["answer"][0]))
            quote = " ".join(link.find_parent("figure").blockquote.get_text().split())
            assert quote == f"“{answer.text}”"
    tone = page.soup.select("td a[href*='sentiment=']")
    assert tone
    queries = [parse_qs(urlparse(link["href"]).query) for link in tone]
    for query in queries:
        assert query["survey"] == ["children"] and query["age_band"] == ["8-11"]
        assert query["sentiment"][0] in {"positive", "neutral", "negative"}
    assert "theme" not in queries[0]  # all free-text answers come first
    themed = {query["theme"][0] for query in queries if "theme" in query}
    assert themed and themed <= {"wellbeing", "relationships", "process", "involvement", "leadership"}


def test_a_group_is_named_to_the_answers_page_as_it_reads_it():
    from participation.workspace.findings.groups import GroupChoice
    from participation.workspace.findings.views import answers_filter

    assert answers_filter(None) == {}
    assert answers_filter(GroupChoice("assisted", "True", "")) == {"assisted": "yes"}
    assert answers_filter(GroupChoice("age_band", "8-11", "")) == {"age_band": "8-11"}
    assert answers_filter(GroupChoice("carer", "kinship_carer", ""))["respondent"] == "parents"
