"""Every free-text answer of an inspection, searched and filtered, and inspectors' corrections."""

from participation.workspace.answers.views import blueprint

__all__ = ["blueprint"]
