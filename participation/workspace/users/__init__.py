"""Admin pages for users and their memberships of inspections, and the `flask users` commands."""

from participation.workspace.users.views import blueprint

__all__ = ["blueprint"]
