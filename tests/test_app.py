"""The app's frame: deny by default, health check, language switcher, survey loading."""

from __future__ import annotations

from unittest import mock

import pytest

from participation.access import is_public


def test_every_route_is_on_the_public_list_or_refused(app):
    # Deny by default: a route added without @public is refused until a role guards it.
    for rule in app.url_map.iter_rules():
        assert is_public(app, rule.endpoint), f"{rule.rule} is not marked public"


def test_a_route_that_is_not_public_is_refused():
    from flask import Flask

    from participation.access import init_access, public

    app = Flask(__name__)
    init_access(app)
    app.add_url_rule("/secret", "secret", lambda: "secret")
    app.add_url_rule("/open", "open", public(lambda: "open"))
    client = app.test_client()
    assert client.get("/secret").status_code == 403
    assert client.get("/open").status_code == 200


def test_the_health_check_queries_the_database(app, respondent):
    response = respondent("").client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_health_check_says_503_when_the_database_is_down(app, respondent):
    from sqlalchemy.exc import OperationalError

    with mock.patch("participation.main.views.db.session.execute",
                    side_effect=OperationalError("SELECT 1", {}, Exception("down"))):
        response = respondent("").client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


def test_html_carries_lang_and_dir(respondent):
    html = respondent("").get("/").html
    assert '<html lang="en" dir="ltr"' in html


def test_the_language_switcher_names_each_language_in_itself(app, surveys, respondent):
    page = respondent("").get(f"/s/{surveys['children']}")
    for code, language in app.config["AVAILABLE_LANGUAGES"].items():
        assert language["name"] in page.text
        assert f'lang="{code}"' in page.html


def test_a_rtl_language_sets_dir_when_its_catalog_exists(tmp_path, monkeypatch):
    from participation.i18n import available_languages, text_direction

    (tmp_path / "ar" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ar" / "LC_MESSAGES" / "messages.po").write_text("")
    assert "ar" in available_languages(tmp_path)
    assert text_direction("ar") == "rtl"


def test_a_broken_survey_definition_stops_the_app(tmp_path):
    from participation import create_app
    from participation.config import TestConfig
    from participation.surveys import SurveyDefinitionError

    (tmp_path / "children.yaml").write_text("key: children\nversion: one\n")
    config = TestConfig()
    config.SURVEY_DEFINITIONS = tmp_path
    with pytest.raises(SurveyDefinitionError, match=r"children\.yaml"):
        create_app(config)
