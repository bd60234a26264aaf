"""A real browser answers over HTTPS with the production configuration (no Referer is ever sent)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.serving import make_server

from participation.extensions import db
from participation.models import Answer

pytestmark = pytest.mark.browser


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """Make a throwaway certificate for 127.0.0.1 with openssl."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a test certificate")
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments, our own files
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True, timeout=60,
    )
    return certificate, key


@pytest.fixture
def https_server(production_app: Flask, tmp_path: Path) -> Iterator[str]:
    """Serve the production app over TLS on 127.0.0.1; yield its base URL."""
    production_app.config["TRUSTED_HOSTS"] = ["127.0.0.1"]
    certificate, key = self_signed_certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server = make_server("127.0.0.1", 0, production_app, threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_a_parent_answers_over_https_in_a_real_browser(chromium_browser, https_server, production_app,
                                                       surveys):
    context = chromium_browser.new_context(base_url=https_server, ignore_https_errors=True)
    page = context.new_page()
    sent_referers: list[str | None] = []
    page.on("request", lambda request: sent_referers.append(request.headers.get("referer")))
    page.goto(f"/s/{surveys['parents']}")
    page.get_by_role("button", name="Start now").click()
    expect(page).to_have_url(f"{https_server}/s/{surveys['parents']}/q/1")
    page.get_by_label("I'd rather not say").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{https_server}/s/{surveys['parents']}/q/2")
    context.close()
    assert not any(sent_referers), "a page sent a Referer"
    with production_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
