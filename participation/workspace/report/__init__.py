"""The printed report of an inspection: its findings by theme and by aim, quality indicator 2.1,
and the strengths and areas for development inspectors kept, as a page and as a PDF."""

from participation.workspace.report.views import blueprint

__all__ = ["blueprint"]
