"""The answers page: every written answer, searched and filtered by the database, paginated; each
view audited by number; corrections stored beside the analysis, changing every figure."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.models import AnswerCorrection, AuditRecord, SafeguardingEntry
from participation.workspace.answers.listing import AnswerFilters, count_answers
from participation.workspace.summaries import inspection_summary
from tests.workspace.written import Reading, add_written

KIND = "My worker is kind and listens to me"
POLISH = "Mój pracownik jest bardzo miły"
PERCENT = "Meetings take 100% of my day_off"
MANAGERS = "Managers support us well"
UNSENT = "An answer never sent"


@pytest.fixture
def answers(app, inspection) -> dict[str, int]:
    """Four sent written answers of different people, read differently, and one unsent."""
    with app.app_context():
        return {
            "kind": add_written(
                inspection,
                "children",
                KIND,
                Reading(
                    ["relationships"],
                    "positive",
                    evidence={"relationships": ["worker + kind"], "sentiment": ["kind"]},
                ),
                age_band="8-11",
            ),
            "polish": add_written(
                inspection,
                "children",
                POLISH,
                Reading(
                    [], "positive", flagged=True, evidence={"safeguarding": ["needs_human_read: not English"]}
                ),
                age_band="12-17",
                language="pl",
                question="what_should_change",
            ),
            "percent": add_written(inspection, "parents", PERCENT, Reading(["process"], "negative")),
            "managers": add_written(
                inspection,
                "staff",
                MANAGERS,
                Reading(["leadership"], "positive"),
                agency="police",
                assisted=True,
            ),
            "unsent": add_written(inspection, "children", UNSENT, sent=False),
        }


def texts(page) -> list[str]:
    return [p.get_text() for p in page.soup.select(".app-answer-text")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {KIND, POLISH, PERCENT, MANAGERS}),
        ("?q=KIND", {KIND}),
        ("?q=100%25", {PERCENT}),  # a typed % matches only itself
        ("?q=%25", {PERCENT}),
        ("?q=y_o", {PERCENT}),  # and _ only an underscore
        ("?q=_", {PERCENT}),
        ("?q=never+sent", set()),  # unsent responses are not listed
        ("?theme=relationships", {KIND}),
        ("?sentiment=positive", {KIND, POLISH, MANAGERS}),
        ("?sentiment=negative&survey=parents", {PERCENT}),
        ("?flag=flagged", {POLISH}),
        ("?flag=not_flagged", {KIND, PERCENT, MANAGERS}),
        ("?respondent=staff", {MANAGERS}),
        ("?agency=police", {MANAGERS}),
        ("?assisted=yes", {MANAGERS}),
        ("?assisted=no&survey=children", {KIND, POLISH}),
        ("?age_band=12-17", {POLISH}),
        ("?language=pl", {POLISH}),
        ("?question=what_should_change", {POLISH}),
        ("?question=what_is_good&survey=children", {KIND}),
    ],
)
def test_search_and_filters_pick_answers_in_the_database(answers, signed_in, inspection, query, expected):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{inspection}/answers{query}")
    assert page.status == 200
    assert set(texts(page)) == expected


def test_each_answer_shows_its_question_labels_evidence_and_flag(app, answers, signed_in, inspection):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{inspection}/answers")
    kind = page.soup.select_one(f"#answer-{answers['kind']}")
    assert "Is there anything good about the help you get?" in kind.get_text()
    assert kind.select_one(".app-themes").get_text(strip=True) == "Relationships"
    assert kind.select_one(".app-tone").get_text(strip=True) == "Positive"
    assert "Relationships: worker + kind" in kind.select_one(".app-evidence").get_text()
    assert kind.select_one(".app-flag").get_text(strip=True) == "Not flagged"
    polish = page.soup.select_one(f"#answer-{answers['polish']}")
    assert polish.select_one(".app-not-analysed").get_text(strip=True) == "Not analysed: written in Polish"
    with app.app_context():
        entry = db.session.scalar(
            select(SafeguardingEntry.id).where(SafeguardingEntry.answer_id == answers["polish"])
        )
    link = polish.select_one(".app-flag a")
    assert link.get_text() == f"safeguarding entry {entry}"
    assert link["href"].endswith(f"/safeguarding/{entry}")

    with app.app_context():
        seen = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "answer_viewed")).all()
        assert [record.detail for record in seen] == [
            "answers " + ", ".join(str(answers[k]) for k in ("kind", "polish", "percent", "managers"))
        ]
        assert not any(KIND in (record.detail or "") + (record.subject or "") for record in seen)


def test_answers_are_paginated_fifty_a_page(app, signed_in, inspection):
    with app.app_context():
        for number in range(120):
            add_written(inspection, "staff", f"Answer text {number:03}", agency="health")
    client, _ = signed_in("inspector")
    first = client.get(f"/inspections/{inspection}/answers?agency=health")
    assert texts(first) == [f"Answer text {n:03}" for n in range(50)]
    assert first.soup.select_one("#answers-count").get_text(strip=True) == "Showing 1 to 50 of 120 answers"
    nxt = first.soup.select_one(".govuk-pagination__next a")["href"]
    assert "agency=health" in nxt and "page=2" in nxt
    last = client.get(f"/inspections/{inspection}/answers?agency=health&page=3")
    assert texts(last) == [f"Answer text {n:03}" for n in range(100, 120)]
    assert last.soup.select_one(".govuk-pagination__item--current").get_text(strip=True) == "3"
    beyond = client.get(f"/inspections/{inspection}/answers?agency=health&page=99")
    assert texts(beyond) == texts(last)  # past the end shows the last page


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("theme=feelings", "Choose a theme from the list"),
        ("sentiment=angry", "Choose a tone from the list"),
        ("flag=maybe", "Choose flagged or not flagged from the list"),
        ("respondent=teachers", "Choose a respondent group from the list"),
        ("survey=nope", "Choose a survey from the list"),
        ("question=%27%3B--", "Choose a question from the list"),
        ("language=fr", "Choose a language from the list"),
        ("assisted=maybe", "Choose with or without help from the list"),
        ("page=abc", "The page number must be a whole number from 1 to 100,000"),
        ("page=0", "The page number must be a whole number from 1 to 100,000"),
        ("answer=-3", "The answer number must be a whole number from 1 to 2,147,483,647"),
        ("q=" + "x" * 201, "Search for 200 characters or fewer"),
    ],
)
def test_bad_parameters_get_an_error_summary(answers, signed_in, inspection, query, error):
    client, _ = signed_in("inspector")
    page = client.get(f"/inspections/{inspection}/answers?{query}")
    assert page.status == 400
    assert page.errors() == [error]
    assert texts(page) == []


def test_a_correction_changes_the_labels_the_filters_and_every_figure(app, answers, signed_in, inspection):
    definitions = app.extensions["survey_definitions"]

    def negative_share() -> tuple[int, int]:
        with app.app_context():
            summary = inspection_summary(inspection, definitions, by=(), min_n=1)
            table = summary.sentiment.query("theme == 'all' and dimension == 'all'").set_index("label")
            return int(table.loc["negative", "answers"]), int(table.loc["positive", "answers"])

    before = negative_share()
    client, staff = signed_in("inspector")
    path = f"/inspections/{inspection}/answers"
    one = client.get(f"{path}?answer={answers['kind']}")
    assert "Nobody has corrected this answer." in one.text
    refused = client.post(
        f"{path}/{answers['kind']}/corrections",
        {"themes": ["wellbeing"]},
        csrf_from=f"{path}?answer={answers['kind']}",
    )
    assert refused.status == 400 and refused.errors() == ["Choose the answer's tone"]

    saved = client.post(
        f"{path}/{answers['kind']}/corrections",
        {"themes": ["wellbeing", "involvement"], "sentiment": "negative"},
        csrf_from=f"{path}?answer={answers['kind']}",
    )
    assert saved.status == 302
    page = client.follow(saved)
    card = page.soup.select_one(f"#answer-{answers['kind']}")
    assert card.select_one(".app-themes").get_text(" ", strip=True).startswith("Wellbeing, Involvement")
    assert "The analysis said: Relationships" in card.select_one(".app-themes").get_text()
    assert "The analysis said: Positive" in card.select_one(".app-tone").get_text()
    [row] = page.soup.select("tbody tr")
    assert staff.email in row.get_text() and "Reading the answers" in row.get_text()

    assert negative_share() == (before[0] + 1, before[1] - 1)
    assert set(texts(client.get(f"{path}?theme=wellbeing"))) == {KIND}
    assert set(texts(client.get(f"{path}?theme=relationships"))) == set()
    assert KIND in texts(client.get(f"{path}?sentiment=negative"))
    with app.app_context():
        [correction] = db.session.scalars(select(AnswerCorrection)).all()
        assert correction.from_review is False and correction.made_by == staff.email
        assert correction.safeguarding is None
        [audit] = db.session.scalars(
            select(AuditRecord).where(AuditRecord.action == "answer_corrected")
        ).all()
        assert audit.subject == f"answer {answers['kind']}" and KIND not in audit.detail


def test_saying_an_answer_needed_attention_queues_it_once(app, answers, signed_in, inspection):
    client, _ = signed_in("inspector")
    path = f"/inspections/{inspection}/answers"
    for _ in range(2):
        client.post(
            f"{path}/{answers['percent']}/corrections",
            {"themes": ["process"], "sentiment": "negative", "safeguarding": "y"},
            csrf_from=f"{path}?answer={answers['percent']}",
        )
    with app.app_context():
        [entry] = db.session.scalars(
            select(SafeguardingEntry).where(SafeguardingEntry.answer_id == answers["percent"])
        ).all()
        assert entry.reason == "marked_by_inspector" and entry.analysis_missed is True
        assert count_answers(inspection, AnswerFilters(flag="flagged")) == 2
    queue = client.get(f"/inspections/{inspection}/safeguarding/")
    assert f"Entry {entry.id}" in queue.text
    page = client.get(f"{path}?answer={answers['percent']}")
    assert page.soup.select_one(".app-flag a")["href"].endswith(f"/safeguarding/{entry.id}")
    assert len(page.soup.select("tbody tr")) == 2


def test_an_answer_of_another_inspection_cannot_be_read_or_corrected(
    app, signed_in, inspection, other_inspection
):
    with app.app_context():
        elsewhere = add_written(other_inspection, "children", "Somewhere else")
    client, _ = signed_in("inspector")
    path = f"/inspections/{inspection}/answers"
    assert texts(client.get(f"{path}?answer={elsewhere}")) == []
    posted = client.post(f"{path}/{elsewhere}/corrections", {"sentiment": "negative"}, csrf_from=path)
    assert posted.status == 404


@pytest.mark.parametrize(
    ("role", "shown"), [("inspector", True), ("coordinator", False), ("volunteer", False)]
)
def test_only_inspectors_have_the_answers_and_agreement_links(signed_in, inspection, role, shown):
    client, _ = signed_in(role)
    page = client.get(f"/inspections/{inspection}/surveys/")
    links = {a.get_text(strip=True) for a in page.soup.select(".app-inspection-nav a")}
    assert (links & {"Answers", "Agreement"}) == ({"Answers", "Agreement"} if shown else set())
    for path in ("answers", "agreement", "agreement/reviewed.csv"):
        assert (client.get(f"/inspections/{inspection}/{path}").status == 200) is shown


def test_parents_and_kinship_carers_are_told_apart_by_their_kinship_answer(app):
    from participation.demo import load_demo
    from participation.workspace.frames import answers_frame

    with app.app_context():
        inspection, _ = load_demo(responses=80, seed=11)
        frame = answers_frame(inspection.id, app.extensions["survey_definitions"])
        written = frame[(frame["question_type"] == "free_text") & (frame["status"] == "answered")]
        parents = AnswerFilters(respondent="parents")
        for group in ("parent", "kinship_carer"):
            listed = count_answers(inspection.id, AnswerFilters(respondent="parents", carer=group))
            # The same group as the findings pages' carer column gives, counted by the database.
            assert listed == int((written["carer"] == group).sum())
        either = sum(count_answers(inspection.id, AnswerFilters(respondent="parents", carer=group))
                     for group in ("parent", "kinship_carer"))
        assert 0 < either <= count_answers(inspection.id, parents)
