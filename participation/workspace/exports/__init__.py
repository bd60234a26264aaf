"""Exports of an inspection (figures and answers) and of every inspection (figures): CSV streamed,
XLSX built in the background, each in the audit."""

from participation.workspace.exports.views import blueprint

__all__ = ["blueprint"]
