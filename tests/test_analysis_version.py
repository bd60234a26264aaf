"""The analysis's version is a plain string, and the digest stored with each reading follows it."""

from __future__ import annotations

import re
from unittest import mock

import analysis
from participation import analysis_store


def test_the_analysis_has_a_plain_version_string() -> None:
    assert isinstance(analysis.__version__, str)
    assert re.fullmatch(r"\d+\.\d+\.\d+", analysis.__version__)


def test_the_stored_readings_digest_changes_with_the_version() -> None:
    current = analysis_store._digest_of_analysis()
    assert analysis_store._digest_of_analysis() == current
    with mock.patch.object(analysis, "__version__", analysis.__version__ + ".1"):
        assert analysis_store._digest_of_analysis() != current
