"""Public blueprint: the respondent journey."""

from participation.respond import concern
from participation.respond.views import blueprint

concern.register(blueprint)

__all__ = ["blueprint"]
