"""Live responses of an inspection: counts from one query layer, charts drawn on the server."""

from participation.workspace.dashboard.views import blueprint

__all__ = ["blueprint"]
