"""Gunicorn's settings for `make serve` and for production (docs/deploy.md).

Environment: HOST and PORT (127.0.0.1:8000), WEB_CONCURRENCY (worker processes, the CPU count by
default; gunicorn itself refuses a value that is not a number, with a traceback, before reading this
file), GUNICORN_THREADS (threads per worker, 4), GUNICORN_LOG_LEVEL (info), and the app's own settings
(APP_ENV and the rest, checked here before any worker starts).

Nothing written here may name a respondent: gunicorn's access log is off, because its lines are made of
the client's address and the request's path, and the path holds the survey token. The app logs one line
per request itself (participation/request_log.py), and the error log below drops the address and the
path from the two messages of gunicorn's that carry them.
"""

from __future__ import annotations

import os
import sys

from gunicorn import glogging


def _stop(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(2)  # not an Exception: gunicorn lets it end the process with this status


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        _stop(f"{name} must be a whole number of at least 1, not {value!r}")
    return int(value)


def _check_app_settings() -> None:
    """Stop with one line before any worker starts when the app's settings are missing or unsafe."""
    try:
        from participation.config import config_from_environment

        config_from_environment()
    except ImportError:
        return  # started from another directory: the workers will report it
    except RuntimeError as error:  # ConfigError, which reading the settings at import raises too
        _stop(str(error))


class AnonymousLogger(glogging.Logger):
    """Gunicorn's logger, without the access log and without addresses or paths in its errors."""

    def access(self, resp, req, environ, request_time) -> None:
        """Write nothing: the app logs each request by its route's name."""

    def warning(self, msg, *args, **kwargs) -> None:
        # "Invalid request from ip=...: <the error, which may quote the request line>"
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg, args = "Invalid request refused", ()
        super().warning(msg, *args, **kwargs)

    def exception(self, msg, *args, **kwargs) -> None:
        # "Error handling request <method> <path>": keep the traceback, drop the path.
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            msg, args = "Error handling request", ()
        super().exception(msg, *args, **kwargs)


def _cpus() -> int:
    """Count the CPUs this process may run on (a container's share, not the whole machine's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


_check_app_settings()

wsgi_app = "wsgi:app"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"]

# One process per CPU, not the (2 x CPUs) + 1 of gunicorn's guide: that rule suits single-threaded
# workers waiting on I/O, whereas saving an answer runs the free-text analysis, which is CPU work under
# one interpreter lock per process. Threads cover the waits on the database and on slow phones; each
# thread holds at most one database connection, so a host uses workers x threads connections.
workers = _count("WEB_CONCURRENCY", _cpus())
worker_class = "gthread"
threads = _count("GUNICORN_THREADS", 4)

# A request that takes 30 s is stuck (an answer saves in milliseconds): restart its worker. On a
# deploy, give requests in flight as long to finish, so no answer is lost mid-save.
timeout = 30
graceful_timeout = 30
# Longer than gunicorn's 2 s so a proxy that keeps upstream connections open reuses them; the
# proxy's own idle timeout towards the app must be shorter than this.
keepalive = 5
# Replace each worker after about 20,000 requests (staggered so they never restart together), so
# memory that slowly builds up in a long-lived process is given back. Not more often: a new worker
# imports the app and builds the analysis's automata, about two CPU seconds, and recycling every
# thousand requests cost a quarter of the server's CPU under load (bench/load.py, profiled with py-spy).
max_requests = 20000
max_requests_jitter = 2000

# ProxyFix in the app decides which forwarding headers to believe (TRUSTED_PROXY_COUNT); gunicorn
# believing some of them too, from its own list of addresses, would make two places to configure.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
# Several gunicorns on one machine (blue-green deploys, the tests) would share one control socket.
control_socket_disable = True

logger_class = AnonymousLogger
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "root": {"level": "WARNING", "handlers": ["errors"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["errors"], "propagate": False},
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        "participation.requests": {"level": "INFO", "handlers": ["requests"], "propagate": False},
    },
    "handlers": {
        "errors": {"class": "logging.StreamHandler", "formatter": "errors", "stream": "ext://sys.stderr"},
        "requests": {"class": "logging.StreamHandler", "formatter": "requests", "stream": "ext://sys.stdout"},
    },
    "formatters": {
        "errors": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(name)s: %(message)s"},
        "requests": {"format": "%(asctime)s %(message)s"},
    },
}
