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
from collections.abc import Collection, Hashable
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from sqlalchemy import Text, cast, func, literal, select

from analysis.pipeline import NOT_ENGLISH
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
# More responses than this with answers read since a kept frame: look among the inspection's own.
MANY_REREAD = 1_000
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


def _plain_rows(statement) -> list[tuple]:
    """Return a statement's rows as the driver gives them: no per-row work in SQLAlchemy, which
    costs more than the query on 300,000 rows. Only numbers and fixed words are bound, inline."""
    connection = db.session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _submitted(statement, inspection_id: int, response_ids: Collection[int] | None = None):
    """Limit a statement joined to `response` to the inspection's sent responses (those of them)."""
    statement = (statement.join(Survey, Response.survey_id == Survey.id)
                 .where(Survey.inspection_id == inspection_id,
                        Response.status == ResponseStatus.SUBMITTED.value))
    if response_ids is not None:
        statement = statement.where(Response.id.in_(sorted(int(number) for number in response_ids)))
    return statement


def _flags(values: np.ndarray) -> np.ndarray:
    """Return stored booleans (0/1 from SQLite, bools from PostgreSQL, or NULL) as True/False/None."""
    return np.array([None if value is None else bool(value) for value in values], dtype=object)


@dataclass(frozen=True)
class _Stored:
    """The inspection's sent responses, their answers (in response then answer order) and the
    current readings of the answers, as the database holds them."""

    responses: pd.DataFrame
    answers: pd.DataFrame
    readings: pd.DataFrame
    flagged: frozenset[int]


def _stored(inspection_id: int, with_text: bool, response_ids: Collection[int] | None = None) -> _Stored:
    """Read what the frame is made of, in four plain queries (a response's groups once, not per answer)."""
    responses = pd.DataFrame(_plain_rows(_submitted(
        select(Response.id, Survey.definition_key, Response.respondent_group, Response.age_band,
               Response.agency, Response.language, Response.assisted), inspection_id, response_ids)),
        columns=["id", "survey", "respondent_group", "age_band", "agency", "language", "assisted"],
        dtype=object)
    answers = pd.DataFrame(_plain_rows(_submitted(
        select(Answer.id, Answer.response_id, Answer.question_key, Answer.status,
               # As text, decoded once per distinct list: most answers share a few.
               cast(Answer.option_keys, Text), Answer.text if with_text else literal(None),
               Answer.current_result_id)
        .join(Response, Answer.response_id == Response.id), inspection_id, response_ids)),
        columns=["answer_id", "response_id", "question_key", "status", "option_keys", "text", "result_id"],
        dtype=object)
    if not answers.empty:
        order = np.lexsort((answers["answer_id"].to_numpy(dtype=np.int64),
                            answers["response_id"].to_numpy(dtype=np.int64)))
        answers = answers.iloc[order].reset_index(drop=True)
    readings = pd.DataFrame(_plain_rows(_submitted(
        select(AnalysisResult.id, *(getattr(AnalysisResult, name) for name in STORED_ANALYSIS),
               AnalysisResult.evidence.contains(NOT_ENGLISH))
        .join(Answer, Answer.current_result_id == AnalysisResult.id)
        .join(Response, Answer.response_id == Response.id), inspection_id, response_ids)),
        columns=["id", *STORED_ANALYSIS, "not_english"], dtype=object)
    # The analysis reads English: its tone of an answer in another language is a guess, so such
    # an answer waits for a person like an unread one (the answers page says "Not analysed").
    readings.loc[readings["not_english"].astype(bool), "sentiment_label"] = None
    flagged = frozenset(answer for (answer,) in _plain_rows(
        select(SafeguardingEntry.answer_id).distinct()
        .where(SafeguardingEntry.inspection_id == inspection_id, SafeguardingEntry.answer_id.is_not(None))))
    return _Stored(responses, answers, readings, flagged)


def _shared(values: np.ndarray) -> np.ndarray:
    """Return the values with each distinct one held once (missing values as they were).

    The driver gives every cell its own string; one object per distinct value makes the frame
    smaller and `analysis.summarise` over it about a quarter faster (fewer places in memory).
    """
    values = np.asarray(values, dtype=object)
    codes, distinct = pd.factorize(values)
    if not len(distinct):
        return values.copy()
    shared = np.asarray(distinct, dtype=object).take(codes)
    missing = codes < 0
    shared[missing] = values[missing]
    return shared


def _numbers_as_text(numbers: np.ndarray) -> np.ndarray:
    """Return each number as text, one object per distinct number (as `_shared`)."""
    code, distinct = pd.factorize(numbers)
    return distinct.astype(str).astype(object)[code]


def _codes(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's number for its combination of values, and the first row of each number."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for values in columns:
        code, distinct = pd.factorize(values, use_na_sentinel=False)
        combined = combined * (len(distinct) + 1) + code
    _, first, code = np.unique(combined, return_index=True, return_inverse=True)
    return code.reshape(-1), first


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


def _carers(frame: pd.DataFrame) -> np.ndarray:
    """Return each row's carer group (see `carer_of_responses`), None outside the parents' survey."""
    survey, key = CARER_QUESTION
    question = frame["question_key"].to_numpy(dtype=object)
    rows = np.flatnonzero((question == key) & (frame["survey"].to_numpy(dtype=object) == survey))
    carer = carer_of_responses(frame.iloc[rows])
    response = frame["response_id"].to_numpy(dtype=object)
    where = carer.index.get_indexer(response) if len(carer) else np.full(len(frame), -1)
    result = np.full(len(frame), None, dtype=object)
    result[where >= 0] = carer.to_numpy(dtype=object)[where[where >= 0]]
    return result


def answers_frame(
    inspection_id: int, definitions: dict[str, SurveyDefinition], *, with_text: bool = True,
    response_ids: Collection[int] | None = None,
) -> pd.DataFrame:
    """Return the submitted answers of an inspection as the frame `analysis.summarise` reads.

    `with_text=False` leaves free text out, for pages whose readers may not see answers;
    `response_ids` keeps only those responses (to add newly sent ones to a frame, `with_responses`).
    """
    stored = _stored(inspection_id, with_text, response_ids)
    answers, responses = stored.answers, stored.responses
    if answers.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    # Each answer's response, by position: the groups are the response's.
    where = pd.Index(responses["id"].to_numpy(dtype=np.int64)).get_indexer(
        answers["response_id"].to_numpy(dtype=np.int64))
    of_response = {name: _shared(responses[name].to_numpy())[where]
                   for name in responses.columns if name != "id"}
    age_band = of_response["age_band"]

    # The question's type, themes and wording, once per (survey, question, age band).
    describe_question = _question_of(definitions)
    # Survey and age band belong to the response: number them over responses, not answers.
    response_code = _codes([responses["survey"].to_numpy(), responses["age_band"].to_numpy()])[0][where]
    question_code, first = _codes([response_code, answers["question_key"].to_numpy()])
    described = [describe_question(of_response["survey"][i], answers["question_key"].iat[i], age_band[i])
                 for i in first]
    known = np.array([found is not None for found in described], dtype=bool)[question_code]
    rows = np.flatnonzero(known)
    if not len(rows):
        return pd.DataFrame(columns=list(COLUMNS))

    # One row per chosen option (one row when none was chosen).
    codes, distinct = pd.factorize(answers["option_keys"].to_numpy()[rows])
    lists = [list(json.loads(value) or ()) or [None] for value in distinct] + [[None]]  # -1: no options
    per_row = np.array([len(options) for options in lists])[codes]
    row = np.repeat(rows, per_row)
    option_key = np.fromiter(chain.from_iterable(lists[code] for code in codes), dtype=object, count=len(row))

    def take(values) -> np.ndarray:
        return np.asarray(values, dtype=object)[row]

    info = [described[code] if described[code] is not None else {} for code in range(len(described))]
    picked = question_code[row]
    band = np.array([found.get("_band") for found in info], dtype=object)[picked]
    answer_id = answers["answer_id"].to_numpy(dtype=np.int64)[row]
    assisted = np.array([bool(value) for value in of_response["assisted"]], dtype=bool)[row]
    # Objects while it is put together (no type inference on 300,000 rows); typed once at the end.
    frame = pd.DataFrame({
        "answer_id": answer_id,
        "response_id": _numbers_as_text(answers["response_id"].to_numpy(dtype=np.int64))[row],
        "survey": of_response["survey"][row],
        "respondent": np.array([RESPONDENT_OF_GROUP.get(group, group)
                                for group in responses["respondent_group"]], dtype=object)[where][row],
        "age_band": age_band[row], "agency": of_response["agency"][row],
        "language": of_response["language"][row],
        "assisted": assisted,
        "question_key": take(_shared(answers["question_key"].to_numpy())),
        **{name: np.array([found.get(name) for found in info], dtype=object)[picked]
           for name in ("question_type", "themes", "question")},
        "option_key": option_key,
        "status": take(_shared(answers["status"].to_numpy())), "text": take(answers["text"]),
    }, dtype=object)
    frame["answer_id"], frame["assisted"] = answer_id, assisted
    # The option's polarity, once per (question as worded, option).
    describe_polarity = _polarity_of(definitions)
    # The question's code already says survey, question and band.
    wording_code, first = _codes([question_code[row], option_key])
    polarity = [describe_polarity(frame["survey"].iat[i], frame["question_key"].iat[i], band[i],
                                  option_key[i])["polarity"] for i in first]
    frame["polarity"] = np.array(polarity, dtype=object)[wording_code]

    # The current reading of each answer.
    readings = stored.readings
    result_id = pd.to_numeric(pd.Series(take(answers["result_id"])), errors="coerce").fillna(-1)
    at = pd.Index(readings["id"].to_numpy(dtype=np.int64) if len(readings) else []).get_indexer(
        result_id.to_numpy(dtype=np.int64))
    found = at >= 0
    for name in STORED_ANALYSIS:
        values = np.full(len(frame), None, dtype=object)
        column = _shared(readings[name].to_numpy(dtype=object))
        if name.startswith("theme_") or name == "safeguarding_flag":
            column = _flags(column)
        values[found] = column[at[found]]
        frame[name] = values
    frame["sentiment_polarity"] = pd.to_numeric(frame["sentiment_polarity"], errors="coerce")
    ever = frame["answer_id"].isin(list(stored.flagged)).to_numpy()
    read_as_flagged = np.array([bool(flag) for flag in frame["safeguarding_flag"]], dtype=bool)
    frame["safeguarding_flag"] = ever | read_as_flagged
    _apply_corrections(frame, inspection_id)
    # A written answer with no reading yet (analysis switched off, or behind), or one in a language
    # the analysis cannot read, has no labels: it stays out of the free-text figures, and is never
    # quoted unread, until `flask reanalyse` reads it or an inspector labels it.
    unread = (frame["question_type"] == "free_text").to_numpy() & pd.isna(frame["sentiment_label"]).to_numpy()
    frame.loc[unread, "text"] = None
    frame["carer"] = _carers(frame)
    # Let pandas choose each column's type as it would from records (text columns as strings).
    return pd.DataFrame({name: frame[name].to_numpy() for name in COLUMNS})


def sent_response_ids(inspection_id: int) -> set[int]:
    """Return the numbers of the inspection's sent responses."""
    return {number for (number,) in _plain_rows(_submitted(select(Response.id), inspection_id))}


def reread_since(inspection_id: int, newest_reading: int | None, leaving_out: Collection[int]) -> bool:
    """Say whether an answer of a sent response, other than those of `leaving_out`, has a current
    reading newer than `newest_reading` (a re-analysis): then a frame read before is out of date."""
    # The few answers read since, found by their reading's number (indexed), then their
    # responses: the database would otherwise go through every answer of the inspection.
    newest_reading = newest_reading or 0
    since = select(Answer.response_id).where(Answer.current_result_id > newest_reading)
    responses = {number for (number,) in _plain_rows(since)} - set(leaving_out)
    if not responses:
        return False
    if len(responses) > MANY_REREAD:
        # Many answers read again (a re-analysis, here or elsewhere): ask of this inspection's.
        statement = _submitted(
            select(func.count()).select_from(Answer).join(Response, Answer.response_id == Response.id)
            .where(Answer.current_result_id > newest_reading), inspection_id)
        if leaving_out:
            statement = statement.where(Response.id.not_in(sorted(int(number) for number in leaving_out)))
    else:
        statement = _submitted(select(func.count()).select_from(Response), inspection_id, responses)
    return bool(_plain_rows(statement)[0][0])


def _holds_gaps(column: pd.Series) -> bool:
    """Say whether a column's type keeps a missing value as missing (text, or decimal numbers)."""
    return (pd.api.types.is_string_dtype(column) and column.dtype != object) or column.dtype == np.float64


def _mixed(column: pd.Series) -> bool:
    """Say whether a column holds values of mixed kinds (typed as objects, not all missing)."""
    return column.dtype == object and bool(column.notna().any())


def _typed_alike(frame: pd.DataFrame, added: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Give the columns whose types differ (one side had no text, or no missing value, in it)
    the type a fresh read of both would infer, where that is plain from the two types; return
    both frames and the names of the columns left to type from their values."""
    frame_changes, added_changes, retype = {}, {}, []
    for name in frame.columns:
        ours, theirs = frame[name], added[name]
        if ours.dtype == theirs.dtype:
            continue
        if _holds_gaps(ours) and theirs.isna().all():
            added_changes[name] = theirs.astype(ours.dtype)
        elif _holds_gaps(theirs) and ours.isna().all():
            frame_changes[name] = ours.astype(theirs.dtype)
        elif _mixed(ours) or _mixed(theirs):  # mixed values stay mixed whatever is added
            frame_changes[name], added_changes[name] = ours.astype(object), theirs.astype(object)
        else:
            retype.append(name)
    return frame.assign(**frame_changes), added.assign(**added_changes), retype


def with_responses(frame: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with the rows of more responses, in the order `answers_frame` gives."""
    if added.empty:
        return frame
    frame, added, retype = _typed_alike(frame, added)
    joined = pd.concat([frame, added], ignore_index=True)
    for name in retype:
        # Type the column as a fresh read would, from every value (slow on a large frame).
        values = joined[name].to_numpy(dtype=object, copy=True)
        values[pd.isna(values)] = None
        joined[name] = pd.DataFrame({name: values})[name]
    if frame.empty or added["response_id"].astype(np.int64).min() > int(frame["response_id"].iat[-1]):
        # The usual case, responses numbered after every one kept (both frames are in order,
        # so the last row has the highest number): already in order.
        return joined
    order = np.lexsort((joined["answer_id"].to_numpy(dtype=np.int64),
                        joined["response_id"].to_numpy(dtype=np.int64)))
    return joined.iloc[order].reset_index(drop=True)
