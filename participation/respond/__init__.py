"""Public blueprint: the respondent journey."""

from participation.respond.views import blueprint

__all__ = ["blueprint"]
