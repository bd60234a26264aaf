"""One log line per request: the route's name, the method, the status and the time taken.

A request's address, path and query hold the respondent's IP and the survey token; kept with the time,
they can be matched with the order answers were saved in and undo anonymity. So the line is built from
the endpoint name, never from the request's address, path, query, headers or body, whatever server runs
the app. Gunicorn's own access log is off (gunicorn.conf.py): this line replaces it.
"""

from __future__ import annotations

import logging
import sys
import time

from flask import Flask, Response, g, request, request_finished, request_started

log = logging.getLogger("participation.requests")


def describe(endpoint: str | None, method: str, status: int, milliseconds: float) -> str:
    """Return the line for one request; a request that matched no route is named "-"."""
    return f"route={endpoint or '-'} method={method} status={status} ms={milliseconds:.0f}"


def _started(sender: Flask, **_extra) -> None:
    g.request_log_start = time.perf_counter()


def _finished(sender: Flask, response: Response, **_extra) -> None:
    # The start is missing only when the request failed before Flask's dispatch began.
    start = g.get("request_log_start", time.perf_counter())
    milliseconds = (time.perf_counter() - start) * 1000
    log.info(describe(request.endpoint, request.method, response.status_code, milliseconds))


def init_request_log(app: Flask) -> None:
    """Log one line per request of this app, to stderr unless logging is configured elsewhere."""
    if log.level == logging.NOTSET:
        log.setLevel(logging.INFO)
    if not log.hasHandlers():
        # `flask run` and a bare WSGI server configure no logging: without a handler the lines
        # would vanish (Python only prints warnings and worse when nothing is configured).
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
    # The signals fire around every request, even one a before_request hook answered.
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)
