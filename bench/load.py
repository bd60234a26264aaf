"""Load: a surge of respondents, then saturation beside a bare insert, on SQLite and PostgreSQL.

    .venv/bin/python bench/load.py [--databases sqlite postgresql] [--respondents 200] [--patience 120]
                                   [--gunicorn-config gunicorn.conf.py]

For each database, in one run, against gunicorn on 127.0.0.1 (bench/serving.py):

- surge: --respondents children answer the children's survey at once (all starting within 2 s),
  each pausing 1.5 to 2.5 s on every page; page latency, errors, then the database count of
  exactly the submissions that were acknowledged;
- saturation: the same journeys with no pauses, --concurrency at a time;
- ceiling: a bare Flask + SQLAlchemy endpoint inserting one row (bench/ceiling.py), served the
  same way, --concurrency at a time.

Bounded: the surge is one journey each; saturation stops after --journeys or --seconds; the
ceiling after --inserts or --seconds. Each phase waits (at most --patience seconds) for this
virtual machine's usual pace, read from a fixed loop (bench/serving.py's Pace), and the report
says how fast the machine was as each phase started and ended. The SQLite file is a temporary
one; PostgreSQL gets a scratch database (bench_load, dropped at the end) on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bench import ceiling  # noqa: E402
from bench.respondents import Patience, Pauses, Respondent, Timing, crowd, people, relay  # noqa: E402
from bench.serving import (  # noqa: E402
    Gunicorn,
    Pace,
    Server,
    app_environment,
    create_postgres_database,
    drop_postgres_database,
    load_average,
    migrate,
    open_children_survey,
)
from bench.tally import Tally, tally  # noqa: E402

PG_DATABASE = "bench_load"
SURGE_P95_TARGET_MS = 150
HEADROOM_TARGET = 1.5


@dataclass
class Phase:
    """What one phase measured."""

    name: str
    timings: list[Timing]
    seconds: float
    errors: int
    server_cpu: float
    client_cpu: float
    peak_rate: float = 0.0
    tally: Tally | None = None
    cut: int = 0
    demand: float = 0.0  # requests a second the respondents would send if every reply were instant
    pace: float = 0.0  # the fixed loop's milliseconds as the phase ended (bench/serving.py's Pace)

    @property
    def requests(self) -> int:
        return len(self.timings)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentiles(self) -> tuple[float, float, float]:
        cuts = statistics.quantiles([t.seconds * 1000 for t in self.timings], n=100, method="inclusive")
        return cuts[49], cuts[94], cuts[98]

    def row(self) -> str:
        p50, p95, p99 = self.percentiles()
        per = 1000 / max(self.requests, 1)
        return (f"  {self.name:<34}{self.requests:>8}{self.seconds:>7.1f}{self.rate:>8.0f}"
                f"{self.peak_rate:>8.0f}"
                f"{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}{self.errors:>7}"
                f"{self.server_cpu * per:>9.2f}{self.client_cpu * per:>9.2f}")


HEADER = (f"  {'phase':<34}{'requests':>8}{'s':>7}{'req/s':>8}{'peak/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p99 ms':>8}{'errors':>7}{'srv ms':>9}{'cli ms':>9}")


def peak_rate(ends: list[float], window: float = 5.0) -> float:
    """Return the most requests finished in any `window` seconds, per second."""
    ends = sorted(ends)
    best, first = 0, 0
    for last, end in enumerate(ends):
        while end - ends[first] > window:
            first += 1
        best = max(best, last - first + 1)
    return best / window


async def measured(server: Server, work):
    """Run `work` (a coroutine), returning its result, wall seconds, server and client CPU seconds."""
    cpu_before, client_before = server.cpu_seconds(), time.process_time()
    started = time.perf_counter()
    result = await work
    seconds = time.perf_counter() - started
    return result, seconds, server.cpu_seconds() - cpu_before, time.process_time() - client_before


def journeys_phase(name: str, respondents: list[Respondent], seconds: float, server_cpu: float,
                   client_cpu: float) -> Phase:
    timings = [timing for person in respondents for timing in person.timings]
    return Phase(name, timings, seconds, sum(len(person.problems) for person in respondents), server_cpu,
                 client_cpu, peak_rate([t.ended for t in timings]),
                 cut=sum(person.cut for person in respondents),
                 demand=sum(len(p.timings) / p.paused for p in respondents if p.paused))


async def insert_lane(url: str, deadline: float, budget: list[int], timings: list[Timing],
                      errors: list[str]) -> None:
    """Post to the ceiling's insert endpoint until the shared budget or the time runs out."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as http:
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            started = time.perf_counter()
            try:
                async with http.post(url + "/insert") as reply:
                    await reply.read()
                    status = reply.status
            except aiohttp.ClientError as error:
                errors.append(type(error).__name__)
                continue
            timings.append(Timing("POST", time.perf_counter() - started, status, time.perf_counter()))
            if status != 201:
                errors.append(str(status))


async def ceiling_phase(server: Server, concurrency: int, inserts: int, seconds: float) -> Phase:
    timings: list[Timing] = []
    errors: list[str] = []
    budget = [inserts]
    deadline = time.monotonic() + seconds
    lanes = asyncio.gather(*(insert_lane(server.url, deadline, budget, timings, errors)
                             for _ in range(concurrency)))
    _result, wall, server_cpu, client_cpu = await measured(server, lanes)
    return Phase(f"ceiling: bare insert, {concurrency} at once", timings, wall, len(errors), server_cpu,
                 client_cpu, peak_rate([t.ended for t in timings]))


async def bench_database(kind: str, url: str, options, work: Path, pace: Pace) -> list[Phase]:
    log = work / f"{kind}.log"
    migrate(url, log)
    ceiling.create_table(url)
    gunicorn = Gunicorn(workers=options.workers, threads=options.threads, config=options.gunicorn_config)
    phases = []
    with Server("wsgi:app", app_environment(url), gunicorn, log) as server:
        warm = open_children_survey(url, "warm-up")
        # First requests of a worker load templates and the analysis model: not what a surge meets.
        await relay(f"{server.url}/s/{warm}", options.workers * options.threads, 2 * options.workers
                    * options.threads, 60, Patience())
        token = open_children_survey(url, "surge")
        print(f"  surge starting: {pace.settle()}", flush=True)
        surged, wall, server_cpu, client_cpu = await measured(server, crowd(
            f"{server.url}/s/{token}", people(options.respondents, Pauses(1.5, 2.5), Patience()),
            stagger=2.0))
        surge = journeys_phase(f"surge: {options.respondents} at once, 2 s pauses", surged, wall,
                               server_cpu, client_cpu)
        surge.pace = pace.now()
        surge.tally = tally(url, token, surged)
        phases.append(surge)
        for person in surged:
            for problem in person.problems:
                print(f"    respondent {person.number}: {problem}")

        token = open_children_survey(url, "saturation")
        print(f"  saturation starting: {pace.settle()}", flush=True)
        relayed, wall, server_cpu, client_cpu = await measured(server, relay(
            f"{server.url}/s/{token}", options.concurrency, options.journeys, options.seconds, Patience()))
        saturation = journeys_phase(f"saturation: {options.concurrency} at once, no pauses", relayed, wall,
                                    server_cpu, client_cpu)
        saturation.pace = pace.now()
        saturation.tally = tally(url, token, relayed)
        phases.append(saturation)
    env = app_environment(url)
    with Server("bench.ceiling:create_ceiling_app()", env, gunicorn, log) as server:
        print(f"  ceiling starting: {pace.settle()}", flush=True)
        phases.append(await ceiling_phase(server, options.concurrency, options.inserts, options.seconds))
        phases[-1].pace = pace.now()
    return phases


def report(kind: str, phases: list[Phase], pace: Pace) -> bool:
    surge, saturation, top = phases
    print(HEADER)
    for phase in phases:
        print(phase.row())
    p95 = surge.percentiles()[1]
    headroom = saturation.rate / surge.demand if surge.demand else 0.0
    print(f"  the surge asks for {surge.demand:.0f} req/s (its requests over its pauses) and got at most "
          f"{surge.peak_rate:.0f} (busiest 5 s)")
    print(f"  saturation is {saturation.rate / top.rate:.0%} of the ceiling's rate; server CPU a request "
          f"{saturation.server_cpu / saturation.requests * 1000:.2f} ms against "
          f"{top.server_cpu / top.requests * 1000:.2f} ms")
    slowed = [phase.name.split(":")[0] for phase in phases if not pace.is_usual(phase.pace)]
    ended = ", ".join(f"{phase.pace:.0f}" for phase in phases)
    print(f"  the fixed loop took {ended} ms as the phases ended (fastest {pace.fastest:.0f})"
          + (f"; slowed by the host during {', '.join(slowed)}" if slowed else ""))
    for phase in (surge, saturation):
        print(f"  {phase.name.split(':')[0]}: {phase.cut} requests cut and sent again at once (a kept-alive "
              f"connection closed, as when a worker is recycled); database: {phase.tally.line()}")
    checks = {
        f"surge p95 {p95:.0f} ms < {SURGE_P95_TARGET_MS} ms": p95 < SURGE_P95_TARGET_MS,
        f"surge errors {surge.errors} = 0": surge.errors == 0,
        "surge: stored exactly what was acknowledged": surge.tally.exact,
        "saturation: stored exactly what was acknowledged": saturation.tally.exact,
        f"saturation {saturation.rate:.0f} req/s >= {HEADROOM_TARGET} x the surge's demand "
        f"{surge.demand:.0f} req/s ({headroom:.2f}x)": headroom >= HEADROOM_TARGET,
    }
    for label, met in checks.items():
        print(f"  {'met' if met else 'NOT MET':<8}{label}")
    return all(checks.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16, help="respondents at once when saturating")
    parser.add_argument("--journeys", type=int, default=300, help="at most this many saturation journeys")
    parser.add_argument("--inserts", type=int, default=8000, help="at most this many ceiling inserts")
    parser.add_argument("--seconds", type=float, default=30, help="at most this long for each of those")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--gunicorn-config", help="serve with this gunicorn config file instead")
    parser.add_argument("--patience", type=float, default=120,
                        help="at most this long to wait for the machine's usual pace before a phase")
    options = parser.parse_args()
    pace = Pace(options.patience)
    print(f"Load on 127.0.0.1 ({options.workers} gunicorn workers x {options.threads} threads); at the "
          f"start {pace.settle()}")
    all_met = True
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        work = Path(scratch)
        for kind in options.databases:
            print(f"\n{kind}:", flush=True)
            if kind == "sqlite":
                url = f"sqlite:///{work / 'bench.db'}"
            else:
                url = create_postgres_database(PG_DATABASE)
            try:
                phases = asyncio.run(bench_database(kind, url, options, work, pace))
            except Exception:
                print(f"  server log ({work / (kind + '.log')}):")
                print((work / f"{kind}.log").read_text()[-3000:])
                raise
            finally:
                if kind == "postgresql":
                    drop_postgres_database(PG_DATABASE)
            all_met = report(kind, phases, pace) and all_met
    print(f"\nload average at the end {load_average()}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
