"""Serve the built front-end assets light: fingerprinted names, year-long caching, compression.

`make assets` (build-assets.mjs) writes every stylesheet, script and icon under a name that carries
its content's hash, pre-compressed as .br and .gz, with manifest.json mapping each plain name to
its file. WhiteNoise serves them from that folder with the encoding the browser accepts, and
Flask-Compress compresses the HTML of every page.
"""

from __future__ import annotations

import json
from pathlib import Path
from wsgiref.headers import Headers

from flask import Flask, current_app, url_for
from flask_compress import Compress
from whitenoise import WhiteNoise

from participation.config import ROOT
from participation.security import set_asset_headers

BUNDLE = ROOT / "participation" / "static" / "govuk"

# Pages are small and dynamic: brotli at quality 6 takes about half a millisecond on a 5 KB page
# (its best quality takes 40 ms for 15% fewer bytes). Only HTML and JSON are compressed on the
# fly; the assets were compressed once, at their best, by the build.
COMPRESS_SETTINGS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": ["text/html", "application/json"],
    "COMPRESS_BR_LEVEL": 6,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 200,
}


class AssetsNotBuilt(RuntimeError):
    """The manifest the build writes is missing or does not name an asset."""


def read_manifest(bundle: Path) -> dict[str, str]:
    """Return the build's map of plain names to fingerprinted files (empty when not built)."""
    try:
        return json.loads((bundle / "manifest.json").read_text())
    except FileNotFoundError:
        return {}


def asset_url(name: str) -> str:
    """Return the URL of a built asset by its plain name, e.g. asset_url("app.css")."""
    bundle: Path = current_app.extensions["assets"]["bundle"]
    if current_app.debug:  # a rebuild while the development server runs renames the files
        current_app.extensions["assets"]["manifest"] = read_manifest(bundle)
    manifest = current_app.extensions["assets"]["manifest"]
    if name not in manifest:
        raise AssetsNotBuilt(f"No built asset {name!r} in {bundle}: run `make assets` to build the front end")
    return url_for("static", filename=f"{bundle.name}/{manifest[name]}")


def init_assets(app: Flask, bundle: Path = BUNDLE) -> None:
    """Serve the bundle's fingerprinted files, compress pages, and give templates asset_url.

    The bundle is a folder under the app's static folder that the build writes with its manifest."""
    manifest = read_manifest(bundle)
    if not manifest:
        app.logger.warning("The front-end assets are not built in %s: run `make assets`", bundle)
    app.extensions["assets"] = {"bundle": bundle, "manifest": manifest}
    app.jinja_env.globals["asset_url"] = asset_url

    def fingerprinted(path: str) -> bool:
        return Path(path).name in app.extensions["assets"]["manifest"].values()

    def headers(headers: Headers, path: str, url: str) -> None:
        set_asset_headers(headers, immutable=fingerprinted(path))

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app,
        root=str(bundle) if bundle.is_dir() else None,
        prefix=f"{app.static_url_path}/{bundle.name}/",
        allow_all_origins=False,
        autorefresh=app.debug,
        add_headers_function=headers,
    )
    for key, value in COMPRESS_SETTINGS.items():
        app.config.setdefault(key, value)
    Compress(app)
