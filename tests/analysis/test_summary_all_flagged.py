"""Summarising answers whose free text is all safeguarding-flagged (nothing left to take phrases from)."""

import pandas as pd

from analysis import summarise


def _answers(respondents: int) -> pd.DataFrame:
    rows = []
    for number in range(respondents):
        rows.append({"response_id": str(number), "survey": "children", "question_key": "safe",
                     "question_type": "yes_no_not_sure", "themes": "wellbeing", "option_key": "yes",
                     "polarity": "positive", "status": "answered", "text": None})
        rows.append({"response_id": str(number), "survey": "children", "question_key": "good",
                     "question_type": "free_text", "themes": "wellbeing", "option_key": None,
                     "polarity": None, "status": "answered", "text": "my worker listens to me",
                     "theme_wellbeing": True, "theme_relationships": True, "theme_process": False,
                     "theme_involvement": False, "theme_leadership": False, "sentiment_polarity": 0.6,
                     "sentiment_label": "positive", "safeguarding_flag": True})
    return pd.DataFrame(rows)


def test_every_answer_flagged_gives_no_phrases_and_no_quotes():
    summary = summarise(_answers(12), by=("survey",))
    assert summary.phrases.empty
    assert summary.quotes.empty
    # The choice question is still counted.
    assert int(summary.questions["n"].max()) == 12
