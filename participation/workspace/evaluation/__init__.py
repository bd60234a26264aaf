"""Quality indicator 2.1's evidence and evaluation, and the draft strengths and areas for development."""

from participation.workspace.evaluation.views import blueprint

__all__ = ["blueprint"]
