"""Frozen objects a loaded survey definition is made of, and the fixed vocabularies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


def N_(message: str) -> str:
    """Return the message unchanged; mark it for extraction (translated at render time)."""
    return message


QUESTION_TYPES: tuple[str, ...] = (
    "scale",
    "single_choice",
    "multiple_choice",
    "yes_no_not_sure",
    "free_text",
)
# Types whose options come from the definition file (yes_no_not_sure has built-in options).
CHOICE_TYPES: frozenset[str] = frozenset({"scale", "single_choice", "multiple_choice"})
AIMS: tuple[int, ...] = (1, 2, 3, 4)
AUDIENCES: tuple[str, ...] = ("children", "parents", "staff")
CHILDREN_BANDS: tuple[str, ...] = ("5-7", "8-11", "12-17")
ALL_BAND = "all"
# Bands a survey must declare, by audience.
BANDS_BY_AUDIENCE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"children": CHILDREN_BANDS, "parents": (ALL_BAND,), "staff": (ALL_BAND,)}
)
# Bands that answer every scale question on a faces scale.
FACES_BANDS: frozenset[str] = frozenset({"5-7", "8-11"})
# "does_not_apply" (e.g. "I am not a kinship carer") is left out of the base of "percentage
# positive", like "I'd rather not say"; the other three are counted in it.
DOES_NOT_APPLY = "does_not_apply"
POLARITIES: tuple[str, ...] = ("positive", "neutral", "negative", DOES_NOT_APPLY)
# A quality indicator of the inspection framework, e.g. "2.1" (the framework itself is data elsewhere).
QUALITY_INDICATOR_PATTERN = r"^[1-9][0-9]?\.[1-9][0-9]?$"
FACES: tuple[str, ...] = ("very_happy", "happy", "okay", "sad", "very_sad")
DEFAULT_MAX_LENGTH = 2000

PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = N_("I'd rather not say")

# Built-in options of yes_no_not_sure questions: (key, label, default polarity).
YES_NO_NOT_SURE: tuple[tuple[str, str, str], ...] = (
    ("yes", N_("Yes"), "positive"),
    ("no", N_("No"), "negative"),
    ("not_sure", N_("Not sure"), "neutral"),
)


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option (or one staff agency): a stable key and an English label."""

    key: str
    label: str
    polarity: str | None = None
    face: str | None = None


# Appended to every question's options; no polarity, so it stays out of "percentage positive".
PREFER_NOT_TO_SAY_OPTION = Option(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL, None, None)


@dataclass(frozen=True, slots=True)
class Wording:
    """The words of a question for one band, with its options (the last is "I'd rather not say")."""

    text: str
    hint: str | None
    options: tuple[Option, ...]

    def option(self, key: str) -> Option:
        """Return the option with this key; raise KeyError if there is none."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)

    @property
    def option_keys(self) -> tuple[str, ...]:
        """Return the keys of the options, in order."""
        return tuple(option.key for option in self.options)


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its stable key, type, themes, aims and wording per band.

    `wording_version` changes whenever the question's words, options or polarities change, so
    answers are only pooled across survey versions where respondents saw the same question.
    """

    key: str
    type: str
    themes: tuple[str, ...]
    aims: tuple[int, ...]
    max_length: int | None  # only free_text questions have one
    wordings: Mapping[str, Wording] = field(default_factory=lambda: MappingProxyType({}))
    wording_version: int = 1
    quality_indicators: tuple[str, ...] = ()

    def wording(self, band: str) -> Wording:
        """Return the wording for a band; raise KeyError if the survey has no such band."""
        return self.wordings[band]

    def __hash__(self) -> int:
        # A read-only mapping is not hashable itself; hash its items so questions can be
        # set members and dict keys like the other frozen objects.
        fields = (self.key, self.type, self.themes, self.aims, self.max_length,
                  self.wording_version, self.quality_indicators)
        return hash((*fields, tuple(self.wordings.items())))

    @property
    def comparable_key(self) -> str:
        """Return the key under which answers are pooled: the key and its wording version."""
        return f"{self.key}@{self.wording_version}"


@dataclass(frozen=True, slots=True)
class SurveyDefinition:
    """One validated survey definition file."""

    key: str
    version: int
    audience: str
    title: str
    intro: str
    estimated_minutes: int
    bands: tuple[str, ...]
    agencies: tuple[Option, ...]
    questions: tuple[Question, ...]
    path: Path

    def question(self, key: str) -> Question:
        """Return the question with this key; raise KeyError if there is none."""
        for question in self.questions:
            if question.key == key:
                return question
        raise KeyError(key)

    @property
    def question_keys(self) -> tuple[str, ...]:
        """Return the question keys in the order they are asked."""
        return tuple(question.key for question in self.questions)


class SurveyDefinitionError(ValueError):
    """A survey definition file is broken; the message names the file, where, and the problem."""


def clean_text(value: str) -> str:
    """Strip surrounding whitespace, as both the loader and the extractor do, so msgids match."""
    return value.strip()
