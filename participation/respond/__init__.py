"""Public blueprint: the respondent journey."""

from participation.respond import (
    assisted,  # noqa: F401 (adds the assisted-start page to the blueprint)
    concern,
    told_us,
)
from participation.respond.views import blueprint

concern.register(blueprint)
told_us.register(blueprint)

__all__ = ["blueprint"]
