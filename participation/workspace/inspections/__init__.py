"""An inspection's pages (its overview; surveys, links and posters build on it)."""

from participation.workspace.inspections.views import blueprint

__all__ = ["blueprint"]
