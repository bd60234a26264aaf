"""Serve the app (or the bare-insert ceiling) with gunicorn on loopback, against a scratch database.

Gunicorn is started with explicit arguments mirroring the production settings (gthread workers, one
per core, 4 threads, 5 s keep-alive, workers recycled every ~20,000 requests). `--gunicorn-config
gunicorn.conf.py` on the bench scripts uses that file instead, once it exists on main.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, insert

from participation.models import Inspection, Survey

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class Gunicorn:
    """How to start gunicorn: explicit settings, or a config file (gunicorn.conf.py) in their place."""

    workers: int = 2
    threads: int = 4
    config: str | None = None

    def arguments(self, app: str, port: int) -> list[str]:
        bind = ["--bind", f"127.0.0.1:{port}"]
        if self.config:
            return ["--config", self.config, *bind, app]
        return [
            "--worker-class", "gthread", "--workers", str(self.workers), "--threads", str(self.threads),
            "--keep-alive", "5", "--timeout", "30", "--graceful-timeout", "30",
            "--max-requests", "20000", "--max-requests-jitter", "2000",
            "--no-control-socket", "--log-level", "warning", *bind, app,
        ]

    def environment(self) -> dict[str, str]:
        """Return what gunicorn.conf.py reads for the same settings."""
        return {"WEB_CONCURRENCY": str(self.workers), "GUNICORN_THREADS": str(self.threads)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    """Return the app's environment: development settings (plain HTTP cookies) on `database_url`.

    Production would insist on HTTPS-only cookies, which a loopback HTTP client never sends back;
    everything else a request does (CSRF, validation, analysis, escaping) is the same.
    """
    env = dict(os.environ)
    env.update({
        "APP_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRETS[0],
        "RESPONDENT_KEY": SECRETS[1],
        "TRUSTED_HOSTS": "127.0.0.1",
        "RATELIMIT_STORAGE_URI": "memory://",
        "PYTHONPATH": str(ROOT),
        "FLASK_APP": "wsgi.py",
    })
    env.update(extra)
    return env


SECRETS = (secrets.token_urlsafe(48), secrets.token_urlsafe(48))


class Server:
    """A gunicorn master serving `app` on 127.0.0.1, with its workers."""

    def __init__(self, app: str, env: dict[str, str], gunicorn: Gunicorn, log: Path,
                 ready_path: str = "/healthz", port: int | None = None) -> None:
        self.app, self.env, self.gunicorn, self.log = app, env, gunicorn, log
        self.ready_path = ready_path
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> Server:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), *self.gunicorn.arguments(self.app, self.port)],
                cwd=ROOT, env={**self.env, **self.gunicorn.environment()},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: see {self.log}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=5):
                    pass
                if len(self.workers()) >= self.expected_workers():
                    return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: see {self.log}")

    def expected_workers(self) -> int:
        return 1 if self.gunicorn.config else self.gunicorn.workers

    def workers(self) -> list[int]:
        """Return the process ids of the master's workers."""
        if self.process is None:
            return []
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    found.append(int(entry.name))
        return found

    def cpu_seconds(self) -> float:
        """Return the CPU time of the master and every worker it has had, living or recycled."""
        if self.process is None:
            return 0.0
        tick = os.sysconf("SC_CLK_TCK")

        def times(pid: int, children: bool) -> float:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0.0
            # utime, stime (fields 14, 15) and, for the master, its reaped workers' (16, 17)
            spent = int(fields[11]) + int(fields[12])
            if children:
                spent += int(fields[13]) + int(fields[14])
            return spent / tick

        return times(self.process.pid, True) + sum(times(pid, False) for pid in self.workers())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def create_postgres_database(name: str, server: str = POSTGRES_SERVER) -> str:
    """Create an empty database `name` (dropping an old one of that name); return its URL."""
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{server.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"


def drop_postgres_database(name: str, server: str = POSTGRES_SERVER) -> None:
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate(database_url: str, log: Path) -> None:
    """Bring the scratch database to the latest migration, as a deployment does."""
    with log.open("ab") as out:
        subprocess.run([str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, env=app_environment(database_url),
                       stdout=out, stderr=subprocess.STDOUT, check=True)


def open_children_survey(database_url: str, name: str) -> str:
    """Open a children's survey in an inspection of its own; return its token.

    Each phase of a bench gets its own survey, so the database count of one phase is never mixed
    with another's.
    """
    token = secrets.token_urlsafe(18)
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            inspection = connection.execute(
                insert(Inspection.__table__).values(
                    partnership="Bench partnership", name=name, created_on=dt.date.today(), is_demo=True)
                .returning(Inspection.__table__.c.id)
            ).scalar_one()
            connection.execute(insert(Survey.__table__).values(
                inspection_id=inspection, definition_key="children", token=token, is_open=True))
    finally:
        engine.dispose()
    return token


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def machine_pace() -> float:
    """Return the milliseconds a fixed piece of pure-Python work takes now (the best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(number * number for number in range(300_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


class Pace:
    """This machine's speed through a run, read from how long a fixed loop takes.

    It is a virtual machine whose speed moves with what its host is doing: for minutes at a time
    the same work takes half as long again, with nothing of ours running. A phase measured then
    says more about the host than about the app, so each phase first waits (at most `patience`
    seconds) for the loop to come within `slack` of the fastest time seen in the run, and says
    how fast the machine was as the phase started and ended.
    """

    def __init__(self, patience: float, slack: float = 1.25) -> None:
        self.patience, self.slack = patience, slack
        self.fastest = machine_pace()

    def now(self) -> float:
        """Return the fixed loop's milliseconds now, remembering the fastest."""
        milliseconds = machine_pace()
        self.fastest = min(self.fastest, milliseconds)
        return milliseconds

    def is_usual(self, milliseconds: float) -> bool:
        return milliseconds <= self.fastest * self.slack

    def settle(self) -> str:
        """Wait for the machine's usual pace (bounded by `patience`); describe the machine now."""
        waited, milliseconds = 0, self.now()
        while not self.is_usual(milliseconds) and waited < self.patience:
            time.sleep(5)
            waited += 5
            milliseconds = self.now()
        note = f"load average {load_average()}, fixed loop {milliseconds:.0f} ms (fastest {self.fastest:.0f})"
        if waited:
            note += f", after waiting {waited} s for the machine's usual pace"
        if not self.is_usual(milliseconds):
            note += "; the machine is still slow: this phase's figures understate the app"
        return note
