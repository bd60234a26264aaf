"""Answers in each offered language: common words for harm make them a possible disclosure, and
an ordinary answer in that language still goes to a person to read, never dropped."""

from __future__ import annotations

import json

import pytest

from analysis import analyse_answer
from analysis.harm_words import fold, harm_cues

# Written for these tests: one answer that may disclose harm, one that does not, per language.
ANSWERS = {
    "pl": ("Tata mnie bije, kiedy pije, i boję się wracać do domu",
           "Pani z opieki jest bardzo miła i pomaga mojej mamie"),
    "uk": ("Я боюся вітчима, він бʼє маму і мене",
           "Соціальна працівниця дуже добра, вона нам допомагає"),
    "ar": ("أخاف من الرجوع إلى البيت لأن زوج أمي يضربني",
           "الموظفة لطيفة جدا وتساعد عائلتنا كثيرا"),
    "ur": ("مجھے گھر جانے سے ڈر لگتا ہے، ابو مجھے مارتے ہیں",
           "ہماری ورکر بہت اچھی ہیں اور ہماری مدد کرتی ہیں"),
    "gd": ("Tha an t-eagal orm roimhe, bidh e gam bhualadh a h-uile latha",
           "Tha an neach-obrach agam glè laghach agus bidh i gam chuideachadh"),
}


@pytest.mark.parametrize("language", sorted(ANSWERS))
def test_a_disclosure_in_each_language_is_a_possible_disclosure(language):
    disclosure, _ordinary = ANSWERS[language]
    result = analyse_answer(disclosure, respondent="child", language=language)
    cues = json.loads(result["evidence"])["safeguarding"]
    assert result["safeguarding_flag"] is True
    assert any(cue.startswith(f"{language} ") for cue in cues), cues


@pytest.mark.parametrize("language", sorted(ANSWERS))
def test_an_ordinary_answer_in_each_language_is_read_by_a_person_without_a_harm_cue(language):
    _disclosure, ordinary = ANSWERS[language]
    result = analyse_answer(ordinary, respondent="parent", language=language)
    cues = json.loads(result["evidence"])["safeguarding"]
    assert result["safeguarding_flag"] is True, "an answer the analysis cannot read goes to a person"
    assert len(cues) == 1 and cues[0].endswith("not English"), cues


def test_a_disclosure_typed_on_an_english_page_is_checked_in_every_language():
    assert any(cue.startswith("pl ") for cue in harm_cues("on mnie bije", "en"))


def test_typing_without_accents_or_vowel_marks_still_matches():
    assert harm_cues("boje sie taty", "pl")
    assert fold("أخافُ") == fold("اخاف")
