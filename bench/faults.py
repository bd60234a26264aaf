"""Faults while respondents are answering, each with a pass/fail summary (exit 1 if any fails).

    .venv/bin/python bench/faults.py [--only worker-kill ...] [--gunicorn-config gunicorn.conf.py]

Each scenario serves the app with gunicorn on 127.0.0.1 (bench/serving.py), lets --respondents
children answer the children's survey with short pauses, injects its fault a few seconds in, lifts
it, and lets everyone finish, retrying a cut request or a "please try again" page as a person
would. Then it checks the database holds exactly what was acknowledged, whole, and once.

- worker-kill (SQLite and PostgreSQL): SIGKILL to a gunicorn worker, twice and on until a request
  in flight was cut (8 kills at most);
- postgres-restart: the PostgreSQL server stopped for a few seconds, then started again;
- read-only (SQLite and PostgreSQL): SQLite's query_only switch (bench/faulty_wsgi.py);
  PostgreSQL's default_transaction_read_only, set with ALTER SYSTEM and a reload;
- full (SQLite): max_page_count at the file's size (bench/faulty_wsgi.py).

PostgreSQL runs as a throwaway cluster on port 5440 (pg_createcluster), removed at the end; the
machine's own server on 5432 is never touched.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.respondents import TRY_AGAIN, Patience, Pauses, crowd, people  # noqa: E402
from bench.serving import (  # noqa: E402
    Gunicorn,
    Server,
    app_environment,
    create_postgres_database,
    load_average,
    migrate,
    open_children_survey,
)
from bench.tally import tally  # noqa: E402

CLUSTER = "bench_faults"
CLUSTER_PORT = 5440
CLUSTER_SERVER = f"postgresql://postgres@127.0.0.1:{CLUSTER_PORT}/postgres"
FAULT_SECONDS = 4.0
# A person tries again for a minute or so; a fault lasts a few seconds.
PATIENCE = Patience(attempts=120, wait=0.5)


@dataclass(frozen=True)
class Check:
    scenario: str
    name: str
    passed: bool
    detail: str = ""


def postgres_version() -> str:
    return max(Path("/usr/lib/postgresql").iterdir(), key=lambda p: int(p.name)).name


def cluster(action: str) -> None:
    subprocess.run(["pg_ctlcluster", postgres_version(), CLUSTER, action], check=True,
                   stdout=subprocess.DEVNULL)


def create_cluster() -> None:
    """Create and start a throwaway PostgreSQL cluster on CLUSTER_PORT (replacing a stale one)."""
    drop_cluster()
    subprocess.run(
        ["pg_createcluster", postgres_version(), CLUSTER, "--port", str(CLUSTER_PORT), "--start",
         "--", "--auth-local=trust", "--auth-host=trust"],
        check=True, stdout=subprocess.DEVNULL,
    )


def drop_cluster() -> None:
    if Path(f"/etc/postgresql/{postgres_version()}/{CLUSTER}").exists():
        subprocess.run(["pg_dropcluster", postgres_version(), CLUSTER, "--stop"], check=True)


def set_read_only(on: bool) -> None:
    """Make every new transaction of the throwaway cluster read-only (or writable again)."""
    with psycopg.connect(CLUSTER_SERVER, autocommit=True) as connection:
        connection.execute(f"ALTER SYSTEM SET default_transaction_read_only = {'on' if on else 'off'}")
        connection.execute("SELECT pg_reload_conf()")


class Scenario:
    """One fault on one database, with the respondents who meet it and what was checked."""

    def __init__(self, name: str, url: str, work: Path, gunicorn: Gunicorn, respondents: int,
                 app: str = "wsgi:app") -> None:
        self.name, self.url, self.work, self.gunicorn = name, url, work, gunicorn
        self.respondents, self.app = respondents, app
        self.switch = work / f"{name}.switch"
        self.checks: list[Check] = []
        self.server: Server | None = None
        self.people: list = []

    def check(self, name: str, passed: bool, detail: str = "") -> None:
        self.checks.append(Check(self.name, name, passed, detail))

    async def run(self, inject: Callable[[Scenario], Awaitable[str]]) -> list[Check]:
        env = app_environment(self.url, BENCH_FAULT_SWITCH=str(self.switch))
        token = open_children_survey(self.url, self.name)
        log = self.work / f"{self.name}.log"
        with Server(self.app, env, self.gunicorn, log) as server:
            self.server = server
            workers_before = sorted(server.workers())
            self.people = people(self.respondents, Pauses(0.1, 0.5), PATIENCE)
            answering = asyncio.ensure_future(crowd(f"{server.url}/s/{token}", self.people, stagger=1.0))
            # Strike while answers are being saved, not while the first pages load.
            await self.until(lambda: self.total("answers") >= 2 * self.respondents, 60)
            what = await inject(self)
            await answering
            workers_after = sorted(server.workers())
        finished = [p for p in self.people if p.outcome != "not sent"]
        failed = [problem for p in self.people for problem in p.problems]
        self.check(f"every respondent finished ({what})", len(finished) == len(self.people),
                   f"{len(finished)} of {len(self.people)}; {'; '.join(failed[:3])}")
        result = tally(self.url, token, self.people)
        self.check("the database holds exactly what was acknowledged, once and whole", result.exact,
                   result.line())
        self.workers_before, self.workers_after = workers_before, workers_after
        self.log_text = log.read_text()
        return self.checks

    def total(self, what: str) -> int:
        """Return the respondents' total of an attribute: "cut", "try_again" or "answers"."""
        return sum(len(p.answers) if what == "answers" else getattr(p, what) for p in self.people)

    async def until(self, condition: Callable[[], bool], seconds: float) -> None:
        """Wait until `condition` holds or `seconds` pass."""
        for _ in range(int(seconds * 10)):
            if condition():
                return
            await asyncio.sleep(0.1)

    async def outage(self, start: Callable[[], None], end: Callable[[], None]) -> None:
        """Hold a fault from start() to end(): FAULT_SECONDS, and until respondents met it (20 s at most)."""
        seen = self.total("try_again")
        await asyncio.to_thread(start)
        await asyncio.sleep(FAULT_SECONDS)
        await self.until(lambda: self.total("try_again") >= seen + 3, 20 - FAULT_SECONDS)
        await asyncio.to_thread(end)




MOST_KILLS = 8


async def kill_workers(scenario: Scenario) -> str:
    """Kill a worker with SIGKILL, 2 s apart: twice, and on until a kill has cut a request in flight.

    A page takes a few milliseconds, so a worker is often between requests when it is killed;
    killing again (MOST_KILLS at most) makes sure some respondent's request was cut mid-way.
    """
    kills = 0
    while kills < 2 or (scenario.total("cut") == 0 and kills < MOST_KILLS):
        workers = scenario.server.workers()
        if not workers:  # gunicorn is still replacing the last one
            await asyncio.sleep(0.5)
            continue
        os.kill(random.choice(workers), signal.SIGKILL)
        kills += 1
        await asyncio.sleep(2.0)
    return f"{kills} workers killed"


def after_kill(scenario: Scenario) -> None:
    cut = scenario.total("cut")
    scenario.check("the kills cut requests in flight, whose respondents carried on", cut > 0,
                   f"{cut} requests cut")


async def restart_postgres(scenario: Scenario) -> str:
    await scenario.outage(lambda: cluster("stop"), lambda: cluster("start"))
    return "PostgreSQL stopped, then started"


async def postgres_read_only(scenario: Scenario) -> str:
    await scenario.outage(lambda: set_read_only(True), lambda: set_read_only(False))
    return "PostgreSQL read-only"


def flip(fault: str) -> Callable[[Scenario], Awaitable[str]]:
    async def inject(scenario: Scenario) -> str:
        switch = scenario.switch
        await scenario.outage(lambda: switch.write_text(fault), lambda: switch.write_text(""))
        return f"SQLite {fault}"

    return inject


def after_outage(scenario: Scenario) -> None:
    """Check respondents met the clear page, and the same workers served before and after."""
    seen = scenario.total("try_again")
    scenario.check(f'respondents saw "{TRY_AGAIN}" (503), never another error page', seen > 0,
                   f"{seen} times")
    scenario.check("the app recovered without a restart (same workers)",
                   scenario.workers_before == scenario.workers_after,
                   f"{scenario.workers_before} -> {scenario.workers_after}")
    tracebacks = scenario.log_text.count("Traceback")
    unexpected = scenario.log_text.count("unexpected error")
    scenario.check("no unexpected error in the server log", unexpected == 0,
                   f"{unexpected} unexpected errors, {tracebacks} tracebacks")


SCENARIOS = {
    "worker-kill": [("sqlite", kill_workers, after_kill), ("postgresql", kill_workers, after_kill)],
    "postgres-restart": [("postgresql", restart_postgres, after_outage)],
    "read-only": [("sqlite", flip("read-only"), after_outage),
                  ("postgresql", postgres_read_only, after_outage)],
    "full": [("sqlite", flip("full"), after_outage)],
}


async def run_all(options, work: Path) -> list[Check]:
    gunicorn = Gunicorn(workers=2, threads=4, config=options.gunicorn_config)
    checks: list[Check] = []
    for fault in options.only:
        for kind, inject, verify in SCENARIOS[fault]:
            name = f"{fault}-{kind}"
            print(f"{name}: starting, load average {load_average()}", flush=True)
            if kind == "sqlite":
                url = f"sqlite:///{work / (name + '.db')}"
            else:
                url = create_postgres_database(name.replace("-", "_"), server=CLUSTER_SERVER)
            migrate(url, work / f"{name}.log")
            scenario = Scenario(name, url, work, gunicorn, options.respondents,
                                app="bench.faulty_wsgi:app" if kind == "sqlite" else "wsgi:app")
            await scenario.run(inject)
            verify(scenario)
            for check in scenario.checks:
                print(f"  {'PASS' if check.passed else 'FAIL'}  {check.name}: {check.detail}", flush=True)
            if not all(check.passed for check in scenario.checks):
                kept = shutil.copy(work / f"{name}.log", Path(tempfile.gettempdir()) / f"bench-{name}.log")
                print(f"  server log kept in {kept}")
            checks.extend(scenario.checks)
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="+", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--respondents", type=int, default=24)
    parser.add_argument("--gunicorn-config", help="serve with this gunicorn config file instead")
    options = parser.parse_args()
    needs_postgres = any(kind == "postgresql" for fault in options.only for kind, *_ in SCENARIOS[fault])
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as scratch:
        if needs_postgres:
            create_cluster()
        try:
            checks = asyncio.run(run_all(options, Path(scratch)))
        finally:
            if needs_postgres:
                drop_cluster()
    failed = [check for check in checks if not check.passed]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} checks passed; load average {load_average()}")
    for check in failed:
        print(f"  FAIL  {check.scenario}: {check.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
