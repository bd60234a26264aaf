"""The agreement page: a random sample drawn on request, labelled blind, figures from review labels
only (never from corrections made while browsing), and the reviewed answers as a training file."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from analysis.compare import wilson_interval
from analysis.csvfile import read_answers
from analysis.training import read_labelled
from participation.extensions import db
from participation.models import AnswerCorrection, AuditRecord, ReviewSampleAnswer, SafeguardingEntry
from participation.workspace.summaries import inspection_summary
from tests.workspace.written import Reading, add_written

FORMULA = '=HYPERLINK("http://example.com")'


@pytest.fixture
def five(app, inspection) -> list[int]:
    """Five read answers."""
    with app.app_context():
        return [
            add_written(
                inspection,
                "children",
                "My worker is kind",
                Reading(["relationships"], "positive"),
                age_band="8-11",
            ),
            add_written(inspection, "parents", "The meetings are too long", Reading(["process"], "negative")),
            add_written(
                inspection, "staff", "Managers listen", Reading(["leadership"], "positive"), agency="health"
            ),
            add_written(inspection, "children", FORMULA, Reading([], "neutral"), age_band="12-17"),
            add_written(
                inspection,
                "children",
                "I am scared at home",
                Reading(["wellbeing"], "negative"),
                age_band="12-17",
            ),
        ]


def sample_of(app, inspection) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ReviewSampleAnswer.answer_id)
                .where(ReviewSampleAnswer.inspection_id == inspection)
                .order_by(ReviewSampleAnswer.position)
            )
        )


def table(page, name: str) -> dict[str, list[str]]:
    rows = page.soup.select(f"#agreement-{name} tbody tr")
    return {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")] for row in rows}


def test_a_sample_is_drawn_on_request_and_can_be_extended(app, five, signed_in, inspection):
    with app.app_context():
        add_written(inspection, "children", "Never read", reading=None)  # never sampled
    client, _ = signed_in("inspector")
    path = f"/inspections/{inspection}/agreement"
    page = client.get(path)
    assert "No answer of the sample has been reviewed yet." in page.text
    assert sample_of(app, inspection) == []  # looking draws nothing

    bad = client.post(f"{path}/sample", {"how_many": "lots"}, csrf_from=path)
    assert bad.status == 400 and bad.errors() == [
        "How many answers to draw must be a whole number from 1 to 500"
    ]
    assert client.post(f"{path}/sample", {"how_many": ""}, csrf_from=path).errors() == [
        "Enter how many answers to draw"
    ]

    assert client.post(f"{path}/sample", {"how_many": "3"}, csrf_from=path).status == 302
    first = sample_of(app, inspection)
    assert len(first) == 3 and set(first) <= set(five)
    client.post(f"{path}/sample", {"how_many": "10"}, csrf_from=path)
    everything = sample_of(app, inspection)
    assert everything[:3] == first and sorted(everything) == sorted(five)  # the unread one never drawn
    page = client.get(path)
    assert page.soup.select_one("#sample-count").get_text(strip=True) == "5 answers drawn, 0 reviewed."
    with app.app_context():
        details = list(
            db.session.scalars(
                select(AuditRecord.detail)
                .where(AuditRecord.action == "review_sample_drawn")
                .order_by(AuditRecord.id)
            )
        )
    assert details == ["3 answers added of 3 asked for", "2 answers added of 10 asked for"]


def review(client, inspection: int, answer_id: int, themes: list[str], tone: str, safeguarding: str):
    path = f"/inspections/{inspection}/agreement/answers/{answer_id}"
    return client.post(path, {"themes": themes, "sentiment": tone, "safeguarding": safeguarding})


def test_an_answer_is_labelled_blind_then_shown_beside_the_analysis(app, five, signed_in, inspection):
    client, staff = signed_in("inspector")
    client.post(
        f"/inspections/{inspection}/agreement/sample",
        {"how_many": "5"},
        csrf_from=f"/inspections/{inspection}/agreement",
    )
    path = f"/inspections/{inspection}/agreement/answers/{five[0]}"
    blind = client.get(path)
    assert "My worker is kind" in blind.text
    assert not blind.soup.select(".app-themes, .app-tone, .app-evidence, .app-flag, #comparison")
    refused = client.post(path, {"themes": ["relationships"], "sentiment": "positive"})
    assert refused.status == 400 and refused.errors() == [
        "Say whether the answer needed safeguarding attention"
    ]

    saved = client.post(
        path, {"themes": ["relationships", "wellbeing"], "sentiment": "positive", "safeguarding": "no"}
    )
    shown = client.follow(saved)
    rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in shown.soup.select("#comparison tbody tr")
    }
    assert rows["Themes"] == ["Wellbeing, Relationships", "Relationships"]
    assert rows["Tone"] == ["Positive", "Positive"]
    assert rows["Needed safeguarding attention"] == ["No", "Not flagged"]
    client.post(path, {"themes": [], "sentiment": "negative", "safeguarding": "no"}, csrf_from=path)
    with app.app_context():
        [label] = db.session.scalars(select(AnswerCorrection)).all()  # labelled once: a second post adds none
        assert (
            label.from_review
            and label.made_by == staff.email
            and label.themes == ["wellbeing", "relationships"]
        )

        viewed = db.session.scalars(
            select(AuditRecord.detail).where(
                AuditRecord.action == "answer_viewed", AuditRecord.subject == "review sample"
            )
        ).all()
        assert viewed and set(viewed) == {f"answers {five[0]}"}

    not_sampled = client.get(f"/inspections/{inspection}/agreement/answers/999999")
    assert not_sampled.status == 404


def test_figures_count_review_labels_only_and_corrections_change_the_summary(
    app, five, signed_in, inspection
):
    client, _ = signed_in("inspector")
    agreement = f"/inspections/{inspection}/agreement"
    client.post(f"{agreement}/sample", {"how_many": "5"}, csrf_from=agreement)
    kind, meetings, managers, _formula, scared = five
    token = client.get(agreement).csrf()
    for answer_id, themes, tone, concern in (
        (kind, ["relationships"], "positive", "no"),  # agrees
        (meetings, ["process", "involvement"], "negative", "no"),
        (managers, [], "neutral", "no"),  # misses leadership, tone differs
        (scared, ["wellbeing"], "negative", "yes"),  # a safeguarding miss
    ):
        client.client.post(
            f"/workspace{agreement}/answers/{answer_id}",
            data={"themes": themes, "sentiment": tone, "safeguarding": concern, "csrf_token": token},
        )
    page = client.get(agreement)
    assert page.soup.select_one("#reviewed-count").get_text(" ", strip=True).startswith("4 reviewed answers.")
    themes = table(page, "themes")
    assert themes["Relationships"][0] == "1.00"
    assert themes["Process experience"][0] == "1.00"
    assert themes["Involvement"][0] == "0.00"  # the analysis never gave it; inspectors once
    assert themes["Leadership"][0] == "0.00"
    assert themes["Relationships"][1] == "Not shown"  # fewer than 30 reviewed
    others = table(page, "others")
    assert others["Tone read as the inspectors read it"][0] == "3 of 4 (75%)"
    misses = next(value for key, value in others.items() if key.startswith("Safeguarding misses"))
    assert misses[0] == "1 of 1 (100%)"
    with app.app_context():
        entry = db.session.scalar(select(SafeguardingEntry).where(SafeguardingEntry.answer_id == scared))
        assert entry is not None and entry.reason == "marked_by_inspector"

    # A correction while browsing changes the figures on other pages but not the agreement.
    definitions = app.extensions["survey_definitions"]
    with app.app_context():
        before = inspection_summary(inspection, definitions, by=(), min_n=1).sentiment
    answers = f"/inspections/{inspection}/answers"
    client.post(
        f"{answers}/{managers}/corrections",
        {"themes": ["leadership"], "sentiment": "negative"},
        csrf_from=f"{answers}?answer={managers}",
    )
    with app.app_context():
        after = inspection_summary(inspection, definitions, by=(), min_n=1).sentiment
    assert not before.equals(after)
    again = client.get(agreement)
    assert table(again, "themes") == themes and table(again, "others") == others


def test_intervals_appear_from_thirty_reviewed_answers(app, signed_in, inspection):
    with app.app_context():
        ids = [
            add_written(
                inspection, "staff", f"Answer {n}", Reading(["leadership"] if n % 2 else [], "positive")
            )
            for n in range(30)
        ]
    client, staff = signed_in("inspector")
    agreement = f"/inspections/{inspection}/agreement"
    client.post(f"{agreement}/sample", {"how_many": "30"}, csrf_from=agreement)
    with app.app_context():
        for n, answer_id in enumerate(ids[:29]):
            db.session.add(
                AnswerCorrection(
                    answer_id=answer_id,
                    inspection_id=inspection,
                    from_review=True,
                    themes=["leadership"] if n % 3 else [],
                    sentiment_label="positive",
                    safeguarding=False,
                    made_by=staff.email,
                )
            )
        db.session.commit()
    assert table(client.get(agreement), "themes")["Leadership"][1] == "Not shown"
    review(client, inspection, ids[29], ["leadership"], "positive", "no")
    page = client.get(agreement)
    low, high = (float(x) for x in table(page, "themes")["Leadership"][1].split(" to "))
    assert 0 <= low < float(table(page, "themes")["Leadership"][0]) < high <= 1
    low, high = wilson_interval(30, 30)
    assert table(page, "others")["Tone read as the inspectors read it"] == [
        "30 of 30 (100%)",
        f"{low:.0%} to {high:.0%}",
    ]


def test_the_reviewed_answers_download_as_a_file_the_analysis_can_learn_from(
    app, five, signed_in, inspection, tmp_path
):
    client, _ = signed_in("inspector")
    agreement = f"/inspections/{inspection}/agreement"
    client.post(f"{agreement}/sample", {"how_many": "5"}, csrf_from=agreement)
    token = client.get(agreement).csrf()
    for answer_id, tone in ((five[0], "positive"), (five[3], "neutral"), (five[2], "positive")):
        client.client.post(
            f"/workspace{agreement}/answers/{answer_id}",
            data={"themes": ["wellbeing"], "sentiment": tone, "safeguarding": "no", "csrf_token": token},
        )
    response = client.client.get(f"/workspace{agreement}/reviewed.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == [
        "id",
        "respondent",
        "age_band",
        "text",
        "wellbeing",
        "relationships",
        "process",
        "involvement",
        "leadership",
        "sentiment",
        "safeguarding",
    ]
    by_text = {row["text"]: row for row in rows}
    assert set(by_text) == {"My worker is kind", "'" + FORMULA, "Managers listen"}  # a formula is neutralised
    assert (
        by_text["My worker is kind"]["respondent"] == "child"
        and by_text["My worker is kind"]["age_band"] == "8-11"
    )
    assert (
        by_text["Managers listen"]["respondent"] == "staff" and by_text["Managers listen"]["wellbeing"] == "1"
    )

    saved = tmp_path / "reviewed.csv"
    saved.write_text(body, encoding="utf-8")
    assert len(read_labelled(saved)) == 3
    assert len(read_answers(str(saved), ["text"])) == 3
    with app.app_context():
        [export] = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "exported")).all()
        assert export.detail == "3 reviewed answers" and "kind" not in export.detail
