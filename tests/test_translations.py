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


def test_production_offers_only_reviewed_languages_unless_configured(tmp_path):
    from participation.i18n import available_languages

    for code in ("pl", "ar"):
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / code / "LC_MESSAGES" / "messages.po").write_text("")
    (tmp_path / "reviews.yaml").write_text("pl: {reviewed: true}\nar: {reviewed: false}\n")
    assert set(available_languages(tmp_path, [])) == {"en", "pl"}
    assert set(available_languages(tmp_path, ["ar"])) == {"en", "pl", "ar"}
    assert set(available_languages(tmp_path, "all")) == {"en", "pl", "ar"}


def test_every_translated_language_has_a_review_record():
    import yaml

    reviews = yaml.safe_load((ROOT / "translations" / "reviews.yaml").read_text())
    for catalog in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        code = catalog.parent.parent.name
        assert code == "en" or code in reviews, f"{code} has no entry in translations/reviews.yaml"


def test_the_language_chosen_lasts_through_a_resume_code(app, surveys, respondent):
    import re as regex

    if "ar" not in app.config["AVAILABLE_LANGUAGES"]:
        import pytest

        pytest.skip("no Arabic catalog")
    phone = respondent(surveys["parents"])
    phone.get(f"{phone.base}?lang=ar")
    phone.begin()
    phone.answer(1, answer="prefer_not_to_say")
    code = regex.search(r'id="resume-code">([0-9A-Z-]+)<', phone.get_code().html).group(1)
    other = respondent(surveys["parents"])
    resumed = other.post(f"{other.base}/resume", {"code": code})
    assert resumed.status == 302
    page = other.get(resumed.location)
    assert '<html lang="ar" dir="rtl"' in page.html



PLACEHOLDER = r"%\([a-z_]+\)s|%\{[a-z_]+\}"
# Help that must reach a child whatever language the page is in: the same numbers, digit for digit.
HELP_NUMBERS = ("0800 1111", "0800 028 2233", "999", "101")


def translated_catalogs() -> list[Path]:
    return [path for path in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po")
            if path.parent.parent.name != "en"]


def test_every_translation_is_complete_not_fuzzy_and_keeps_placeholders_and_numbers():
    import re

    problems = []
    for path in translated_catalogs():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            where = f"{path.parent.parent.name}: {ids[0][:60]!r}"
            if message.fuzzy or not all(strings):
                problems.append(f"{where} is untranslated or fuzzy")
                continue
            wanted = set(re.findall(PLACEHOLDER, ids[0]))
            for string in strings:
                if set(re.findall(PLACEHOLDER, string)) != wanted:
                    problems.append(f"{where} changes its placeholders")
                unbidi = string.replace("\u200e", "").replace("\u200f", "")
                for number in HELP_NUMBERS:
                    if re.search(rf"(?<!\d){number}(?!\d)", ids[0]) and number not in unbidi:
                        problems.append(f"{where} loses the number {number}")
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
