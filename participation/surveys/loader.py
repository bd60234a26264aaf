"""Load and validate the survey definition files (plain Python and PyYAML; no Flask).

Every rule in docs/survey-definitions.md is checked here, so a broken file stops the app at start
with one message naming the file, the question (and band) and the problem.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

import yaml

from analysis.theme_list import THEMES
from participation.reference.quality_framework import quality_framework

from .models import (
    AIMS,
    AUDIENCES,
    BANDS_BY_AUDIENCE,
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    DOES_NOT_APPLY,
    FACES,
    FACES_BANDS,
    POLARITIES,
    PREFER_NOT_TO_SAY,
    PREFER_NOT_TO_SAY_OPTION,
    QUALITY_INDICATOR_PATTERN,
    QUESTION_TYPES,
    YES_NO_NOT_SURE,
    Option,
    Question,
    SurveyDefinition,
    SurveyDefinitionError,
    Wording,
    clean_text,
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
QI_PATTERN = re.compile(QUALITY_INDICATOR_PATTERN)
# Each published version of a survey is kept, as `<key>-<version>.yaml`, in this subfolder.
PUBLISHED = "published"
PUBLISHED_NAME = re.compile(r"^(?P<key>[a-z][a-z0-9_]*)-(?P<version>[1-9][0-9]*)$")

_SURVEY_FIELDS = frozenset(
    {
        "key",
        "version",
        "audience",
        "title",
        "intro",
        "estimated_minutes",
        "bands",
        "agencies",
        "option_sets",
        "questions",
    }
)
_QUESTION_FIELDS = frozenset(
    {"key", "type", "themes", "aims", "wording", "max_length", "polarity", "wording_version",
     "quality_indicators", "of_concern"}
)
_WORDING_FIELDS = frozenset({"text", "hint", "options"})
_OPTION_FIELDS = frozenset({"key", "label", "polarity", "face"})
_AGENCY_FIELDS = frozenset({"key", "label"})
# YAML 1.1 reads a bare yes/no as a boolean; map them back so `polarity: {yes: negative}` works.
_YAML_BOOL_KEYS = {True: "yes", False: "no"}


def _fail(where: str, problem: str) -> NoReturn:
    raise SurveyDefinitionError(f"{where}: {problem}")


def _names(values: tuple[Any, ...] | list[Any]) -> str:
    return ", ".join(str(value) for value in values)


def _is_int(value: object) -> bool:
    # bool is a subclass of int, but `version: yes` is a mistake, not the number 1.
    return isinstance(value, int) and not isinstance(value, bool)


def _check_fields(raw: Mapping[Any, Any], allowed: frozenset[str], where: str) -> None:
    # Unknown fields are errors so a typo (`hnit:`) cannot silently drop wording.
    unknown = sorted(str(name) for name in raw if name not in allowed)
    if unknown:
        _fail(where, f"unknown field '{unknown[0]}' (expected one of {_names(sorted(allowed))})")


def _mapping(raw: object, where: str, what: str) -> Mapping[Any, Any]:
    if not isinstance(raw, Mapping):
        _fail(where, f"{what} must be a mapping of fields, not {_describe(raw)}")
    return raw


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {value!r} (quote words like Yes and No)"
    return f"{type(value).__name__} {value!r}"


def _text(raw: Mapping[Any, Any], name: str, where: str, *, required: bool = True) -> str | None:
    if name not in raw or raw[name] is None:
        if required:
            _fail(where, f"missing '{name}'")
        return None
    value = raw[name]
    if not isinstance(value, str):
        _fail(where, f"'{name}' must be text, not {_describe(value)}")
    value = clean_text(value)
    if not value:
        _fail(where, f"'{name}' is empty")
    return value


def _key(raw: Mapping[Any, Any], where: str) -> str:
    value = raw.get("key")
    if value is None:
        _fail(where, "missing 'key'")
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        _fail(where, f"key {value!r} must be lower_snake_case (a-z, 0-9 and _)")
    return value


def _positive_int(raw: Mapping[Any, Any], name: str, where: str) -> int:
    value = raw.get(name)
    if value is None:
        _fail(where, f"missing '{name}'")
    if not _is_int(value) or value < 1:
        _fail(where, f"'{name}' must be a whole number of 1 or more, not {value!r}")
    return value


def _polarity(value: object, where: str) -> str:
    if value is None:
        _fail(where, f"missing 'polarity' (one of {_names(POLARITIES)})")
    if value not in POLARITIES:
        _fail(where, f"unknown polarity {value!r} (expected one of {_names(POLARITIES)})")
    return str(value)


def _option(raw: object, index: int, list_where: str) -> Option:
    """Build one answer option from `{key, label, polarity, face}`."""
    where = f"{list_where}, option #{index}"
    raw = _mapping(raw, where, "an option")
    key = _key(raw, where)
    where = f"{list_where}, option '{key}'"
    _check_fields(raw, _OPTION_FIELDS, where)
    if key == PREFER_NOT_TO_SAY:
        _fail(where, f"the key '{PREFER_NOT_TO_SAY}' is reserved: the loader adds it")
    label = _text(raw, "label", where)
    polarity = _polarity(raw.get("polarity"), where)
    face = raw.get("face")
    if face is not None and face not in FACES:
        _fail(where, f"unknown face {face!r} (expected one of {_names(FACES)})")
    return Option(key=key, label=str(label), polarity=polarity, face=face)


def _option_list(raw: object, where: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        _fail(where, f"options must be a non-empty list, not {_describe(raw)}")
    options = tuple(_option(item, index, where) for index, item in enumerate(raw, 1))
    seen: set[str] = set()
    for option in options:
        if option.key in seen:
            _fail(where, f"option key '{option.key}' is used twice")
        seen.add(option.key)
    return options


def _option_sets(raw: object, where: str) -> dict[str, tuple[Option, ...]]:
    if raw is None:
        return {}
    raw = _mapping(raw, where, "'option_sets'")
    return {str(name): _option_list(items, f"{where}: option set '{name}'") for name, items in raw.items()}


def _agencies(raw: object, audience: str, where: str) -> tuple[Option, ...]:
    if audience != "staff":
        if raw is not None:
            _fail(where, "'agencies' is only for the staff survey")
        return ()
    if not isinstance(raw, list) or not raw:
        _fail(where, "the staff survey needs a non-empty list of 'agencies'")
    agencies = []
    seen: set[str] = set()
    for index, item in enumerate(raw, 1):
        item_where = f"{where}: agency #{index}"
        item = _mapping(item, item_where, "an agency")
        key = _key(item, item_where)
        item_where = f"{where}: agency '{key}'"
        _check_fields(item, _AGENCY_FIELDS, item_where)
        if key in seen:
            _fail(item_where, "agency key is used twice")
        seen.add(key)
        agencies.append(Option(key=key, label=str(_text(item, "label", item_where))))
    return tuple(agencies)


def _bands(raw: object, audience: str, where: str) -> tuple[str, ...]:
    expected = BANDS_BY_AUDIENCE[audience]
    if raw is None and audience != "children":
        return expected  # parents and staff may leave out the single band "all"
    if not isinstance(raw, list) or tuple(str(band) for band in raw) != expected:
        _fail(where, f"'bands' for audience '{audience}' must be {list(expected)}, not {raw!r}")
    return expected


def _vocabulary(raw: Mapping[Any, Any], name: str, allowed: tuple[Any, ...], where: str) -> tuple[Any, ...]:
    values = raw.get(name)
    if values is None:
        _fail(where, f"missing '{name}' (one or more of {_names(allowed)})")
    if not isinstance(values, list) or not values:
        _fail(where, f"'{name}' must be a non-empty list (one or more of {_names(allowed)})")
    for value in values:
        # `value in allowed` alone would accept True for aim 1.
        if isinstance(value, bool) or value not in allowed:
            _fail(where, f"unknown {name[:-1]} {value!r} (expected one or more of {_names(allowed)})")
    if len(set(values)) != len(values):
        _fail(where, f"'{name}' lists the same value twice")
    return tuple(values)


def _yes_no_options(raw: Mapping[Any, Any], where: str) -> tuple[Option, ...]:
    overrides = raw.get("polarity") or {}
    overrides = _mapping(overrides, where, "'polarity'")
    keys = {key for key, _label, _polarity in YES_NO_NOT_SURE}
    resolved: dict[str, str] = {}
    for name, value in overrides.items():
        name = _YAML_BOOL_KEYS.get(name, name)
        if name not in keys:
            _fail(where, f"'polarity' names unknown option {name!r} (expected {_names(sorted(keys))})")
        resolved[name] = _polarity(value, f"{where}, option '{name}'")
    return tuple(
        Option(key=key, label=label, polarity=resolved.get(key, default))
        for key, label, default in YES_NO_NOT_SURE
    )


def _wording(
    raw: object,
    question_type: str,
    band: str,
    option_sets: Mapping[str, tuple[Option, ...]],
    built_in: tuple[Option, ...],
    where: str,
) -> Wording:
    raw = _mapping(raw, where, "a wording")
    _check_fields(raw, _WORDING_FIELDS, where)
    text = str(_text(raw, "text", where))
    hint = _text(raw, "hint", where, required=False)
    options_raw = raw.get("options")
    if question_type in CHOICE_TYPES:
        if options_raw is None:
            _fail(where, f"{question_type} questions need 'options' (an option set name or a list)")
        if isinstance(options_raw, str):
            if options_raw not in option_sets:
                known = _names(sorted(option_sets)) or "none defined"
                _fail(where, f"unknown option set '{options_raw}' (option sets: {known})")
            options = option_sets[options_raw]
        else:
            options = _option_list(options_raw, where)
        if question_type == "scale" and band in FACES_BANDS:
            # "This does not apply to me" is not a point on the scale, so it needs no face.
            faceless = [
                option.key for option in options
                if option.face is None and option.polarity != DOES_NOT_APPLY
            ]
            if faceless:
                _fail(
                    where,
                    f"ages {band} answer scale questions on a faces scale, "
                    f"but option '{faceless[0]}' has no face",
                )
    else:
        if options_raw is not None:
            _fail(where, f"{question_type} questions take no 'options'")
        options = built_in
    return Wording(text=text, hint=hint, options=(*options, PREFER_NOT_TO_SAY_OPTION))


def _question(
    raw: object,
    index: int,
    bands: tuple[str, ...],
    option_sets: Mapping[str, tuple[Option, ...]],
    file_where: str,
    published: bool = False,
) -> Question:
    where = f"{file_where}: question #{index}"
    raw = _mapping(raw, where, "a question")
    key = _key(raw, where)
    where = f"{file_where}: question '{key}'"
    _check_fields(raw, _QUESTION_FIELDS, where)

    question_type = raw.get("type")
    if question_type not in QUESTION_TYPES:
        _fail(where, f"unknown type {question_type!r} (expected one of {_names(QUESTION_TYPES)})")
    themes = _vocabulary(raw, "themes", THEMES, where)
    # A published (older) version may predate the tags: they are metadata, not wording.
    aims = () if published and raw.get("aims") is None else _vocabulary(raw, "aims", AIMS, where)
    wording_version = _positive_int(raw, "wording_version", where) if "wording_version" in raw else 1
    quality_indicators = _quality_indicators(raw.get("quality_indicators"), where)

    max_length: int | None = None
    if question_type == "free_text":
        max_length = DEFAULT_MAX_LENGTH
        if raw.get("max_length") is not None:
            max_length = _positive_int(raw, "max_length", where)
    elif "max_length" in raw:
        _fail(where, "'max_length' is only for free_text questions")

    built_in: tuple[Option, ...] = ()
    if question_type == "yes_no_not_sure":
        built_in = _yes_no_options(raw, where)
    elif "polarity" in raw:
        _fail(where, "'polarity' overrides are only for yes_no_not_sure questions")

    wording_raw = _mapping(raw.get("wording"), where, "'wording'")
    for band in wording_raw:
        if str(band) not in bands:
            _fail(f"{where}, band '{band}'", f"not a band of this survey (bands: {_names(bands)})")
    wordings = {}
    for band in bands:
        band_where = f"{where}, band '{band}'"
        if band not in wording_raw:
            _fail(band_where, "missing wording")
        wordings[band] = _wording(
            wording_raw[band], str(question_type), band, option_sets, built_in, band_where
        )
    of_concern = _of_concern(raw, str(question_type), where)
    wordings = _mark_of_concern(wordings, of_concern, where)
    return Question(
        key=key,
        type=str(question_type),
        themes=themes,
        aims=aims,
        max_length=max_length,
        wordings=MappingProxyType(wordings),
        wording_version=wording_version,
        quality_indicators=quality_indicators,
        of_concern=of_concern,
    )


def _quality_indicators(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(value, str) for value in raw):
        _fail(where, f"'quality_indicators' must be a list of quoted numbers like \"2.1\", not {raw!r}")
    known = quality_framework().numbers
    for value in raw:
        if not QI_PATTERN.match(value):
            _fail(where, f"quality indicator {value!r} must look like \"2.1\"")
        if value not in known:
            _fail(where, f"unknown quality indicator {value!r} (the framework in "
                         f"participation/reference/quality_framework.yaml lists {_names(known)})")
    if len(set(raw)) != len(raw):
        _fail(where, "'quality_indicators' lists the same value twice")
    return tuple(raw)


def _of_concern(raw: Mapping[Any, Any], question_type: str, where: str) -> frozenset[str]:
    """Read the keys of the options whose choice is of concern (checked against the options later)."""
    values = raw.get("of_concern")
    if values is None:
        return frozenset()
    if question_type not in (*CHOICE_TYPES, "yes_no_not_sure"):
        _fail(where, f"'of_concern' is only for questions with options, not {question_type}")
    if not isinstance(values, list) or not values:
        _fail(where, "'of_concern' must be a non-empty list of option keys")
    keys = [_YAML_BOOL_KEYS.get(value, value) for value in values]
    for key in keys:
        if not isinstance(key, str):
            _fail(where, f"'of_concern' lists {_describe(key)}, not an option key")
        if key == PREFER_NOT_TO_SAY:
            _fail(where, f"'of_concern' cannot list '{PREFER_NOT_TO_SAY}'")
    if len(set(keys)) != len(keys):
        _fail(where, "'of_concern' lists the same option twice")
    return frozenset(keys)


def _mark_of_concern(
    wordings: dict[str, Wording], of_concern: frozenset[str], where: str
) -> dict[str, Wording]:
    """Return the wordings with their options of concern marked; fail on a key no band has."""
    if not of_concern:
        return wordings
    known = {option.key for wording in wordings.values() for option in wording.options}
    unknown = sorted(of_concern - known)
    if unknown:
        _fail(where, f"'of_concern' names '{unknown[0]}', which is not an option of this question")
    return {
        band: dataclasses.replace(
            wording,
            options=tuple(
                dataclasses.replace(option, of_concern=option.key in of_concern)
                for option in wording.options
            ),
        )
        for band, wording in wordings.items()
    }


def _check_duplicate_keys(node: yaml.Node, where: str) -> None:
    """Reject a key written twice in one mapping, which safe_load would silently collapse."""
    for name, value_node in _mapping_items(node, where):
        if name == "questions" and isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value, 1):
                _check_question_keys(item, f"{where}: question {_node_key(item, index)}")
        else:
            _check_duplicate_keys(value_node, where)
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, where)


def _check_question_keys(node: yaml.Node, where: str) -> None:
    # Name the band in the message when the repeated key is inside one band's wording.
    for name, value_node in _mapping_items(node, where):
        if name == "wording":
            for band, band_node in _mapping_items(value_node, where):
                _check_duplicate_keys(band_node, f"{where}, band '{band}'")
        else:
            _check_duplicate_keys(value_node, where)


def _mapping_items(node: yaml.Node, where: str) -> list[tuple[str, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    seen: dict[str, int] = {}
    items = []
    for key_node, value_node in node.value:
        name = str(key_node.value)
        line = key_node.start_mark.line + 1
        if name in seen:
            _fail(where, f"'{name}' is written twice (lines {seen[name]} and {line})")
        seen[name] = line
        items.append((name, value_node))
    return items


def _node_key(node: yaml.Node, index: int) -> str:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "key" and isinstance(value_node, yaml.ScalarNode):
                return f"'{value_node.value}'"
    return f"#{index}"


def _parse(path: Path) -> Any:
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _fail(name, f"cannot read the file: {error}")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is not None:
            _check_duplicate_keys(root, name)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        place = f"{name}, line {mark.line + 1}, column {mark.column + 1}" if mark else name
        problem = " ".join(part for part in (error.context, error.problem) if part)
        _fail(place, f"invalid YAML: {problem}")
    except yaml.YAMLError as error:
        _fail(name, f"invalid YAML: {error}")


def load_definition(path: Path) -> SurveyDefinition:
    """Load and validate one survey definition file."""
    path = Path(path)
    where = path.name
    raw = _mapping(_parse(path), where, "the file")
    _check_fields(raw, _SURVEY_FIELDS, where)

    key = raw.get("key")
    # A published copy is named `<key>-<version>.yaml`; the file being edited is `<key>.yaml`.
    published = PUBLISHED_NAME.match(path.stem)
    stem = published.group("key") if published else path.stem
    if key != stem:
        _fail(where, f"'key' must equal the file name stem '{stem}', not {key!r}")
    if not KEY_PATTERN.match(stem):
        _fail(where, "the file name stem must be lower_snake_case")
    version = _positive_int(raw, "version", where)
    if published and version != int(published.group("version")):
        _fail(where, f"'version' must be {published.group('version')}, as the file name says, not {version}")
    audience = raw.get("audience")
    if audience not in AUDIENCES:
        _fail(where, f"unknown audience {audience!r} (expected one of {_names(AUDIENCES)})")
    bands = _bands(raw.get("bands"), audience, where)
    title = str(_text(raw, "title", where))
    intro = str(_text(raw, "intro", where))
    estimated_minutes = _positive_int(raw, "estimated_minutes", where)
    agencies = _agencies(raw.get("agencies"), audience, where)
    option_sets = _option_sets(raw.get("option_sets"), where)

    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not questions_raw:
        _fail(where, "'questions' must be a non-empty list")
    questions = []
    seen: set[str] = set()
    for index, item in enumerate(questions_raw, 1):
        question = _question(item, index, bands, option_sets, where, published=bool(published))
        if question.key in seen:
            _fail(f"{where}: question '{question.key}'", "the question key is used twice")
        seen.add(question.key)
        questions.append(question)

    return SurveyDefinition(
        key=key,
        version=version,
        audience=audience,
        title=title,
        intro=intro,
        estimated_minutes=estimated_minutes,
        bands=bands,
        agencies=agencies,
        questions=tuple(questions),
        path=path,
    )


def load_definitions(directory: Path) -> dict[str, SurveyDefinition]:
    """Load every `*.yaml` survey definition in a directory, keyed by survey key."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise SurveyDefinitionError(f"{directory}: no survey definition files (*.yaml) found")
    return {path.stem: load_definition(path) for path in paths}


def load_versions(directory: Path) -> dict[str, dict[int, SurveyDefinition]]:
    """Load every survey with each of its published versions: survey key -> version -> definition.

    The current files are `directory/*.yaml`; earlier versions are `directory/published/<key>-<n>.yaml`,
    kept so a response finishes on the wording it started with. A question whose words changed
    between two versions must carry a new `wording_version`.
    """
    directory = Path(directory)
    current = load_definitions(directory)
    versions = {key: {survey.version: survey} for key, survey in current.items()}
    for path in sorted((directory / PUBLISHED).glob("*.yaml")):
        survey = load_definition(path)
        where = f"{PUBLISHED}/{path.name}"
        if survey.key not in current:
            _fail(where, f"there is no current survey '{survey.key}.yaml' for this published version")
        if survey.version >= current[survey.key].version:
            _fail(
                where,
                f"a published version must be older than the current one "
                f"({survey.key}.yaml is version {current[survey.key].version})",
            )
        versions[survey.key][survey.version] = survey
    for key, by_version in versions.items():
        versions[key] = dict(sorted(by_version.items()))
        _check_wording_versions(versions[key])
    return versions


def _wording_signature(question: Question) -> tuple[Any, ...]:
    """Return everything a respondent sees and analysis counts of a question, to compare versions."""
    return (
        question.type,
        tuple(
            (band, w.text, w.hint, tuple((o.key, o.label, o.polarity, o.face) for o in w.options))
            for band, w in question.wordings.items()
        ),
    )


def _check_wording_versions(by_version: Mapping[int, SurveyDefinition]) -> None:
    # Answers are pooled by (question key, wording version): one pair must mean one wording.
    seen: dict[tuple[str, int], tuple[int, tuple[Any, ...]]] = {}
    for version, survey in by_version.items():
        for question in survey.questions:
            pair = (question.key, question.wording_version)
            signature = _wording_signature(question)
            if pair in seen and seen[pair][1] != signature:
                _fail(
                    f"{survey.path.name}: question '{question.key}'",
                    f"its wording differs from version {seen[pair][0]} of the survey but its "
                    f"'wording_version' is still {question.wording_version}: give it a new one",
                )
            seen.setdefault(pair, (version, signature))
