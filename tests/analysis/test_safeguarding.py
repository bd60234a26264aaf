"""Safeguarding flags: every category, in children's words, and what must not be flagged."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import theme_responses
from analysis.safeguarding import expand, find_disclosures, model
from analysis.text import tokens

DISCLOSURES = {
    "physical_abuse": [
        "my dad hits me when he is drunk",
        "ma da skelps me",
        "my stepdad battered me last night",
        "mum locks me in my room",
        "when dad drinks he gets scary",
        "I get hit by my mums boyfriend",
        "he hitz me",
    ],
    "domestic_abuse": [
        "my dad hits my mum",
        "my ex is still turning up at the house and threatening us",
        "I am scared for my kids",
        "mum and her boyfriend fight every night",
    ],
    "sexual_abuse": [
        "my uncle touches me",
        "he makes me touch him",
        "he comes into my room at night",
        "my uncle sleeps in my bed",
    ],
    "grooming_online": [
        "a man online keeps asking me to send pictures",
        "someone on snapchat wants nudes",
        "he told me not to tell anyone",
        "he makes me keep secrets",
        "he says he will share them if i stop",
    ],
    "exploitation": [
        "an older guy gives me drink and says I owe him",
        "they make me carry drugs for them",
        "they give me drugs to sell at school",
        "older boys gave me a phone and i take stuff up for them, cant get out of it now",
        "ive been doing runs on the train for a guy",
        "my boyfriend is 24",
    ],
    "neglect": [
        "there's no food in the house",
        "nae food in the hoose",
        "mum leaves us on our own all weekend",
        "I go to bed hungry",
        "nobody picks me up from school",
        "mummy goes out at night and i am by myself",
        "there are needles in the bathroom at home",
        "my mum is always drunk",
    ],
    "self_harm": [
        "I cut myself when things get bad",
        "i have been self harming again",
        "ive been burning my arms",
        "i punch walls till my hands bleed",
    ],
    "suicidal": [
        "sometimes i think about ending it all",
        "I want to kill myself",
        "i wanna die",
        "I dont want to be here anymore",
        "i feel sucidal",
        "I cant take it anymore",
        "not gonna be here much longer so it doesnt matter",
        "i want to go to sleep and never wake up",
    ],
    "not_safe_at_home": [
        "I dont feel safe at home when mums boyfriend is there",
        "im feart tae go hame",
        "I am scared of my dad",
        "I dont want to go home",
    ],
    "asking_for_help": [
        "help",
        "please can someone help me i cant say on here",
        "please dont tell my dad i wrote this",
    ],
    "fear_of_a_person": [
        "I still jump every time a car like his goes past",
        "she keeps turning up at the school gates and I panic",
        "i hide under my bed when he comes round",
        "dont want to go out in case hes waiting",
        "he knows where we live now",
    ],
    "running_away": [
        "I'm going to run away",
        "I ran away from the unit",
        "I have nowhere to sleep",
    ],
}
CASES = [(category, text) for category, texts in DISCLOSURES.items() for text in texts]


def _flag(text: str, respondent: str = "child") -> list[str]:
    return find_disclosures(tokens(text), respondent)


def test_every_category_has_cases() -> None:
    assert set(DISCLOSURES) | {"disclosed"} >= set(model().categories)


@pytest.mark.parametrize(("category", "text"), CASES)
def test_disclosures_are_flagged(category: str, text: str) -> None:
    evidence = _flag(text)
    assert evidence, text


@pytest.mark.parametrize(
    "text",
    [
        "I used to be scared of my dad but I'm safe now with my gran",
        "my dad used to hit me but he doesn't anymore",
        "I used to self harm but I haven't for a year",
        "nobody hits me at home",
        "I'm not scared of my dad",
        "I feel safe at home",
        "Children are kept safe here",
        "It's good to know who to call if you don't feel safe",
        "I think children should be kept safe online",
        "my worker is kind",
        "I get bullied at school and nobody does anything",
        "I wish someone had noticed sooner what was happening at home",
        "the meetings are scary",
        "I'd tell my teacher if I didn't feel safe",
        "my big brother beats me at every game",
        "my mum will kill me if i fail my exams",
        "i havent hurt myself in 8 months",
        "we used to have no heating but we got a new house and its warm",
        "My son was groomed online last year but the police dealt with it and he's doing well now",
        "i fell off my bike and hurt my arm",
    ],
)
def test_not_flagged(text: str) -> None:
    assert _flag(text) == [], text


def test_a_worry_about_harm_happening_again_is_flagged() -> None:
    assert _flag("what if he hurts me again")


def test_a_current_marker_overrules_resolution() -> None:
    assert _flag("I used to self harm and I still do sometimes")
    assert _flag("he hit me last year and he's started again")


def test_staff_general_comments_are_not_disclosures() -> None:
    for text in (
        "Domestic abuse remains the biggest risk factor in our caseloads",
        "Self-harm among teenagers is rising",
        "Neglect is the most common concern we see",
    ):
        assert _flag(text, "staff") == [], text


def test_a_parent_can_disclose_harm_to_their_child() -> None:
    assert _flag("My daughter has started self harming", "parent")


def test_flag_evidence_is_in_the_frame() -> None:
    out = theme_responses(pd.DataFrame({"text": ["I want to kill myself"], "respondent": ["child"]}))
    assert bool(out.iloc[0]["safeguarding_flag"])
    evidence = json.loads(out.iloc[0]["evidence"])
    assert any(item.startswith("suicidal:") for item in evidence["safeguarding"])


def test_macros_expand_phrases_into_separate_patterns() -> None:
    macros = {"SELF": "myself|my arms", "ME": "me|us"}
    assert expand("cut {SELF}", macros) == ["cut myself", "cut my arms"]
    assert expand("hit {ME}", macros) == ["hit me|us"]
    with pytest.raises(ValueError, match="unknown macro"):
        expand("hit {NOPE}", macros)


@pytest.mark.parametrize(
    "text",
    [
        "the neglect training helped me spot the signs earlier",
        "Our briefing on county lines showed how children are used to carry drugs.",
        "The suicide prevention course taught me to ask about suicidal thoughts directly.",
    ],
)
def test_staff_describing_their_training_are_not_flagged(text: str) -> None:
    assert _flag(text, "staff") == []


def test_staff_writing_about_one_child_are_flagged_even_beside_training() -> None:
    assert _flag("since the training a pupil who I support told me she is being hit at home", "staff")


@pytest.mark.parametrize(
    "text",
    [
        "he was hurt by his dad years ago but that's all behind us now",
        "she was hit when she was a baby, he has no contact now",
        "we play hide and seek when she visits",
    ],
)
def test_harm_said_to_be_over_and_games_are_not_flagged(text: str) -> None:
    assert _flag(text, "parent") == []


def test_harm_over_yet_fear_still_there_is_flagged() -> None:
    assert _flag("he hurt us years ago but i still think its him every time the door goes")


@pytest.mark.parametrize(
    ("text", "respondent"),
    [
        ("i wedge a chair under the handle and jam my door shut every night", "child"),
        ("the kids flinch when a car pulls up outside", "parent"),
        ("She won't walk home alone in case her stepdad is around", "parent"),
        ("he's out on bail and he was spotted near our street on Friday", "parent"),
        ("her ex keeps telling her he knows which street we moved to", "parent"),
        ("A boy I work with says his uncle has been touching him", "staff"),
        ("an older guy buys me stuff and now says i have to do things back", "child"),
        ("My son's self harm has got worse since his appointments stopped", "parent"),
        ("i watch my back on the way home because of them", "child"),
    ],
)
def test_fear_of_a_person_now_and_plain_worded_harm_are_flagged(text: str, respondent: str) -> None:
    assert _flag(text, respondent), text


@pytest.mark.parametrize(
    ("text", "respondent"),
    [
        ("The review kept moving and in the end it got cancelled", "parent"),
        ("I'm at the end of my tether with the paperwork", "parent"),
        ("Nobody in our team has to manage a hard case alone", "staff"),
        ("The abuse ended years ago when he went away and we're settled now", "parent"),
        ("she was hurt when she was a baby but she's been safe with us ever since", "parent"),
        ("There was abuse in our past but we have been safe since 2019", "parent"),
        ("I nearly killed myself laughing at the show", "parent"),
    ],
)
def test_idioms_and_harm_dated_past_are_not_flagged(text: str, respondent: str) -> None:
    assert _flag(text, respondent) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "his dad pushed his head into the wall last night",
        "she slammed my face against the door",
        "my stepdad grabbed me by the throat",
        "her brother dragged her by the hair",
    ],
)
def test_force_against_the_head_or_neck_is_flagged_whoever_it_is_done_to(text: str) -> None:
    # A staff member tells of one child ("his head"), not only the child of themselves ("me").
    assert _flag(text, "staff"), text


@pytest.mark.parametrize(
    "text", ["i banged my head on the door at football", "i smashed my face on the trampoline"]
)
def test_knocks_at_play_are_not_flagged(text: str) -> None:
    assert _flag(text) == [], text
