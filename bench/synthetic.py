"""Generate reproducible synthetic free-text answers with a realistic length mix."""

from __future__ import annotations

import random

import pandas as pd

SHORT = [
    "no", "n/a", "dunno", "nothing", "fine", "ok", "none", "not sure", "nothing to add", "idk",
    "all good", "no comment", "yes", "its fine", "nae idea", "good", "rubbish", "sound",
]
PEOPLE = [
    "my social worker", "my worker", "the teacher", "my key worker", "the health visitor",
    "the youth worker", "my foster carer", "my gran", "the police", "the staff", "ma worker",
    "the family support worker", "our social worker", "the nurse", "my advocate", "my carer",
    "the reviewing officer", "my guidance teacher", "the children's reporter", "my mentor",
]
GOOD = [
    "is really kind", "listens to me", "always turns up", "explained everything", "is pure sound",
    "helped my mum", "never judges us", "takes me out", "gets me", "is always there for me",
    "phones back quickly", "kept us up to date", "fought for what I wanted", "is lovely",
]
BAD = [
    "never answers the phone", "keeps changing", "is rude", "doesnt listen", "cancelled again",
    "didnt tell me anything", "talks about me like im not there", "never turns up",
    "made us feel judged", "wrote stuff down wrong", "dinnae care", "is never there",
]
THINGS = [
    "my plan", "the meeting", "my review", "the case conference", "the hearing", "the panel",
    "the assessment", "the core group", "the referral", "my placement", "the report",
    "the waiting list for CAMHS", "the complaints form", "the chronology", "the paperwork",
    "the advocacy service", "the training", "supervision", "the caseload", "quality assurance",
]
THING_VERBS = [
    "was too long", "was fine", "was scary", "went well", "took months", "was cancelled",
    "was explained in words I understood", "ignored what I said", "included my views",
    "was rushed", "happened without me", "is getting better", "was a waste of time",
    "let me have a say", "was really helpful", "kept getting put off",
]
FEELINGS = [
    "I feel safe now", "I'm happier at school", "I worry all the time", "I cant sleep",
    "things are loads better", "I get bullied", "I miss my brother", "im no feart anymore",
    "my anxiety is worse", "I have more friends", "I feel settled", "I'm doing better at school",
    "I feel lonely a lot", "I like going to the club", "my mental health is getting better",
]
STAFF = [
    "senior leaders are visible", "caseloads are too high", "managers are supportive",
    "there is not enough training", "the partnership listens", "we are short staffed",
    "strategic direction is unclear", "supervision is regular", "audits are rarely shared",
    "children's views shape our services", "multi agency working is strong",
]
RISK = [
    "my dad hits me when he is drunk", "I dont feel safe at home", "I want to kill myself",
    "there is no food in the house", "a man online asks me for pictures", "I cut myself",
    "an older guy gives me drink", "mums boyfriend scares me", "I'm going to run away",
]
LINKS = [" and ", " but ", ", ", ". ", " because ", " so ", " - ", "; "]
OPENERS = [
    "", "", "", "Honestly ", "I think ", "To be honest ", "Well ", "Sometimes ", "Mostly ",
    "I suppose ", "Overall ", "Apart from that ", "Um ", "Like ", "At first ",
]
TAILS = [
    "", "", "", " lol", " :)", " !!", " tbh", " I guess", " at the moment", " now", ".",
    " x", " thanks", " really", " as well", " too", " :(", "...",
]
WHEN = [
    "last week", "in {n} months", "after {n} weeks", "since {month}", "every {day}",
    "on {day}", "about {n} times", "for {n} years", "before Christmas", "in the summer",
    "{n} or {m} times", "at {n} o'clock", "when I was {n}", "since the {n}th",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "May", "June", "August", "October", "December"]


def _clause(rng: random.Random, when_p: float) -> str:
    kind = rng.random()
    if kind < 0.3:
        text = f"{rng.choice(PEOPLE)} {rng.choice(GOOD if rng.random() < 0.6 else BAD)}"
    elif kind < 0.55:
        text = f"{rng.choice(THINGS)} {rng.choice(THING_VERBS)}"
    elif kind < 0.8:
        text = rng.choice(FEELINGS)
    elif kind < 0.97:
        text = rng.choice(STAFF)
    else:
        text = rng.choice(RISK)
    if rng.random() < when_p:
        when = rng.choice(WHEN).format(
            n=rng.randint(2, 99),
            m=rng.randint(2, 99),
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
        )
        text = f"{text} {when}"
    return text


def _answer(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.04:
        return rng.choice(SHORT)
    # Clause counts give a length mix like real feedback: median about 50 characters,
    # a quarter over 100 and a long tail of paragraphs.
    if r < 0.5:
        n = 1
    elif r < 0.78:
        n = 2
    elif r < 0.94:
        n = rng.randint(3, 4)
    else:
        n = rng.randint(5, 14)
    # Single clauses nearly always carry a time phrase so that few answers repeat exactly.
    when_p = 0.97 if n == 1 else 0.4
    parts = [_clause(rng, when_p)]
    for _ in range(n - 1):
        parts.append(rng.choice(LINKS))
        parts.append(_clause(rng, when_p))
    text = rng.choice(OPENERS) + "".join(parts) + rng.choice(TAILS)
    if rng.random() < 0.5:
        text = text[0].upper() + text[1:]
    return text


def synthetic_answers(rows: int, seed: int = 2026) -> pd.DataFrame:
    """Return ``rows`` answers with respondent and question columns, the same for a seed."""
    rng = random.Random(seed)
    respondents = ["child", "child", "parent", "staff", ""]
    questions = ["What is good?", "What should change?", "Anything else?", ""]
    return pd.DataFrame(
        {
            "text": [_answer(rng) for _ in range(rows)],
            "respondent": [rng.choice(respondents) for _ in range(rows)],
            "question": [rng.choice(questions) for _ in range(rows)],
        }
    )
