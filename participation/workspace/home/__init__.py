"""The workspace home page: the user's inspections, and admin pages for admins."""

from participation.workspace.home.views import blueprint

__all__ = ["blueprint"]
