"""The one place that turns database rows into the frames `analysis` reads.

`answers_frame` gives the long answers frame of `analysis.summary` (one row per answer, one per
chosen option of a multiple-choice question), with the polarity and themes of each question from
its survey definition and the current stored reading of each free-text answer, so pages read
stored analysis and never analyse in bulk inside a request. Where an inspector has corrected an
answer's themes or tone, the latest correction replaces the analysis's labels (``corrected`` is
True), so every figure uses the corrected labels. An answer that has ever been in the
safeguarding queue, or that an inspector said needed safeguarding attention, stays flagged here
whatever its latest reading says, so it never surfaces in phrases or quotes.

Group columns (the same value on every row of a response): ``respondent`` (child, parent,
staff), ``age_band``, ``agency``, ``language``, ``assisted``, and ``carer``: for the parents'
survey, ``parent`` or ``kinship_carer`` from the answer to whether they get the support a
kinship carer needs ("I am not a kinship carer" is a parent, any other option a kinship carer;
no answer, no group).

The frame is built from plain columns, and each question's wording and each option's polarity
are looked up once per distinct combination, not once per answer: an inspection of 10,000
responses is about 300,000 rows.
"""

from __future__ import annotations

import json
from collections.abc import Hashable

import pandas as pd
from sqlalchemy import Text, cast, exists, literal, select

from analysis.theme_list import THEMES
from participation.analysis_store import RESPONDENT_OF_GROUP
from participation.extensions import db
from participation.models import (
    AnalysisResult,
    Answer,
    AnswerCorrection,
    Response,
    ResponseStatus,
    SafeguardingEntry,
    Survey,
)
from participation.surveys import PREFER_NOT_TO_SAY, SurveyDefinition

STORED_ANALYSIS = (
    "theme_wellbeing", "theme_relationships", "theme_process", "theme_involvement", "theme_leadership",
    "sentiment_polarity", "sentiment_label", "safeguarding_flag",
)
# The groups a respondent belongs to, the same on every row of their response.
GROUP_COLUMNS = ("respondent", "age_band", "agency", "language", "assisted", "carer")
COLUMNS = (
    "answer_id", "response_id", "survey", "respondent", "age_band", "agency", "language", "assisted",
    "question_key", "question_type", "themes", "question", "option_key", "polarity", "status", "text",
    *STORED_ANALYSIS, "corrected", "carer",
)
# The parents' question that says whether someone is a kinship carer, and its answer for "no".
CARER_QUESTION = ("parents", "kinship_support")
NOT_A_KINSHIP_CARER = "not_kinship_carer"
PARENT, KINSHIP_CARER = "parent", "kinship_carer"


def corrected_labels(correction: AnswerCorrection) -> dict[str, object]:
    """Return the frame's theme and tone columns as an inspector's correction gives them."""
    chosen = set(correction.themes or ())
    return {
        **{f"theme_{theme}": theme in chosen for theme in THEMES},
        "sentiment_label": correction.sentiment_label,
    }


def latest_corrections(inspection_id: int) -> dict[int, AnswerCorrection]:
    """Return each corrected answer's latest correction in an inspection, by answer id."""
    corrections = db.session.scalars(
        select(AnswerCorrection)
        .where(AnswerCorrection.inspection_id == inspection_id)
        .order_by(AnswerCorrection.id)
    )
    return {correction.answer_id: correction for correction in corrections}


def _stored(inspection_id: int, with_text: bool) -> pd.DataFrame:
    """Return the submitted answers of an inspection as plain columns, one row per answer."""
    ever_flagged = exists().where(SafeguardingEntry.answer_id == Answer.id)
    # Core, not the ORM: plain rows, no per-row ORM loading.
    result = db.session.connection().execute(
        select(
            Answer.id.label("answer_id"), Answer.response_id, Survey.definition_key.label("survey"),
            Response.respondent_group, Response.age_band, Response.agency, Response.language,
            Response.assisted, Answer.question_key, Answer.status,
            # As text, decoded below once per distinct list: most answers share a few.
            cast(Answer.option_keys, Text).label("option_keys"),
            (Answer.text if with_text else literal(None)).label("text"),
            *(getattr(AnalysisResult, name).label(name) for name in STORED_ANALYSIS),
            ever_flagged.label("ever_flagged"),
        )
        .join(Response, Answer.response_id == Response.id)
        .join(Survey, Response.survey_id == Survey.id)
        .outerjoin(AnalysisResult, AnalysisResult.id == Answer.current_result_id)
        .where(Survey.inspection_id == inspection_id, Response.status == ResponseStatus.SUBMITTED)
        .order_by(Response.id, Answer.id)
    )
    # Plain tuples: pandas probes each Row for attributes, which is slow on Row objects.
    frame = pd.DataFrame.from_records(list(map(tuple, result.all())), columns=list(result.keys()))
    codes, distinct = pd.factorize(frame["option_keys"])
    decoded = [json.loads(value) for value in distinct]
    frame["option_keys"] = [decoded[code] if code >= 0 else None for code in codes]
    return frame


def _lookup(frame: pd.DataFrame, keys: list[str], describe) -> pd.DataFrame:
    """Return ``describe(*key)`` (a dict, or None to drop the rows) for each row's keys,
    calling it once per distinct combination; rows keep their order."""
    distinct = frame[keys].drop_duplicates()
    rows = []
    for combo in distinct.itertuples(index=False, name=None):
        found = describe(*combo)
        if found is not None:
            rows.append({**dict(zip(keys, combo, strict=True)), **found})
    table = pd.DataFrame(rows) if rows else pd.DataFrame(columns=keys)
    return frame.merge(table, on=keys, how="inner", sort=False)


def _question_of(definitions: dict[str, SurveyDefinition]):
    def describe(survey: str, key: str, age_band: Hashable) -> dict | None:
        definition = definitions.get(survey)
        if definition is None:
            return None
        try:
            question = definition.question(key)
        except KeyError:
            return None  # a question since removed from the definition: nothing to say what it meant
        band = age_band if age_band in question.wordings else definition.bands[0]
        return {"_band": band, "question_type": question.type, "themes": ";".join(question.themes),
                "question": question.wording(band).text}

    return describe


def _polarity_of(definitions: dict[str, SurveyDefinition]):
    def describe(survey: str, key: str, band: str, option_key: Hashable) -> dict:
        if option_key is None or option_key == "":
            return {"polarity": None}
        try:
            return {"polarity": definitions[survey].question(key).wording(band).option(option_key).polarity}
        except KeyError:
            return {"polarity": None}

    return describe


def _apply_corrections(frame: pd.DataFrame, inspection_id: int) -> None:
    """Put each corrected answer's latest labels in place of the analysis's (in place)."""
    frame["corrected"] = False
    corrections = latest_corrections(inspection_id)
    if not corrections:
        return
    corrected = frame["answer_id"].isin(list(corrections))
    frame["corrected"] = corrected
    rows = frame.index[corrected]
    labels = [corrected_labels(corrections[answer]) for answer in frame.loc[rows, "answer_id"]]
    for column in (*(f"theme_{theme}" for theme in THEMES), "sentiment_label"):
        frame.loc[rows, column] = pd.Series([row[column] for row in labels], index=rows, dtype=object)
    raised = [bool(corrections[answer].safeguarding) for answer in frame.loc[rows, "answer_id"]]
    flagged = frame.loc[rows, "safeguarding_flag"] | pd.Series(raised, index=rows)
    frame.loc[rows, "safeguarding_flag"] = flagged


def carer_of_responses(frame: pd.DataFrame) -> pd.Series:
    """Return each parent respondent's carer group by response id: parent or kinship_carer."""
    survey, key = CARER_QUESTION
    answered = frame[(frame["survey"] == survey) & (frame["question_key"] == key)
                     & (frame["status"] == "answered") & frame["option_key"].notna()
                     & (frame["option_key"] != PREFER_NOT_TO_SAY)]
    answered = answered.drop_duplicates("response_id")
    carer = answered["option_key"].map(
        lambda option: PARENT if option == NOT_A_KINSHIP_CARER else KINSHIP_CARER)
    return pd.Series(carer.to_numpy(), index=answered["response_id"].to_numpy(), dtype=object)


def answers_frame(
    inspection_id: int, definitions: dict[str, SurveyDefinition], *, with_text: bool = True,
) -> pd.DataFrame:
    """Return the submitted answers of an inspection as the frame `analysis.summarise` reads.

    `with_text=False` leaves free text out, for pages whose readers may not see answers.
    """
    frame = _stored(inspection_id, with_text)
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    frame["_age_band"] = frame["age_band"].fillna("")
    frame = _lookup(frame, ["survey", "question_key", "_age_band"], _question_of(definitions))
    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    frame["option_key"] = frame.pop("option_keys").map(lambda keys: list(keys) if keys else [None])
    frame = frame.explode("option_key", ignore_index=True)
    frame = _lookup(frame, ["survey", "question_key", "_band", "option_key"], _polarity_of(definitions))
    frame["answer_id"] = frame["answer_id"].astype("int64")
    frame["response_id"] = frame["response_id"].astype(str)
    frame["respondent"] = frame.pop("respondent_group").map(
        lambda group: RESPONDENT_OF_GROUP.get(group, group))
    frame["assisted"] = frame["assisted"].astype(bool)
    frame["safeguarding_flag"] = frame.pop("ever_flagged").astype(bool) | frame["safeguarding_flag"].map(
        lambda flag: bool(flag) if flag is not None else False
    )
    _apply_corrections(frame, inspection_id)
    frame["carer"] = frame["response_id"].map(carer_of_responses(frame))
    frame["carer"] = frame["carer"].astype(object).where(frame["carer"].notna(), None)
    return frame[list(COLUMNS)].reset_index(drop=True)
