"""An inspection's surveys: open and close them, their links and posters, assisted-response links."""

from participation.workspace.surveys.views import blueprint

__all__ = ["blueprint"]
