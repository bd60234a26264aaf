"""X-Forwarded-For and -Proto are believed only from the number of proxies the deployment configures."""

from __future__ import annotations

import pytest
from flask import Flask, jsonify, request

from participation import create_app
from participation.config import ConfigError, TestConfig, count_from_environment
from participation.proxy import init_proxy
from tests.conftest import Respondent


def app_behind(count: int) -> Flask:
    """A bare app that reports the address and scheme it believes, wired as create_app wires ours."""
    app = Flask(__name__)
    app.config["TRUSTED_PROXY_COUNT"] = count
    init_proxy(app)

    @app.get("/whoami")
    def whoami():
        return jsonify(address=request.remote_addr, scheme=request.scheme)

    return app


def seen(app: Flask, **headers: str) -> dict:
    return app.test_client().get("/whoami", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.5"}).json


def test_with_no_proxy_the_forwarding_headers_are_ignored():
    assert seen(app_behind(0), **{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}) == {
        "address": "10.0.0.5", "scheme": "http"}


def test_behind_one_proxy_its_entry_is_believed_and_a_forged_one_is_not():
    app = app_behind(1)
    assert seen(app, **{"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}) == {
        "address": "203.0.113.7", "scheme": "https"}
    # The client sent its own X-Forwarded-For; the proxy appended the real address after it.
    assert seen(app, **{"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})["address"] == "203.0.113.7"


def test_behind_two_proxies_the_address_the_outer_one_saw_is_believed():
    forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7, 10.0.0.9"}
    assert seen(app_behind(2), **forwarded)["address"] == "203.0.113.7"


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_proxy_count_that_is_not_a_whole_number_stops_the_app(monkeypatch, value):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", value)
    with pytest.raises(ConfigError, match="TRUSTED_PROXY_COUNT must be a whole number"):
        count_from_environment("TRUSTED_PROXY_COUNT")


def respondent_at(app: Flask, token: str, forwarded_for: str) -> Respondent:
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Respondent(client, token)


@pytest.mark.parametrize("count, second_address_status", [(0, 429), (1, 400)])
def test_the_per_address_resume_limit_keys_on_the_forwarded_address_only_behind_a_proxy(
        app, surveys, count, second_address_status):
    config = TestConfig()
    config.SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]  # where `surveys` wrote
    config.TRUSTED_PROXY_COUNT = count
    config.RESUME_LIMIT_PER_ADDRESS = "2 per hour"
    proxied = create_app(config)
    token = surveys["parents"]
    first = respondent_at(proxied, token, "203.0.113.7")
    assert [first.post(f"/s/{token}/resume", {"code": code}).status
            for code in ("AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF")] == [400, 400]
    # Another respondent behind another address: its own allowance only when the proxy is trusted.
    second = respondent_at(proxied, token, "203.0.113.8")
    assert second.post(f"/s/{token}/resume", {"code": "GGGG-HHHH-JJJJ"}).status == second_address_status
