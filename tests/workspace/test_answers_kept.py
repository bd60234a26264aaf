"""The answers page keeps which answers a search picks until the data changes: a new answer, a
correction or a new reading shows on the next load."""

from __future__ import annotations

from participation.extensions import db
from participation.models import AnswerCorrection
from tests.workspace.written import Reading, add_written


def texts(page) -> set[str]:
    return {p.get_text() for p in page.soup.select(".app-answer-text")}


def test_a_kept_search_shows_a_new_answer_and_a_correction_on_the_next_load(app, signed_in, inspection):
    with app.app_context():
        kind = add_written(inspection, "children", "My worker is kind",
                           Reading(["relationships"], "positive"))
    client, _ = signed_in("inspector")
    search = f"/inspections/{inspection}/answers?q=worker"
    themed = f"/inspections/{inspection}/answers?theme=relationships"
    assert texts(client.get(search)) == {"My worker is kind"}
    assert texts(client.get(themed)) == {"My worker is kind"}
    assert texts(client.get(search)) == {"My worker is kind"}  # kept: the same answer

    with app.app_context():
        add_written(inspection, "parents", "Our worker never calls back", Reading(["process"], "negative"))
    assert texts(client.get(search)) == {"My worker is kind", "Our worker never calls back"}

    with app.app_context():
        db.session.add(AnswerCorrection(answer_id=kind, inspection_id=inspection, themes=["wellbeing"],
                                        sentiment_label="positive"))
        db.session.commit()
    assert texts(client.get(themed)) == set()
    page = client.get(f"/inspections/{inspection}/answers?theme=wellbeing")
    assert texts(page) == {"My worker is kind"}
