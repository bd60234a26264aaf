"""Public pages that are not part of one survey: home, help, quick exit, health check."""

from participation.main.views import blueprint

__all__ = ["blueprint"]
