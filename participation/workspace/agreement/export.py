"""The reviewed answers as a labelled CSV file in the format `analysis` learns from
(shared/eval/LABELLING.md: id, respondent, age_band, text, a 0/1 column a theme, sentiment,
safeguarding), so `python -m analysis model train --extra <file>` can use inspectors' labels."""

from __future__ import annotations

import csv
import io

import pandas as pd

from analysis.theme_list import THEMES
from participation.workspace.exports.cells import neutralise

COLUMNS = ("id", "respondent", "age_band", "text", *THEMES, "sentiment", "safeguarding")


def labelled_csv(reviewed: pd.DataFrame) -> str:
    """Return the reviewed answers (`sample.reviewed`) as CSV text, labelled as the inspectors said."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in reviewed.itertuples(index=False):
        cells = [
            f"a{row.answer_id}",
            row.respondent,
            row.age_band,
            row.text,
            *("1" if getattr(row, f"person_{theme}") else "0" for theme in THEMES),
            row.person_sentiment,
            "1" if row.person_safeguarding else "0",
        ]
        writer.writerow([neutralise(str(cell)) for cell in cells])
    return out.getvalue()
