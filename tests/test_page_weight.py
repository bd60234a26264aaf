"""Pages stay light on a phone: every page of every journey within its byte budget, assets sent
compressed under fingerprinted names with a year-long immutable cache, pages compressed and never
cached. Sizes, not timings: the same code always sends the same bytes."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from bench.page_weight import FIRST_VISIT_BUDGET, LATER_VISIT_BUDGET, PageParser, weigh_journey

JOURNEYS = [("children", "5-7"), ("children", "8-11"), ("children", "12-17"), ("parents", None),
            ("staff", None)]


def loads(html: str) -> list[str]:
    parser = PageParser()
    parser.feed(html)
    return parser.loads


@pytest.mark.parametrize(("survey", "band"), JOURNEYS, ids=[band or survey for survey, band in JOURNEYS])
def test_every_page_of_a_journey_is_within_its_budget(app, surveys, survey, band):
    weights = weigh_journey(app.test_client(), surveys[survey], band)

    names = [w.name for w in weights]
    assert names[0] == "start" and names[-1] == "done" and "check" in names
    questions = app.extensions["survey_definitions"][survey].questions
    assert sum(name.startswith("q") for name in names) == len(questions)
    for weight in weights:
        assert weight.first_visit <= FIRST_VISIT_BUDGET, (weight.name, weight.first_visit, weight.assets)
        assert weight.later is None or weight.later <= LATER_VISIT_BUDGET, (weight.name, weight.later)
        assert weight.first_visit * 10 < weight.baseline, weight.name  # a tenth of what it was
    assert all(w.later is not None for w in weights[1:])


def test_assets_are_sent_compressed_with_a_year_long_immutable_cache(surveys, respondent):
    client = respondent(surveys["children"]).client
    assets = loads(client.get(f"/s/{surveys['children']}").get_data(as_text=True))
    assert any(url.endswith(".css") for url in assets) and any(url.endswith(".js") for url in assets)
    for url in assets:
        plain = client.get(url)
        assert plain.status_code == 200
        assert plain.headers.get("Content-Encoding") is None
        assert re.search(r"\.[A-Z2-7]{8}\.(css|js|svg)$", url), f"{url} is not fingerprinted"
        cache = plain.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache
        assert plain.headers["X-Content-Type-Options"] == "nosniff"
        for accepted, encoding, decompress in (("gzip, br", "br", brotli.decompress),
                                               ("gzip", "gzip", gzip.decompress)):
            sent = client.get(url, headers={"Accept-Encoding": accepted})
            assert sent.headers["Content-Encoding"] == encoding, url
            assert "Accept-Encoding" in sent.headers["Vary"]
            assert len(sent.get_data()) < len(plain.get_data())
            assert decompress(sent.get_data()) == plain.get_data()


def test_pages_are_sent_compressed_and_never_cached(surveys, respondent):
    client = respondent(surveys["parents"]).client
    for path in ("/", f"/s/{surveys['parents']}", "/help"):
        plain = client.get(path)
        sent = client.get(path, headers={"Accept-Encoding": "gzip, br"})
        assert sent.headers["Content-Encoding"] == "br"
        assert brotli.decompress(sent.get_data()).count(b"<h1") == 1
        assert len(sent.get_data()) * 2 < len(plain.get_data())
        for response in (plain, sent):
            assert response.headers["Cache-Control"] == "no-store"
            assert "Accept-Encoding" in response.headers["Vary"]


def test_an_asset_name_that_is_not_built_is_not_found(surveys, respondent):
    client = respondent("").client
    assert client.get("/static/govuk/app.css").status_code == 404
    assert client.get("/static/govuk/app.AAAAAAAA.css").status_code == 404


def test_scripts_load_only_on_pages_with_their_component(app, surveys, respondent):
    person = respondent(surveys["staff"])  # the survey with every kind of question
    person.begin()
    questions = app.extensions["survey_definitions"]["staff"].questions
    kinds = {question.type: number for number, question in enumerate(questions, start=1)}
    assert {"free_text", "multiple_choice"} <= kinds.keys()

    def scripts(path: str) -> set[str]:
        return scripts_in(person.get(path).html)

    single = next(n for n, q in enumerate(questions, start=1) if q.type in ("scale", "single_choice"))
    assert scripts(f"{person.base}/q/{single}") == {"app.js"}
    assert scripts(f"{person.base}/q/{kinds['free_text']}") == {"app.js", "character-count.js"}
    assert scripts(f"{person.base}/q/{kinds['multiple_choice']}") == {"app.js", "checkboxes.js"}
    problem = person.post(f"{person.base}/q/{single}", {"answer": "not-an-option"})
    assert problem.status == 400
    assert scripts_in(problem.html) == {"app.js", "error-summary.js"}


def scripts_in(html: str) -> set[str]:
    return {re.sub(r"\.[A-Z2-7]{8}\.js$", ".js", url.rsplit("/", 1)[-1])
            for url in loads(html) if url.endswith(".js")}


def test_right_to_left_styles_load_only_on_right_to_left_pages(app, surveys, respondent, monkeypatch):
    languages = dict(app.config["AVAILABLE_LANGUAGES"])
    languages["ar"] = {"name": "العربية", "dir": "rtl"}
    monkeypatch.setitem(app.config, "AVAILABLE_LANGUAGES", languages)
    person = respondent(surveys["children"])

    def stylesheets(html: str) -> list[str]:
        return [url.rsplit("/", 1)[-1].split(".")[0] for url in loads(html) if url.endswith(".css")]

    english = person.get(person.base).html
    assert 'dir="ltr"' in english and stylesheets(english) == ["app"]
    arabic = person.get(f"{person.base}?lang=ar").html
    assert '<html lang="ar" dir="rtl"' in arabic and stylesheets(arabic) == ["app", "rtl"]


def test_pages_without_a_built_front_end_say_how_to_build_it(tmp_path):
    from flask import Flask, render_template_string

    from participation.assets import AssetsNotBuilt, init_assets

    bare = Flask(__name__, static_folder=str(tmp_path))
    init_assets(bare, bundle=tmp_path / "govuk")
    with bare.test_request_context(), pytest.raises(AssetsNotBuilt, match="make assets"):
        render_template_string("{{ asset_url('app.css') }}")
