"""A demo inspection: one partnership, its three surveys open, and a few hundred synthetic
submitted responses, so the analysis pages have something to show; and a few smaller, closed
inspections (other partnerships', and the demo partnership's earlier one) so the national
comparison and the trends have something to compare with. Loaded once: running it again reuses
what exists."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from flask import current_app
from sqlalchemy import insert, select

from participation.analysis_store import store_reading
from participation.extensions import db
from participation.models import (
    Answer,
    AnswerStatus,
    ExpectedNumber,
    Inspection,
    Response,
    ResponseStatus,
    Survey,
    today,
)
from participation.respond.codes import new_submit_key
from participation.respond.journey import analysis_columns
from participation.safeguarding import flag_answer_of_concern
from participation.surveys import PREFER_NOT_TO_SAY, SurveyDefinition

DEMO_PARTNERSHIP = "Demo Community Planning Partnership"
DEMO_NAME = "Demo inspection"
# The council area the demo partnership stands in for (Stirling), so its earlier inspection is found.
DEMO_AUTHORITY = "S12000030"
# Share of the demo responses per survey, and the tone of a partnership with real strengths
# and real weaknesses (most answers positive, a sizeable minority not).
SURVEY_SHARE = {"children": 0.35, "parents": 0.25, "staff": 0.40}
POLARITY_WEIGHT = {"positive": 6.0, "neutral": 2.0, "negative": 1.6}
# Most parents are not kinship carers: about three in four say so.
OPTION_WEIGHT = {("kinship_support", "not_kinship_carer"): 28.0}
AGENCY_WEIGHT = {"social_work": 5, "health": 4, "education": 4, "police": 2, "third_sector": 2, "other": 1}
# Most answer in English; a few in the other languages the surveys are offered in.
LANGUAGE_WEIGHT = {"en": 90, "pl": 4, "uk": 2, "ar": 2, "gd": 1, "ur": 1}
# Share of responses given with a volunteer's help, by survey.
ASSISTED_SHARE = {"children": 0.08, "parents": 0.04, "staff": 0.0}
# Of every ten people who start, about one has not sent their answers (yet).
UNSENT_SHARE = 0.1
# The surveys opened this many days ago; responses come in a wave after the posters go up.
OPEN_DAYS = 21
# How many people the demo coordinator expects could answer: the base of the response rates.
DEMO_EXPECTED = {
    ("children", ""): 260,
    ("parents", ""): 210,
    ("staff", "social_work"): 70,
    ("staff", "health"): 55,
    ("staff", "education"): 60,
    ("staff", "police"): 25,
    ("staff", "third_sector"): 30,
    ("staff", "other"): 12,
}

# Synthetic free text, composed from parts so answers vary as real ones do.
GOOD_TEXT = {
    "children": [
        "my worker {verb} and {extra}", "I feel {feeling} now", "I like {person} because {reason}",
        "{person} {verb}", "I get a say in my plan", "my meetings are better now, {extra}",
        "things are better at home", "dunno", "nothing really", "I feel safe at {place}",
    ],
    "parents": [
        "Our social worker {verb} and {extra}", "We were kept informed about the plan",
        "The family support worker {verb}", "{person} treated us with respect",
        "As kinship carers we finally got the support we needed", "The core group meetings were clear",
    ],
    "staff": [
        "Multi-agency working is strong and {extra}", "Good relationships between {agency} and social work",
        "First-line managers are supportive and supervision is regular",
        "Children's views are gathered well in assessments", "Information sharing at IRDs is timely",
        "Training on trauma-informed practice has been useful",
    ],
}
CHANGE_TEXT = {
    "children": [
        "I want the same worker and not a new one every few months", "meetings are too long and boring",
        "nobody told me what was happening", "I want to see my mum more", "nothing",
        "listen to me more", "I had to wait ages to see someone about my anxiety", "{person} never comes",
    ],
    "parents": [
        "Too many changes of social worker", "Nobody explained what a child protection plan was",
        "We waited months for CAMHS and it got worse", "Reports were sent the night before the meeting",
        "I didn't feel listened to at the case conference", "More support for kinship carers",
    ],
    "staff": [
        "Workload is too high and caseloads keep growing", "Senior leaders are not visible",
        "Recording systems don't talk to each other", "Waiting lists for mental health services",
        "More consistent quality assurance of plans", "Staff turnover in {agency} makes planning hard",
    ],
}
FILLERS = {
    "verb": ["listens to me", "always turns up", "explains things", "is kind", "helps a lot", "phones back"],
    "extra": ["I trust her", "it helps", "she is nice", "they actually listen", "we talk a lot",
              "things got better", "that makes a difference"],
    "feeling": ["happier", "safer", "more settled", "okay", "a lot better"],
    "person": ["my teacher", "my key worker", "my foster carer", "the worker", "my gran", "the nurse"],
    "reason": ["they listen", "they are kind", "they help me", "they make me laugh"],
    "place": ["home", "school", "my grans", "my foster home"],
    "agency": ["health", "education", "police", "the third sector"],
}


@dataclass(frozen=True)
class PastInspection:
    """A closed inspection loaded for the national comparison, without free text or flags."""

    partnership: str
    authority: str  # GSS code
    share: float  # of the demo inspection's responses
    positive_weight: float  # its tone: POLARITY_WEIGHT["positive"] there
    years_ago: float
    purged: bool  # kept only as counts, as the retention purge leaves an old inspection
    survey_version: int | None = None  # the survey version it was answered on; None for the current


PAST_INSPECTIONS = (
    PastInspection(DEMO_PARTNERSHIP, DEMO_AUTHORITY, 0.8, 2.0, 3.0, True, survey_version=1),
    PastInspection("Fife Partnership", "S12000047", 0.5, 3.0, 2.5, True),
    PastInspection("Highland Partnership", "S12000017", 0.4, 4.0, 1.5, True),
    PastInspection("Dundee City Partnership", "S12000042", 0.35, 2.5, 0.7, False),
    PastInspection("Scottish Borders Partnership", "S12000026", 0.3, 5.0, 0.4, False),
)
# Where the rest of Scotland does clearly better than the demo partnership, so the national
# comparison shows a "worse" as well as a "better": help with mental health, and supervision.
BETTER_ELSEWHERE = frozenset(
    {"help_with_feelings", "child_mental_health", "mental_health_help", "supervision"}
)
BETTER_ELSEWHERE_WEIGHT = 16.0


def _fill(template: str, rng: random.Random) -> str:
    """Fill a text template's blanks with random choices."""
    return template.format(**{key: rng.choice(words) for key, words in FILLERS.items()})


def _choose_option(wording, rng: random.Random, tone: Mapping[str, float], question_key: str = "") -> str:
    """Pick an option key, weighted by polarity (the tone) or as OPTION_WEIGHT says, never "I'd
    rather not say"."""
    options = [option for option in wording.options if option.key != PREFER_NOT_TO_SAY]
    weights = [OPTION_WEIGHT.get((question_key, option.key), tone.get(option.polarity or "neutral", 1.0))
               for option in options]
    return rng.choices(options, weights=weights)[0].key


def _demo_answers(definition: SurveyDefinition, band: str, rng: random.Random,
                  tone: Mapping[str, float] = POLARITY_WEIGHT, with_text: bool = True,
                  tone_of: Mapping[str, Mapping[str, float]] | None = None):
    """Yield (question, status, option keys, text) for one synthetic respondent (``tone_of``
    gives some questions a tone of their own)."""
    for question in definition.questions:
        roll = rng.random()
        if roll < 0.03:
            yield question, AnswerStatus.SKIPPED, None, None
            continue
        if roll < 0.06:
            yield question, AnswerStatus.PREFER_NOT_TO_SAY, None, None
            continue
        wording = question.wording(band)
        if question.type == "free_text":
            if not with_text or rng.random() < 0.35:
                yield question, AnswerStatus.SKIPPED, None, None
                continue
            asks_change = any(word in question.key for word in ("change", "improve", "better"))
            pool = (CHANGE_TEXT if asks_change else GOOD_TEXT)[definition.audience]
            yield question, AnswerStatus.ANSWERED, None, _fill(rng.choice(pool), rng)
        elif question.type == "multiple_choice":
            options = [o.key for o in wording.options if o.key != PREFER_NOT_TO_SAY]
            chosen = rng.sample(options, k=rng.randint(1, min(3, len(options))))
            yield question, AnswerStatus.ANSWERED, [k for k in options if k in chosen], None
        else:
            chosen = _choose_option(wording, rng, (tone_of or {}).get(question.key, tone), question.key)
            yield question, AnswerStatus.ANSWERED, [chosen], None


def _new_response(survey: Survey, definition: SurveyDefinition, rng: random.Random, *,
                  sent: bool = True, opened: dt.date | None = None) -> tuple[Response, str]:
    """Return a synthetic response to the survey (not yet added) and the age band it answers in."""
    band = rng.choice(definition.bands)
    agency = None
    if definition.agencies:
        keys = [agency.key for agency in definition.agencies]
        agency = rng.choices(keys, weights=[AGENCY_WEIGHT.get(key, 1) for key in keys])[0]
    # Most arrive in the first two weeks after the surveys open, fewer as the weeks go on.
    opened = opened or today() - dt.timedelta(days=OPEN_DAYS)
    started = opened + dt.timedelta(days=int(rng.triangular(0, OPEN_DAYS, 4)))
    language = rng.choices(list(LANGUAGE_WEIGHT), weights=list(LANGUAGE_WEIGHT.values()))[0]
    response = Response(
        survey_id=survey.id,
        definition_version=definition.version,
        respondent_group=definition.audience,
        age_band=band if definition.audience == "children" else None,
        agency=agency,
        language=language,
        assisted=rng.random() < ASSISTED_SHARE.get(definition.audience, 0.0),
        status=ResponseStatus.SUBMITTED if sent else ResponseStatus.IN_PROGRESS,
        started_on=started,
        submitted_on=started if sent else None,
        submit_key=new_submit_key(),
    )
    return response, band


def _add_response(
    survey: Survey, definition: SurveyDefinition, rng: random.Random, *, sent: bool = True
) -> None:
    """Add one synthetic response: sent with its answers, or started with none sent yet."""
    response, band = _new_response(survey, definition, rng, sent=sent)
    db.session.add(response)
    db.session.flush()
    if not sent:
        return
    for question, status, keys, text in _demo_answers(definition, band, rng):
        answer = Answer(
            response_id=response.id, question_key=question.key, status=status,
            option_keys=keys, text=text,
        )
        db.session.add(answer)
        reading = analysis_columns(response, question, text)
        concerning = question.concerning(keys)
        if reading is not None or concerning:
            db.session.flush()
        if reading is not None:
            store_reading(answer, reading)
        if concerning:
            flag_answer_of_concern(answer, concerning)


def _columns(row) -> dict:
    """Return a new, unsaved row's column values, for a bulk insert."""
    return {column.key: getattr(row, column.key) for column in row.__table__.columns
            if getattr(row, column.key) is not None}


def _add_past_inspection(past: PastInspection, responses: int, rng: random.Random) -> Inspection:
    """Add a closed, published inspection with sent responses (no free text, nothing flagged),
    purged to its counts when it is old enough to have been."""
    opened = today() - dt.timedelta(days=round(365 * past.years_ago))
    inspection = Inspection(
        partnership=past.partnership, name=f"{past.partnership.removesuffix(' Partnership')} inspection "
        f"{opened.year}", is_demo=True, local_authority_code=past.authority,
        notified_on=opened - dt.timedelta(days=7), phase_one_on=opened,
        phase_two_on=opened + dt.timedelta(days=42), report_on=opened + dt.timedelta(days=140),
    )
    db.session.add(inspection)
    db.session.flush()
    versions = current_app.extensions["survey_versions"]
    tone = {**POLARITY_WEIGHT, "positive": past.positive_weight}
    tone_of = dict.fromkeys(BETTER_ELSEWHERE,
                            MappingProxyType({**POLARITY_WEIGHT, "positive": BETTER_ELSEWHERE_WEIGHT}))
    for key, share in SURVEY_SHARE.items():
        by_version = versions[key]
        definition = by_version.get(past.survey_version or max(by_version), by_version[max(by_version)])
        survey = Survey(inspection_id=inspection.id, definition_key=key, token=secrets.token_urlsafe(9),
                        is_open=False, opens_on=opened, closes_on=opened + dt.timedelta(days=OPEN_DAYS))
        db.session.add(survey)
        db.session.flush()
        made = [_new_response(survey, definition, rng, opened=opened)
                for _ in range(round(responses * past.share * share))]
        if not made:
            continue
        # Straight inserts, not one object per answer: these are thousands of rows, loaded in tests.
        ids = db.session.scalars(
            insert(Response).returning(Response.id, sort_by_parameter_order=True),
            [_columns(response) for response, _ in made],
        ).all()
        db.session.execute(insert(Answer), [
            {"response_id": response_id, "question_key": question.key, "status": status,
             "option_keys": keys, "text": text}
            for response_id, (_, band) in zip(ids, made, strict=True)
            for question, status, keys, text in _demo_answers(definition, band, rng, tone, False, tone_of)
        ])
    if past.purged:
        from participation.purge import measure, purge_inspection

        purge_inspection(inspection, measure(inspection))
    return inspection


def load_demo(responses: int = 360, seed: int = 2026) -> tuple[Inspection, bool]:
    """Return the demo inspection, creating it (and its responses, and the past inspections it is
    compared with) only if it does not exist."""
    existing = db.session.scalar(
        select(Inspection).where(Inspection.is_demo.is_(True), Inspection.partnership == DEMO_PARTNERSHIP,
                                 Inspection.name == DEMO_NAME)
    )
    if existing is not None:
        return existing, False
    definitions: dict[str, SurveyDefinition] = current_app.extensions["survey_definitions"]
    opened = today() - dt.timedelta(days=OPEN_DAYS)
    inspection = Inspection(
        partnership=DEMO_PARTNERSHIP,
        name=DEMO_NAME,
        is_demo=True,
        local_authority_code=DEMO_AUTHORITY,
        notified_on=opened - dt.timedelta(days=7),
        phase_one_on=opened,
        phase_two_on=opened + dt.timedelta(days=42),
        report_on=opened + dt.timedelta(days=140),
    )
    db.session.add(inspection)
    db.session.flush()
    for (group, agency), number in DEMO_EXPECTED.items():
        db.session.add(
            ExpectedNumber(inspection_id=inspection.id, respondent_group=group, agency=agency, number=number)
        )
    rng = random.Random(seed)
    for key in ("children", "parents", "staff"):
        survey = Survey(
            inspection_id=inspection.id, definition_key=key, token=secrets.token_urlsafe(9), is_open=True,
        )
        db.session.add(survey)
        db.session.flush()
        for _ in range(round(responses * SURVEY_SHARE[key])):
            _add_response(survey, definitions[key], rng)
        for _ in range(round(responses * SURVEY_SHARE[key] * UNSENT_SHARE)):
            _add_response(survey, definitions[key], rng, sent=False)
    past_rng = random.Random(seed + 1)  # its own, so the demo inspection's answers stay as they were
    for past in PAST_INSPECTIONS:
        _add_past_inspection(past, responses, past_rng)
    db.session.commit()
    return inspection, True


