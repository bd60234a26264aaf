"""The survey definition files, their loader and validator, and the Babel extractor."""

from __future__ import annotations

import copy
import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from participation.surveys import (
    CHILDREN_BANDS,
    DEFINITIONS_DIR,
    DOES_NOT_APPLY,
    PREFER_NOT_TO_SAY,
    QUESTION_TYPES,
    THEMES,
    SurveyDefinition,
    SurveyDefinitionError,
    load_definitions,
    load_versions,
)
from participation.surveys.extract import extract_definitions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def definitions() -> dict[str, SurveyDefinition]:
    return load_definitions(DEFINITIONS_DIR)


# ---------------------------------------------------------------- the shipped files


def test_shipped_files_load(definitions: dict[str, SurveyDefinition]) -> None:
    assert set(definitions) == {"children", "parents", "staff"}
    for key, survey in definitions.items():
        assert survey.key == key == survey.path.stem
        assert survey.audience == key
        assert survey.version >= 1
        assert survey.title and survey.intro
        assert survey.estimated_minutes > 0


@pytest.mark.parametrize(
    ("key", "low", "high"), [("children", 18, 24), ("parents", 24, 30), ("staff", 30, 36)]
)
def test_question_counts(definitions: dict[str, SurveyDefinition], key: str, low: int, high: int) -> None:
    assert low <= len(definitions[key].questions) <= high


def test_bands(definitions: dict[str, SurveyDefinition]) -> None:
    assert definitions["children"].bands == ("5-7", "8-11", "12-17") == CHILDREN_BANDS
    assert definitions["parents"].bands == ("all",)
    assert definitions["staff"].bands == ("all",)
    for survey in definitions.values():
        for question in survey.questions:
            assert tuple(question.wordings) == survey.bands, question.key


def test_children_cover_what_the_issue_asks(definitions: dict[str, SurveyDefinition]) -> None:
    keys = set(definitions["children"].question_keys)
    assert {
        "feel_safe",
        "life_better",
        "trust_worker",
        "know_worker",
        "listened_to",
        "told_what_happens",
        "take_part_meetings",
        "know_how_to_complain",
        "complaint_handled",
        "advocate",
        "views_made_difference",
        "help_with_feelings",
        "contact_people_who_matter",
        "what_is_good",
        "what_should_change",
    } <= keys
    free_text = [q.key for q in definitions["children"].questions if q.type == "free_text"]
    assert free_text == ["what_is_good", "what_should_change"]


def test_every_question_has_themes_aims_and_a_known_type(
    definitions: dict[str, SurveyDefinition],
) -> None:
    themes_seen: set[str] = set()
    types_seen: set[str] = set()
    for survey in definitions.values():
        for question in survey.questions:
            types_seen.add(question.type)
            assert question.themes and set(question.themes) <= set(THEMES)
            assert question.aims and set(question.aims) <= {1, 2, 3, 4}
            themes_seen.update(question.themes)
    assert themes_seen == set(THEMES)
    # Every type is used by a shipped survey, so the journey is exercised on each of them.
    assert types_seen == set(QUESTION_TYPES)


def test_young_children_answer_scales_with_faces(definitions: dict[str, SurveyDefinition]) -> None:
    for question in definitions["children"].questions:
        if question.type != "scale":
            continue
        for band, sizes in (("5-7", {3}), ("8-11", {3, 5})):
            # "I have not needed help with this" is not a point on the scale and has no face.
            options = [
                o for o in question.wording(band).options
                if o.key != PREFER_NOT_TO_SAY and o.polarity != DOES_NOT_APPLY
            ]
            assert len(options) in sizes, (question.key, band)
            for option in options:
                # A face always comes with a word, never on its own.
                assert option.face and option.label.strip(), (question.key, band, option)


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.?!])\s+", text) if part]


def test_five_to_seven_wording_is_short(definitions: dict[str, SurveyDefinition]) -> None:
    for question in definitions["children"].questions:
        wording = question.wording("5-7")
        for text in (wording.text, wording.hint or ""):
            for sentence in _sentences(text):
                assert len(sentence.split()) <= 15, (question.key, sentence)


def test_every_option_has_a_polarity_but_prefer_not_to_say(
    definitions: dict[str, SurveyDefinition],
) -> None:
    for survey in definitions.values():
        for question in survey.questions:
            for band, wording in question.wordings.items():
                last = wording.options[-1]
                assert (last.key, last.label, last.polarity) == (
                    PREFER_NOT_TO_SAY,
                    "I'd rather not say",
                    None,
                ), (question.key, band)
                keys = [option.key for option in wording.options]
                assert len(keys) == len(set(keys)), (question.key, band)
                for option in wording.options[:-1]:
                    assert option.polarity in {"positive", "neutral", "negative", DOES_NOT_APPLY}
                if question.type == "free_text":
                    assert len(wording.options) == 1
                    assert question.max_length == 2000
                else:
                    assert question.max_length is None
                    assert any(o.polarity == "positive" for o in wording.options[:-1])


def test_yes_no_not_sure_has_built_in_options(definitions: dict[str, SurveyDefinition]) -> None:
    wording = definitions["children"].question("know_worker").wording("8-11")
    assert [(o.key, o.label, o.polarity) for o in wording.options] == [
        ("yes", "Yes", "positive"),
        ("no", "No", "negative"),
        ("not_sure", "Not sure", "neutral"),
        (PREFER_NOT_TO_SAY, "I'd rather not say", None),
    ]


def test_parents_and_staff_specifics(definitions: dict[str, SurveyDefinition]) -> None:
    kinship = definitions["parents"].question("kinship_support").wording("all")
    assert kinship.option("not_kinship_carer").polarity == DOES_NOT_APPLY
    staff = definitions["staff"]
    assert [a.key for a in staff.agencies] == [
        "social_work",
        "health",
        "police",
        "education",
        "third_sector",
        "other",
    ]
    assert {"confidence_first_line_manager", "confidence_strategic_leaders"} <= set(staff.question_keys)
    free_text = [q.wording("all").text for q in staff.questions if q.type == "free_text"]
    assert free_text == ["What is working well?", "What needs to improve?"]
    assert definitions["children"].agencies == definitions["parents"].agencies == ()


def _wordings(survey: SurveyDefinition):
    for question in survey.questions:
        for band, wording in question.wordings.items():
            yield question, band, wording


def test_children_open_with_a_general_question_and_are_asked_about_safety_later(
    definitions: dict[str, SurveyDefinition],
) -> None:
    children = definitions["children"]
    # A sad face beside "Do you feel safe?" can be seen across a room: not the first page.
    assert children.question_keys[0] == "feel_overall"
    assert children.question_keys.index("feel_safe") >= 2
    for question, band, wording in _wordings(children):
        words = " ".join(filter(None, [wording.text, wording.hint])).lower()
        # "Where you live", as some children have two homes; an address is never asked for.
        assert "at home" not in words, (question.key, band)
        # Someone may be watching the screen: domestic abuse is asked of parents only.
        assert "abuse" not in words, (question.key, band)
    assert "where you live" in children.question("feel_safe").wording("5-7").text


def test_inspectors_hear_about_advocacy_complaints_change_mental_health_and_contact(
    definitions: dict[str, SurveyDefinition],
) -> None:
    assert {
        "advocate", "complaint_handled", "views_made_difference", "help_with_feelings",
        "contact_people_who_matter",
    } <= set(definitions["children"].question_keys)
    assert {
        "advocacy", "complaint_handled", "views_made_difference", "child_mental_health",
        "child_contact", "assessment_views", "plan_reviewed", "safe_from_domestic_abuse",
    } <= set(definitions["parents"].question_keys)
    # Having or being able to get an advocate, not only knowing of advocacy.
    for survey, key in (("children", "advocate"), ("parents", "advocacy")):
        for _band, wording in definitions[survey].question(key).wordings.items():
            if "has_one" in wording.option_keys and len(wording.options) > 4:
                assert {"could_get", "could_not_get"} <= set(wording.option_keys)
    domestic_abuse = definitions["parents"].question("safe_from_domestic_abuse").wording("all")
    assert domestic_abuse.option("not_applicable").polarity == DOES_NOT_APPLY


def test_staff_confidence_in_managers_and_in_leaders_is_asked_alike(
    definitions: dict[str, SurveyDefinition],
) -> None:
    staff = definitions["staff"]
    manager = staff.question("confidence_first_line_manager").wording("all")
    leaders = staff.question("confidence_strategic_leaders").wording("all")
    assert manager.text == "I have confidence in my first-line manager."
    assert leaders.text == "I have confidence in senior leaders."
    assert [(o.key, o.polarity) for o in manager.options] == [(o.key, o.polarity) for o in leaders.options]
    # "Don't know" is outside the base of percentage positive, for both alike.
    assert manager.option("dont_know").polarity == DOES_NOT_APPLY


NOT_FOR_ME = re.compile(
    r"^(I am not a|I have not|We have not|My child has not|There has not been|This has not come up"
    r"|This does not apply|Don't know)"
)


def test_options_that_mean_it_does_not_apply_are_outside_the_base(
    definitions: dict[str, SurveyDefinition],
) -> None:
    found = set()
    for survey in definitions.values():
        for question, band, wording in _wordings(survey):
            for option in wording.options:
                if NOT_FOR_ME.match(option.label):
                    assert option.polarity == DOES_NOT_APPLY, (survey.key, question.key, band, option)
                    found.add(option.label)
    assert {"I am not a kinship carer", "My child has not had a plan", "This has not come up for me",
            "Don't know"} <= found


def test_every_published_version_of_each_survey_is_kept() -> None:
    versions = load_versions(DEFINITIONS_DIR)
    for key, by_version in versions.items():
        assert list(by_version) == list(range(1, max(by_version) + 1)), key
        assert by_version[max(by_version)].path.name == f"{key}.yaml"
        for version, survey in by_version.items():
            where = survey.path.relative_to(DEFINITIONS_DIR).as_posix()
            if version < max(by_version):
                assert where == f"published/{key}-{version}.yaml"


def test_loaded_objects_are_frozen(definitions: dict[str, SurveyDefinition]) -> None:
    survey = definitions["children"]
    question = survey.question("feel_safe")
    with pytest.raises(dataclasses.FrozenInstanceError):
        survey.title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        question.wordings["5-7"] = question.wordings["8-11"]  # type: ignore[index]
    with pytest.raises(KeyError):
        survey.question("no_such_question")
    with pytest.raises(KeyError):
        question.wording("all")
    # Frozen objects are hashable, so they can be set members and cache keys.
    assert len(set(survey.questions)) == len(survey.questions)
    assert hash(survey) == hash(load_definitions(DEFINITIONS_DIR)["children"])


# ---------------------------------------------------------------- broken files

GOOD: dict[str, Any] = {
    "key": "children",
    "version": 1,
    "audience": "children",
    "title": "Test survey",
    "intro": "For tests.",
    "estimated_minutes": 5,
    "bands": ["5-7", "8-11", "12-17"],
    "option_sets": {
        "faces3": [
            {"key": "happy", "label": "Yes", "face": "happy", "polarity": "positive"},
            {"key": "okay", "label": "Sometimes", "face": "okay", "polarity": "neutral"},
            {"key": "sad", "label": "No", "face": "sad", "polarity": "negative"},
        ],
        "agree3": [
            {"key": "agree", "label": "Agree", "polarity": "positive"},
            {"key": "neither", "label": "Neither", "polarity": "neutral"},
            {"key": "disagree", "label": "Disagree", "polarity": "negative"},
        ],
    },
    "questions": [
        {
            "key": "feel_safe",
            "type": "scale",
            "themes": ["wellbeing"],
            "aims": [1],
            "wording": {
                "5-7": {"text": "Do you feel safe?", "options": "faces3"},
                "8-11": {"text": "Do you feel safe?", "options": "faces3"},
                "12-17": {"text": "I feel safe.", "options": "agree3"},
            },
        },
        {
            "key": "know_worker",
            "type": "yes_no_not_sure",
            "themes": ["relationships"],
            "aims": [2],
            "wording": {band: {"text": "Do you know your worker?"} for band in CHILDREN_BANDS},
        },
        {
            "key": "what_is_good",
            "type": "free_text",
            "themes": ["wellbeing"],
            "aims": [2],
            "wording": {band: {"text": "What is good?"} for band in CHILDREN_BANDS},
        },
    ],
}


def _write(directory: Path, data: dict[str, Any], name: str = "children.yaml") -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _load_error(directory: Path) -> str:
    with pytest.raises(SurveyDefinitionError) as caught:
        load_definitions(directory)
    return str(caught.value)


def test_the_good_fixture_loads(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    survey = load_definitions(tmp_path)["children"]
    assert survey.question_keys == ("feel_safe", "know_worker", "what_is_good")
    assert survey.question("feel_safe").wording("12-17").option_keys == (
        "agree",
        "neither",
        "disagree",
        PREFER_NOT_TO_SAY,
    )


def _feel_safe(data: dict[str, Any]) -> dict[str, Any]:
    return data["questions"][0]


BROKEN: dict[str, tuple[Any, str]] = {
    "unknown type": (
        lambda d: _feel_safe(d).update(type="slider"),
        "children.yaml: question 'feel_safe': unknown type 'slider'",
    ),
    "missing band": (
        lambda d: _feel_safe(d)["wording"].pop("8-11"),
        "children.yaml: question 'feel_safe', band '8-11': missing wording",
    ),
    "extra band": (
        lambda d: _feel_safe(d)["wording"].update({"all": {"text": "Hi"}}),
        "children.yaml: question 'feel_safe', band 'all': not a band of this survey",
    ),
    "bad option set": (
        lambda d: _feel_safe(d)["wording"]["8-11"].update(options="facez"),
        "children.yaml: question 'feel_safe', band '8-11': unknown option set 'facez'",
    ),
    "duplicate question key": (
        lambda d: d["questions"][2].update(key="feel_safe"),
        "children.yaml: question 'feel_safe': the question key is used twice",
    ),
    "scale without faces for 8-11": (
        lambda d: _feel_safe(d)["wording"]["8-11"].update(options="agree3"),
        "children.yaml: question 'feel_safe', band '8-11': ages 8-11 answer scale questions on a "
        "faces scale, but option 'agree' has no face",
    ),
    "choice without options": (
        lambda d: _feel_safe(d)["wording"]["12-17"].pop("options"),
        "children.yaml: question 'feel_safe', band '12-17': scale questions need 'options'",
    ),
    "option without polarity": (
        lambda d: _feel_safe(d)["wording"]["12-17"].update(options=[{"key": "good", "label": "Good"}]),
        "children.yaml: question 'feel_safe', band '12-17', option 'good': missing 'polarity'",
    ),
    "unknown polarity": (
        lambda d: d["option_sets"]["agree3"][0].update(polarity="great"),
        "children.yaml: option set 'agree3', option 'agree': unknown polarity 'great'",
    ),
    "unknown face": (
        lambda d: d["option_sets"]["faces3"][0].update(face="grin"),
        "children.yaml: option set 'faces3', option 'happy': unknown face 'grin'",
    ),
    "duplicate option key": (
        lambda d: d["option_sets"]["agree3"][1].update(key="agree"),
        "children.yaml: option set 'agree3': option key 'agree' is used twice",
    ),
    "reserved option key": (
        lambda d: d["option_sets"]["agree3"][1].update(key=PREFER_NOT_TO_SAY),
        "children.yaml: option set 'agree3', option 'prefer_not_to_say': the key "
        "'prefer_not_to_say' is reserved",
    ),
    "empty text": (
        lambda d: _feel_safe(d)["wording"]["5-7"].update(text="  "),
        "children.yaml: question 'feel_safe', band '5-7': 'text' is empty",
    ),
    "label read as a boolean": (
        lambda d: d["option_sets"]["agree3"][0].update(label=True),
        "children.yaml: option set 'agree3', option 'agree': 'label' must be text, not the "
        "boolean True (quote words like Yes and No)",
    ),
    "unknown theme": (
        lambda d: _feel_safe(d).update(themes=["happiness"]),
        "children.yaml: question 'feel_safe': unknown theme 'happiness'",
    ),
    "unknown aim": (
        lambda d: _feel_safe(d).update(aims=[5]),
        "children.yaml: question 'feel_safe': unknown aim 5",
    ),
    "missing themes": (
        lambda d: _feel_safe(d).pop("themes"),
        "children.yaml: question 'feel_safe': missing 'themes'",
    ),
    "max_length not positive": (
        lambda d: d["questions"][2].update(max_length=0),
        "children.yaml: question 'what_is_good': 'max_length' must be a whole number of 1 or more",
    ),
    "max_length on a scale": (
        lambda d: _feel_safe(d).update(max_length=10),
        "children.yaml: question 'feel_safe': 'max_length' is only for free_text questions",
    ),
    "options on free text": (
        lambda d: d["questions"][2]["wording"]["8-11"].update(options="agree3"),
        "children.yaml: question 'what_is_good', band '8-11': free_text questions take no 'options'",
    ),
    "misspelt field": (
        lambda d: _feel_safe(d)["wording"]["8-11"].update(hnit="Think."),
        "children.yaml: question 'feel_safe', band '8-11': unknown field 'hnit'",
    ),
    "key is not the file stem": (
        lambda d: d.update(key="kids"),
        "children.yaml: 'key' must equal the file name stem 'children', not 'kids'",
    ),
    "version zero": (
        lambda d: d.update(version=0),
        "children.yaml: 'version' must be a whole number of 1 or more, not 0",
    ),
    "unknown audience": (
        lambda d: d.update(audience="pupils"),
        "children.yaml: unknown audience 'pupils'",
    ),
    "wrong children's bands": (
        lambda d: d.update(bands=["5-7", "8-11"]),
        "children.yaml: 'bands' for audience 'children' must be ['5-7', '8-11', '12-17']",
    ),
    "agencies outside the staff survey": (
        lambda d: d.update(agencies=[{"key": "health", "label": "Health"}]),
        "children.yaml: 'agencies' is only for the staff survey",
    ),
    "polarity override on a scale": (
        lambda d: _feel_safe(d).update(polarity={"yes": "negative"}),
        "children.yaml: question 'feel_safe': 'polarity' overrides are only for yes_no_not_sure",
    ),
    "wording_version zero": (
        lambda d: _feel_safe(d).update(wording_version=0),
        "children.yaml: question 'feel_safe': 'wording_version' must be a whole number of 1 or more",
    ),
    "quality indicator not quoted": (
        lambda d: _feel_safe(d).update(quality_indicators=[2.1]),
        "children.yaml: question 'feel_safe': 'quality_indicators' must be a list of quoted numbers",
    ),
    "quality indicator badly formed": (
        lambda d: _feel_safe(d).update(quality_indicators=["QI 2.1"]),
        "children.yaml: question 'feel_safe': quality indicator 'QI 2.1' must look like \"2.1\"",
    ),
    "quality indicator not in the framework": (
        lambda d: _feel_safe(d).update(quality_indicators=["9.9"]),
        "children.yaml: question 'feel_safe': unknown quality indicator '9.9' (the framework in",
    ),
    "does_not_apply is no excuse for a missing face on a real point": (
        lambda d: d["option_sets"]["faces3"][1].pop("face"),
        "children.yaml: question 'feel_safe', band '5-7': ages 5-7 answer scale questions on a "
        "faces scale, but option 'okay' has no face",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_file_question_and_problem(tmp_path: Path, case: str) -> None:
    mutate, expected = BROKEN[case]
    data = copy.deepcopy(GOOD)
    mutate(data)
    _write(tmp_path, data)
    message = _load_error(tmp_path)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, sort_keys=False).replace(
        "  text: Do you know your worker?", "  text: [Do you know your worker?", 1
    )
    (tmp_path / "children.yaml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "[Do you know" in row)
    message = _load_error(tmp_path)
    assert message.startswith("children.yaml, line "), message
    assert "invalid YAML" in message
    # PyYAML reports where it gave up, which is at or just after the broken line.
    reported = int(re.search(r"line (\d+)", message).group(1))  # type: ignore[union-attr]
    assert line <= reported <= line + 3


def test_unquoted_question_mark_in_flow_mapping_is_a_syntax_error(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, sort_keys=False).replace(
        "  text: Do you know your worker?",
        "  {text: Do you know your worker?, hint: Hi}",
        1,
    )
    (tmp_path / "children.yaml").write_text(text, encoding="utf-8")
    assert "invalid YAML" in _load_error(tmp_path)


def test_key_written_twice_in_a_mapping_is_an_error(tmp_path: Path) -> None:
    text = yaml.safe_dump(GOOD, sort_keys=False)
    # Repeat the 12-17 text of feel_safe: safe_load alone would silently keep the second.
    text = text.replace(
        "      text: I feel safe.\n", "      text: I feel safe.\n      text: I feel unsafe.\n", 1
    )
    (tmp_path / "children.yaml").write_text(text, encoding="utf-8")
    message = _load_error(tmp_path)
    assert message.startswith("children.yaml: question 'feel_safe', band '12-17': 'text' is written twice")


def test_staff_survey_needs_agencies(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    data.update(key="staff", audience="staff", bands=["all"])
    for question in data["questions"]:
        question["wording"] = {"all": question["wording"]["12-17"]}
    _write(tmp_path, data, "staff.yaml")
    assert _load_error(tmp_path).startswith(
        "staff.yaml: the staff survey needs a non-empty list of 'agencies'"
    )
    data["agencies"] = [{"key": "health", "label": "Health"}]
    _write(tmp_path, data, "staff.yaml")
    staff = load_definitions(tmp_path)["staff"]
    assert staff.agencies[0].label == "Health"
    assert staff.bands == ("all",)


def test_polarity_override_for_yes_no_not_sure(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    # Written as YAML text so the bare `yes`/`no` keys arrive as booleans, as they would in a file.
    text = yaml.safe_dump(data, sort_keys=False).replace(
        "- key: know_worker\n", "- key: know_worker\n  polarity: {yes: negative, no: positive}\n"
    )
    (tmp_path / "children.yaml").write_text(text, encoding="utf-8")
    wording = load_definitions(tmp_path)["children"].question("know_worker").wording("5-7")
    assert [(o.key, o.polarity) for o in wording.options] == [
        ("yes", "negative"),
        ("no", "positive"),
        ("not_sure", "neutral"),
        (PREFER_NOT_TO_SAY, None),
    ]


def test_does_not_apply_options_load_and_need_no_face(tmp_path: Path) -> None:
    data = copy.deepcopy(GOOD)
    not_needed = {"key": "not_needed", "label": "I have not needed this", "polarity": "does_not_apply"}
    data["option_sets"]["faces3"].append(not_needed)
    data["questions"][0]["quality_indicators"] = ["2.1", "2.2"]
    _write(tmp_path, data)
    question = load_definitions(tmp_path)["children"].question("feel_safe")
    option = question.wording("5-7").option("not_needed")
    assert (option.polarity, option.face) == (DOES_NOT_APPLY, None)
    assert question.quality_indicators == ("2.1", "2.2")
    assert question.wording_version == 1
    assert question.comparable_key == "feel_safe@1"


def _publish(directory: Path, data: dict[str, Any], version: int) -> None:
    (directory / "published").mkdir(exist_ok=True)
    _write(directory / "published", dict(data, version=version), f"children-{version}.yaml")


def _versions_error(directory: Path) -> str:
    with pytest.raises(SurveyDefinitionError) as caught:
        load_versions(directory)
    return str(caught.value)


def test_every_published_version_is_loaded_beside_the_current_one(tmp_path: Path) -> None:
    _publish(tmp_path, GOOD, 1)
    current = copy.deepcopy(GOOD)
    current["version"] = 2
    _feel_safe(current)["wording"]["5-7"]["text"] = "Do you feel safe where you live?"
    _feel_safe(current)["wording_version"] = 2
    _write(tmp_path, current)
    versions = load_versions(tmp_path)["children"]
    assert list(versions) == [1, 2]
    assert versions[1].question("feel_safe").wording("5-7").text == "Do you feel safe?"
    assert versions[2].question("feel_safe").wording("5-7").text == "Do you feel safe where you live?"
    # Unchanged questions keep their wording version, so their answers are pooled across versions.
    assert versions[1].question("know_worker").comparable_key == "know_worker@1"
    assert versions[2].question("know_worker").comparable_key == "know_worker@1"
    assert versions[2].question("feel_safe").comparable_key == "feel_safe@2"


def test_a_published_version_may_predate_the_tags_and_tagging_needs_no_new_wording(
    tmp_path: Path,
) -> None:
    untagged = copy.deepcopy(GOOD)
    for question in untagged["questions"]:
        question.pop("aims", None)
        question.pop("quality_indicators", None)
    _publish(tmp_path, untagged, 1)
    current = copy.deepcopy(GOOD)
    current["version"] = 2
    _feel_safe(current)["quality_indicators"] = ["2.1"]
    _write(tmp_path, current)
    versions = load_versions(tmp_path)["children"]
    assert versions[1].question("feel_safe").aims == ()
    assert versions[2].question("feel_safe").quality_indicators == ("2.1",)
    # The current file must still say which aims each question informs.
    _write(tmp_path, dict(untagged, version=2))
    assert "missing 'aims'" in _versions_error(tmp_path)


def test_changed_wording_without_a_new_wording_version_is_an_error(tmp_path: Path) -> None:
    _publish(tmp_path, GOOD, 1)
    current = copy.deepcopy(GOOD)
    current["version"] = 2
    current["option_sets"]["agree3"][1]["polarity"] = "does_not_apply"
    _write(tmp_path, current)
    assert _versions_error(tmp_path).startswith(
        "children.yaml: question 'feel_safe': its wording differs from version 1 of the survey "
        "but its 'wording_version' is still 1: give it a new one"
    )


def test_a_published_version_must_be_older_than_the_current_one(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    _publish(tmp_path, GOOD, 1)
    assert _versions_error(tmp_path).startswith(
        "published/children-1.yaml: a published version must be older than the current one"
    )


def test_a_published_file_name_gives_its_version(tmp_path: Path) -> None:
    _write(tmp_path, dict(GOOD, version=3))
    (tmp_path / "published").mkdir()
    _write(tmp_path / "published", dict(GOOD, version=1), "children-2.yaml")
    assert _versions_error(tmp_path).startswith(
        "children-2.yaml: 'version' must be 2, as the file name says, not 1"
    )


def test_a_published_version_needs_its_current_survey(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    (tmp_path / "published").mkdir()
    _write(tmp_path / "published", dict(GOOD, key="kids"), "kids-1.yaml")
    assert _versions_error(tmp_path) == (
        "published/kids-1.yaml: there is no current survey 'kids.yaml' for this published version"
    )


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    assert "no survey definition files" in _load_error(tmp_path)


# ---------------------------------------------------------------- extraction


def _extract(path: Path) -> list[tuple[int, str | None, str, list[str]]]:
    with path.open("rb") as fileobj:
        return list(extract_definitions(fileobj, ["_", "gettext"], [], {}))


def _translatable(survey: SurveyDefinition) -> set[str]:
    strings = {survey.title, survey.intro} | {agency.label for agency in survey.agencies}
    for question in survey.questions:
        for wording in question.wordings.values():
            strings.add(wording.text)
            if wording.hint:
                strings.add(wording.hint)
            # The fixed strings come from models.py, not from the file.
            strings.update(o.label for o in wording.options if o.key != PREFER_NOT_TO_SAY)
    return strings - {"Yes", "No", "Not sure"}


@pytest.mark.parametrize("key", ["children", "parents", "staff"])
def test_extractor_yields_every_string_with_its_real_line(
    definitions: dict[str, SurveyDefinition], key: str
) -> None:
    path = DEFINITIONS_DIR / f"{key}.yaml"
    messages = _extract(path)
    extracted = {message for _line, _func, message, _comments in messages}
    assert _translatable(definitions[key]) <= extracted
    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, funcname, message, comments in messages:
        assert funcname is None
        assert comments and comments[0].startswith(f"{key}.yaml ")
        # The first words of the message are on the line given (block scalars start a line early).
        first_words = " ".join(message.split()[:3])
        window = " ".join(lines[lineno - 1 : lineno + 1])
        assert first_words in " ".join(window.split()), (lineno, message)


def test_extractor_comment_says_where_the_string_is_from() -> None:
    messages = _extract(DEFINITIONS_DIR / "children.yaml")
    by_comment = {comments[0]: (lineno, message) for lineno, _f, message, comments in messages}
    lineno, message = by_comment["children.yaml feel_safe 8-11 text"]
    assert message == "Do you feel safe where you live?"
    source = (DEFINITIONS_DIR / "children.yaml").read_text(encoding="utf-8").splitlines()
    assert "Do you feel safe where you live?" in source[lineno - 1]
    assert by_comment["children.yaml survey title"][1] == "Children and young people's survey"
    assert by_comment["children.yaml option set faces3 option sometimes label"][1] == "Sometimes"
    assert by_comment["children.yaml worker_changes 8-11 option one_change label"][1] == "Yes, once"


@pytest.mark.skipif(
    not (ROOT / "participation" / "__init__.py").exists(), reason="the app package is not there yet"
)
def test_pybabel_extract_with_babel_cfg(tmp_path: Path) -> None:
    output = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    command = [str(pybabel)] if pybabel.exists() else [sys.executable, "-m", "babel.messages.frontend"]
    # The extractor is imported by name, so the project root must be importable.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [*command, "extract", "-F", "babel.cfg", "-o", str(output), "."],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    pot = output.read_text(encoding="utf-8")
    for msgid in (
        "Do you feel safe at home?",  # version 1, kept in published/
        "Do you feel safe where you live?",
        "Staff treat me with respect.",
        "I have confidence in my first-line manager.",
        "I'd rather not say",
        "Not sure",
    ):
        assert f'msgid "{msgid}"' in pot, msgid
    assert "#. children.yaml feel_safe 5-7 text" in pot
    assert re.search(r"#: participation/surveys/definitions/children\.yaml:\d+", pot)
    # Version 1's wording stays in the catalog: a response started on it finishes on it.
    assert "#. children-1.yaml feel_safe 5-7 text" in pot
    assert re.search(r"#: participation/surveys/definitions/published/children-1\.yaml:\d+", pot)
