"""Settings from the environment, one class per kind of deployment."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

# Languages the respondent pages can offer, each named in itself. A language is offered once
# its catalog exists under translations/ (English, the source language, always is).
LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"name": "English", "dir": "ltr"},
    "gd": {"name": "Gàidhlig", "dir": "ltr"},
    "pl": {"name": "Polski", "dir": "ltr"},
    "uk": {"name": "Українська", "dir": "ltr"},
    "ar": {"name": "العربية", "dir": "rtl"},
    "ur": {"name": "اردو", "dir": "rtl"},
}

MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the app must not start."""


def database_url() -> str:
    """Return the database URL: DATABASE_URL, or embedded SQLite under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        INSTANCE.mkdir(exist_ok=True)
        return f"sqlite:///{INSTANCE / 'participation.db'}"
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _development_secret(name: str = "secret_key") -> str:
    """Return a secret kept in instance/ so sessions survive a restart of `make run`."""
    INSTANCE.mkdir(mode=0o700, exist_ok=True)
    path = INSTANCE / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _listed(name: str, default: str = "") -> list[str]:
    """Return a comma-separated setting as a list, without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _strong_secret(name: str) -> str:
    """Return a secret from the environment, refusing a missing or weak one."""
    secret = os.environ.get(name, "")
    if len(secret) < MIN_SECRET_LENGTH or len(set(secret)) < 10:
        raise ConfigError(f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} characters")
    return secret


def count_from_environment(name: str, default: int = 0) -> int:
    """Read a whole number from the environment, or stop with a message naming the setting."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {value!r}")
    return int(value)


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "development"
    # hide_parameters: a database error's message would otherwise carry an answer's text into the logs.
    # No ping before each request (a round trip to PostgreSQL on every page, about a tenth of its
    # saturation rate in bench/load.py): a connection the server closed (a restart, a failover)
    # fails at the request's first statement, before anything is written, so that respondent sees
    # "please try again" and SQLAlchemy replaces the pool (bench/faults.py postgres-restart passes).
    # Connections are renewed after 10 minutes, before a firewall or proxy drops them idle.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_recycle": 600, "hide_parameters": True}
    MAX_CONTENT_LENGTH = 64 * 1024  # the longest answer is a few KB of text
    WTF_CSRF_TIME_LIMIT = 6 * 60 * 60  # a child may take a long break mid-survey
    # Flask-WTF's strict mode wants a same-origin Referer on HTTPS, and our pages send none
    # (Referrer-Policy: no-referrer keeps the survey address from reaching any other site), so it
    # refused every form in a real deployment. The CSRF token (tied to the session) and SameSite
    # cookies still stop cross-site posts.
    WTF_CSRF_SSL_STRICT = False
    # A survey session ends after this long without an answer (or any other form sent), so whoever
    # picks up the phone later sees nothing. Kept in the signed cookie only: nothing about time is
    # stored in the database. Each form sent renews the cookie (participation/respond/views.py);
    # showing a page does not, which spares every page re-signing it (a tenth of an answer's CPU).
    PERMANENT_SESSION_LIFETIME = dt.timedelta(
        minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    )
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "session"
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    RESUME_CODE_DAYS = int(os.environ.get("RESUME_CODE_DAYS", "14"))
    # Answers are deleted this many days after their inspection's report is published (as the notices say).
    RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
    # Translations not yet reviewed by a fluent person that may be offered: "all" here (development and
    # the demo offer every language); production offers only reviewed ones unless it names others.
    OFFER_UNREVIEWED_LANGUAGES: ClassVar[str | list[str]] = "all"
    # Where respondents report an accessibility problem or ask for another format.
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "enquiries@careinspectorate.gov.scot")
    # Guessing resume codes: a few tries per code, and a per-address limit loose enough that a whole
    # school behind one address is never locked out. No service-wide limit: with 60-bit codes these
    # two make a lucky guess vanishingly rare, and a flood of wrong codes must never lock out someone
    # holding a real one.
    RESUME_LIMIT_PER_CODE = os.environ.get("RESUME_LIMIT_PER_CODE", "10 per hour")
    RESUME_LIMIT_PER_ADDRESS = os.environ.get("RESUME_LIMIT_PER_ADDRESS", "300 per hour")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    # Redis down: keep limiting in each worker's memory rather than answer the resume page with an error.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # How many proxies append to X-Forwarded-For in front of the app (0: none, ignore the header).
    TRUSTED_PROXY_COUNT = count_from_environment("TRUSTED_PROXY_COUNT")
    # Where "Exit this page" sends a respondent: a neutral, busy site.
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")
    SURVEY_DEFINITIONS = ROOT / "participation" / "surveys" / "definitions"
    # Run the free-text analysis as each answer is saved (a disclosure may come just before a quick exit).
    ANALYSE_ON_SAVE = True

    # Host names the app answers to (Host header); empty means any, as in development.
    TRUSTED_HOSTS: ClassVar[list[str] | None] = None

    # --- The inspectors' workspace (participation/workspace/), mounted under WORKSPACE_PATH -------
    # Empty WORKSPACE_PATH: not mounted (the workspace runs on its own host, from workspace_wsgi.py).
    WORKSPACE_PATH = os.environ.get("WORKSPACE_PATH", "/workspace")
    # Where the home page's "Sign in" link goes: the workspace's own host when it has one.
    WORKSPACE_URL = os.environ.get("WORKSPACE_URL", "")
    # The respondent site's address for survey links and posters, when the workspace has its own
    # host; empty means the workspace is mounted on the respondent site's host.
    RESPONDENT_URL = os.environ.get("RESPONDENT_URL", "")
    WORKSPACE_SESSION_COOKIE_NAME = "workspace_session"
    WORKSPACE_IDLE_MINUTES = int(os.environ.get("WORKSPACE_IDLE_MINUTES", "30"))
    # `flask safeguarding alert` e-mails when a queue has new entries (never their words); off
    # unless a host is set. Port 25 with STARTTLS when the server offers it.
    SAFEGUARDING_ALERT_SMTP_HOST = os.environ.get("SAFEGUARDING_ALERT_SMTP_HOST", "")
    SAFEGUARDING_ALERT_SMTP_PORT = int(os.environ.get("SAFEGUARDING_ALERT_SMTP_PORT", "25"))
    SAFEGUARDING_ALERT_TO = os.environ.get("SAFEGUARDING_ALERT_TO", "")
    SAFEGUARDING_ALERT_FROM = os.environ.get("SAFEGUARDING_ALERT_FROM", "")
    WORKSPACE_ABSOLUTE_HOURS = int(os.environ.get("WORKSPACE_ABSOLUTE_HOURS", "12"))
    # Sign-in failures (password or code) from one address for one account, then a wait.
    WORKSPACE_SIGN_IN_FAILURES = 5
    WORKSPACE_SIGN_IN_WAIT_MINUTES = 15
    # Failures for one account from any address in an hour before each further failure is slowed
    # down and recorded: never a lock-out, which a stranger could impose on an inspector.
    WORKSPACE_SLOW_DOWN_AFTER = 10
    WORKSPACE_SLOW_DOWN_MAX_SECONDS = 3.0
    # Requests to the sign-in pages from one address, whatever the account (a flood, not a guess).
    WORKSPACE_SIGN_IN_LIMIT_PER_ADDRESS = os.environ.get(
        "WORKSPACE_SIGN_IN_LIMIT_PER_ADDRESS", "60 per minute"
    )
    WORKSPACE_RECOVERY_CODES = 8
    # argon2-cffi's recommended profile; tests use its cheapest one.
    WORKSPACE_ARGON2_PROFILE = "RFC_9106_LOW_MEMORY"
    # Spreadsheets built in the background are kept here until downloaded (a day at most); empty
    # means instance/exports. Exports read answers this many responses at a time.
    EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER", "")
    EXPORT_BATCH_SIZE = 1000

    def __init__(self) -> None:
        self.SQLALCHEMY_DATABASE_URI = database_url()
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret()
        # Keys the hashes of resume codes and session keys, and the rate limiter's keys: its own
        # secret, so it can be rotated apart from SECRET_KEY (docs/deploy.md says how).
        self.RESPONDENT_KEY = os.environ.get("RESPONDENT_KEY") or _development_secret("respondent_key")
        self.RESPONDENT_KEY_PREVIOUS = _listed("RESPONDENT_KEY_PREVIOUS")
        self.TRUSTED_HOSTS = _listed("TRUSTED_HOSTS") or None


class DevelopmentConfig(Config):
    """Local use with `make run`."""


class TestConfig(Config):
    """Tests: an isolated database, no real services reachable."""

    ENV_NAME = "test"
    __test__ = False  # a config, not a pytest test class
    TESTING = True
    RATELIMIT_STORAGE_URI = "memory://"

    def __init__(self) -> None:
        # A file, not memory, so tests exercise the WAL journal and foreign keys as deployed.
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or (
            f"sqlite:///{Path(tempfile.mkdtemp(prefix='participation-test-')) / 'test.db'}"
        )
        self.SECRET_KEY = "test-secret-key-that-is-long-enough-for-hmac-use"  # noqa: S105 (tests only)
        self.RESPONDENT_KEY = "test-respondent-key-that-is-long-enough-for-hmac"
        self.RESPONDENT_KEY_PREVIOUS = []
        self.TRUSTED_HOSTS = None

        self.WORKSPACE_ARGON2_PROFILE = "CHEAPEST"  # hashing speed is not what the tests are about


class ProductionConfig(Config):
    """A real deployment: secrets from the environment, secure cookies, HSTS."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True

    def __init__(self) -> None:
        self.SECRET_KEY = _strong_secret("SECRET_KEY")
        self.RESPONDENT_KEY = _strong_secret("RESPONDENT_KEY")
        if self.RESPONDENT_KEY == self.SECRET_KEY:
            raise ConfigError("RESPONDENT_KEY must differ from SECRET_KEY")
        self.RESPONDENT_KEY_PREVIOUS = _listed("RESPONDENT_KEY_PREVIOUS")
        self.OFFER_UNREVIEWED_LANGUAGES = _listed("OFFER_UNREVIEWED_LANGUAGES")
        self.TRUSTED_HOSTS = _listed("TRUSTED_HOSTS")
        if not self.TRUSTED_HOSTS:
            raise ConfigError("TRUSTED_HOSTS must name the host names the service answers to")
        if not os.environ.get("DATABASE_URL"):
            raise ConfigError("DATABASE_URL must be set in production")
        self.SQLALCHEMY_DATABASE_URI = database_url()
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}


def config_from_environment() -> Config:
    """Pick the configuration named by APP_ENV (development by default)."""
    name = os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
