"""The inspection's questions: results by aim, involvement and wellbeing, confidence in leaders."""

from participation.workspace.questions.views import blueprint

__all__ = ["blueprint"]
