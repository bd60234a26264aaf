"""Survey definitions: the three surveys as data, loaded and validated without Flask.

See docs/survey-definitions.md for the file format and the loaded objects.
"""

from pathlib import Path

from analysis.theme_list import THEMES

from .loader import load_definition, load_definitions, load_versions
from .models import (
    AIMS,
    AUDIENCES,
    CHILDREN_BANDS,
    DEFAULT_MAX_LENGTH,
    DOES_NOT_APPLY,
    FACES,
    POLARITIES,
    PREFER_NOT_TO_SAY,
    PREFER_NOT_TO_SAY_LABEL,
    PREFER_NOT_TO_SAY_OPTION,
    QUESTION_TYPES,
    Option,
    Question,
    SurveyDefinition,
    SurveyDefinitionError,
    Wording,
)

# The shipped definition files, so callers need not work out the path themselves.
DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

__all__ = [
    "AIMS",
    "AUDIENCES",
    "CHILDREN_BANDS",
    "DEFAULT_MAX_LENGTH",
    "DEFINITIONS_DIR",
    "DOES_NOT_APPLY",
    "FACES",
    "POLARITIES",
    "PREFER_NOT_TO_SAY",
    "PREFER_NOT_TO_SAY_LABEL",
    "PREFER_NOT_TO_SAY_OPTION",
    "QUESTION_TYPES",
    "THEMES",
    "Option",
    "Question",
    "SurveyDefinition",
    "SurveyDefinitionError",
    "Wording",
    "load_definition",
    "load_definitions",
    "load_versions",
]
