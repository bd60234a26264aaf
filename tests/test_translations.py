"""The catalogs hold every interface string and every word of the survey definitions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_committed_template_matches_the_source(tmp_path):
    # If this fails, run `make translations-update` and commit the catalogs.
    fresh = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-o", str(fresh), "--no-wrap", "."],
        cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert message_ids(fresh) == message_ids(ROOT / "translations" / "messages.pot")


def test_every_catalog_has_every_message():
    expected = message_ids(ROOT / "translations" / "messages.pot")
    catalogs = list((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
    assert catalogs, "no catalogs found"
    for catalog in catalogs:
        assert message_ids(catalog) == expected, catalog
