"""Keys for rate limits that never hold an address or a code in a form that can be read back.

The limiter's store (memory or Redis) keeps its keys for the length of a limit. A plain hash of an
IPv4 address can be reversed by trying all four billion, so each key is an HMAC under a key that
changes every day: derived from RESPONDENT_KEY and the date, so every worker and host agrees on
it without sharing state, and yesterday's keys cannot be linked to today's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import abort, current_app, request


def _day_key(day: dt.date) -> bytes:
    secret = current_app.config["RESPONDENT_KEY"].encode()
    return hmac.new(secret, f"rate-limit-key:{day.isoformat()}".encode(), hashlib.sha256).digest()


def limiter_key(kind: str, value: str, day: dt.date | None = None) -> str:
    """Return the limiter key of a value (an address, a typed code, an account) for today."""
    day = day or dt.datetime.now(dt.UTC).date()
    digest = hmac.new(_day_key(day), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:32]}"


def refuse_oversized_streams() -> None:
    """Refuse with 413 a body sent without a length (chunked) that goes past MAX_CONTENT_LENGTH.

    Werkzeug stops reading such a stream at the limit and parses what it has read, so an answer
    would be cut short without a word; reading it here first turns that into a clear refusal.
    """
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is None or request.content_length is not None or request.method in ("GET", "HEAD"):
        return
    if "wsgi.input_terminated" not in request.environ:
        return  # Werkzeug reads no body at all without a length from such a server
    if len(request.get_data(cache=True)) >= limit:
        abort(413)
