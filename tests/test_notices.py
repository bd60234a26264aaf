"""The privacy notices and the accessibility statement: reachable from every respondent page, plain
enough for their readers, and honest about what happens to an answer that may show a risk."""

from __future__ import annotations

import re

import pytest
import textstat
from bs4 import BeautifulSoup

from tests.conftest import Respondent

READING_AGE_LIMIT = {"5-7": 9, "8-11": 9, "12-17": 12}


def notice_sentences(page) -> list[str]:
    """Return the sentences of the notice itself (not the age links or the help numbers)."""
    notice = BeautifulSoup(page.html, "html.parser").find(class_="app-notice")
    text = " ".join(p.get_text(" ", strip=True) for p in notice.find_all(["p", "li"]))
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


@pytest.mark.parametrize("band", ["5-7", "8-11", "12-17"])
def test_the_childrens_notice_speaks_to_each_age(app, band):
    page = Respondent(app.test_client(), "").get(f"/privacy/children?age={band}")
    assert page.status == 200
    assert "What happens to your answers" in page.text
    sentences = notice_sentences(page)
    words = " ".join(sentences)
    assert "even if" in words, "it must say a worrying answer can be passed on even if not sent"
    grade = textstat.flesch_kincaid_grade(words) + 5
    assert grade <= READING_AGE_LIMIT[band], (band, grade)
    if band == "5-7":
        longest = max(sentences, key=lambda s: len(s.split()))
        assert len(longest.split()) <= 15, longest


def test_an_unknown_age_gets_the_middle_notice(app):
    page = Respondent(app.test_client(), "").get("/privacy/children?age=<script>")
    assert page.status == 200
    assert 'aria-current="page">Ages 8 to 11<' in page.html


def test_the_adults_notice_says_what_is_kept_who_reads_it_and_when_it_is_passed_on(app):
    page = Respondent(app.test_client(), "").get("/privacy")
    assert page.status == 200
    for promise in ("We do not ask your name", "not straight away", "lead officer",
                    "even if the answers were never sent, or were changed afterwards",
                    f"{app.config['RETENTION_DAYS']} days after the inspection report is published"):
        assert promise in page.text, promise


@pytest.mark.parametrize(("survey", "notice"), [("children", "/privacy/children"), ("parents", "/privacy"),
                                                ("staff", "/privacy")])
def test_every_start_page_links_to_its_notice(surveys, respondent, survey, notice):
    person = respondent(surveys[survey])
    start = person.get(person.base)
    main = BeautifulSoup(start.html, "html.parser").find("main")
    assert main.find("a", href=notice), f"the {survey} start page does not link to {notice}"


def test_every_respondent_page_links_to_the_statement_and_the_notice(app, surveys, respondent):
    person = respondent(surveys["children"])
    person.begin()
    for path in ("/", "/help", person.base, f"{person.base}/about", f"{person.base}/q/1", "/accessibility"):
        footer = BeautifulSoup(person.get(path).html, "html.parser").find("footer")
        assert footer.find("a", href="/accessibility"), path
        assert footer.find("a", href=re.compile(r"^/privacy")), path
    question = BeautifulSoup(person.get(f"{person.base}/q/1").html, "html.parser").find("footer")
    assert question.find("a", href="/privacy/children"), "a child's page links the children's notice"


def test_the_accessibility_statement_says_how_to_report_a_problem(app):
    page = Respondent(app.test_client(), "").get("/accessibility")
    assert page.status == 200
    for heading in ("How accessible the pages are", "What we know is not accessible yet",
                    "How we tested the pages", "Reporting a problem"):
        assert f">{heading}</h2>" in page.text, heading
    assert app.config["CONTACT_EMAIL"] in page.text
