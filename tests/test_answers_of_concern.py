"""Closed answers of concern: the survey marks them, choosing one puts the answer in the
safeguarding queue and shows the help numbers on the next page (once)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from participation.surveys import DEFINITIONS_DIR, SurveyDefinitionError, load_definition
from tests.journeys import question_number
from tests.stored import stored_entries


def children_with(tmp_path: Path, key: str, **fields) -> Path:
    """Write the shipped children's survey with extra fields on one question."""
    data = yaml.safe_load((DEFINITIONS_DIR / "children.yaml").read_text(encoding="utf-8"))
    question = next(q for q in data["questions"] if q["key"] == key)
    question.pop("of_concern", None)
    question.update(fields)
    path = tmp_path / "children.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_never_feeling_safe_where_you_live_is_of_concern_in_every_band():
    question = load_definition(DEFINITIONS_DIR / "children.yaml").question("feel_safe")
    marked = {band: [o.key for o in question.wording(band).options if o.of_concern]
              for band in question.wordings}
    assert marked == {"5-7": ["no"], "8-11": ["never"], "12-17": ["strongly_disagree"]}
    assert question.concerning(["never"]) == ["never"]
    assert question.concerning(["always"]) == []


@pytest.mark.parametrize(
    ("key", "of_concern", "problem"),
    [
        ("feel_safe", ["nevr"], "question 'feel_safe': 'of_concern' names 'nevr', which is not an option"),
        ("feel_safe", "never", "'of_concern' must be a non-empty list of option keys"),
        ("feel_safe", ["never", "never"], "'of_concern' lists the same option twice"),
        ("feel_safe", ["prefer_not_to_say"], "'of_concern' cannot list 'prefer_not_to_say'"),
        ("what_is_good", ["never"], "'of_concern' is only for questions with options, not free_text"),
    ],
)
def test_a_wrong_of_concern_stops_the_app_with_a_clear_message(tmp_path, key, of_concern, problem):
    path = children_with(tmp_path, key, of_concern=of_concern)
    with pytest.raises(SurveyDefinitionError) as error:
        load_definition(path)
    assert problem in str(error.value)
    assert str(error.value).startswith("children.yaml: question ")


def test_a_yes_no_question_can_mark_a_bare_no(tmp_path):
    path = children_with(tmp_path, "know_worker", of_concern=[False])  # YAML 1.1 reads no as False
    question = load_definition(path).question("know_worker")
    assert question.of_concern == frozenset({"no"})


def help_banner(html: str):
    return BeautifulSoup(html, "html.parser").select_one(".govuk-notification-banner")


def test_never_feeling_safe_is_an_entry_and_the_next_page_shows_the_help_numbers(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("8-11")
    number = question_number(app, "children", "feel_safe")
    saved = child.answer(number, answer="never")
    assert saved.status == 302
    assert "help" not in saved.location  # nothing in the address says what was answered

    next_page = child.get(saved.location)
    banner = help_banner(next_page.html)
    assert banner is not None
    assert "Childline free on 0800 1111" in banner.get_text(" ", strip=True)
    assert "999" in banner.get_text()
    assert len(BeautifulSoup(next_page.html, "html.parser").find_all("h1")) == 1
    # Shown once: the page after does not repeat it.
    assert help_banner(child.get(saved.location).html) is None

    [entry] = stored_entries(app)
    assert entry.reason == "answer_of_concern"
    assert entry.option_keys == ["never"]
    assert entry.question_key == "feel_safe"
    assert entry.text is None


def test_changing_an_answer_of_concern_on_the_check_page_shows_help_there(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("12-17")
    number = question_number(app, "children", "feel_safe_out")
    saved = child.post(f"{child.base}/q/{number}?change=1", {"answer": "strongly_disagree"},
                       csrf_from=f"{child.base}/q/{number}")
    assert saved.location.endswith("/check")
    assert help_banner(child.get(saved.location).html) is not None
    # Changing it back leaves the entry as it was.
    child.answer(number, answer="agree")
    [entry] = stored_entries(app)
    assert entry.option_keys == ["strongly_disagree"]


def test_an_answer_that_is_not_of_concern_makes_no_entry_and_no_banner(app, surveys, respondent):
    child = respondent(surveys["children"])
    child.begin()
    child.about("5-7")
    saved = child.answer(question_number(app, "children", "feel_safe"), answer="yes")
    assert help_banner(child.get(saved.location).html) is None
    assert stored_entries(app) == []
