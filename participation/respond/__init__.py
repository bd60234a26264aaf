"""Public blueprint: the respondent journey."""

from participation.respond import (
    assisted,  # noqa: F401 (adds the assisted-start page to the blueprint)
    concern,
)
from participation.respond.views import blueprint

concern.register(blueprint)

__all__ = ["blueprint"]
