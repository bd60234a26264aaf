"""The safeguarding queue of an inspection: flagged answers, their triage, the whole response."""

from participation.workspace.safeguarding.views import blueprint

__all__ = ["blueprint"]
