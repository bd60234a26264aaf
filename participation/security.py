"""The one place that sets security headers, and the per-request CSP nonce."""

from __future__ import annotations

import secrets
from wsgiref.headers import Headers

from flask import Flask, Response, g

CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'; "
    "base-uri 'none'; "
    "object-src 'none'"
)


def csp_nonce() -> str:
    """Return this request's nonce, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def set_security_headers(response: Response, hsts: bool, csp: str = CSP) -> Response:
    """Add the headers every response carries (with the app's own content security policy)."""
    response.headers["Content-Security-Policy"] = csp.format(nonce=csp_nonce())
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    # The servers' own Server headers name their versions; this one replaces them.
    response.headers["Server"] = "participation"
    if response.mimetype == "text/html" or response.mimetype == "application/json":
        # Someone else may pick up the phone: no page of answers may come back from a cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    if hsts:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


# A fingerprinted asset never changes under its name: cache it for a year and never ask again.
IMMUTABLE_ASSET_CACHE = "public, max-age=31536000, immutable"


def set_asset_headers(headers: Headers, immutable: bool) -> None:
    """Set the headers of a static asset: the year-long cache when its name is fingerprinted."""
    headers["Cache-Control"] = IMMUTABLE_ASSET_CACHE if immutable else "no-cache"
    headers["X-Content-Type-Options"] = "nosniff"


def init_security(app: Flask, csp: str = CSP) -> None:
    """Register the header hook and make the nonce available to templates."""
    hsts = bool(app.config.get("HSTS"))
    app.after_request(lambda response: set_security_headers(response, hsts, csp))
    app.jinja_env.globals["csp_nonce"] = csp_nonce
