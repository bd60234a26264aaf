"""Themed findings of an inspection: what each survey said, theme by theme, with its evidence."""

from participation.workspace.findings.views import blueprint

__all__ = ["blueprint"]
