"""Inspectors write, approve and publish the "what you told us" page of each survey."""

from participation.workspace.told_us.views import blueprint

__all__ = ["blueprint"]
