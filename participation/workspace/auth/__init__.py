"""Signing in (password, then two-factor), a user's own account, signing out."""

from participation.workspace.auth.views import blueprint

__all__ = ["blueprint"]
