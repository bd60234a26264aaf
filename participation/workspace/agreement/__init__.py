"""The review sample of an inspection's answers and the analysis's agreement with inspectors on it."""

from participation.workspace.agreement.views import blueprint

__all__ = ["blueprint"]
