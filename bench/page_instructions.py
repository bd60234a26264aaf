"""Count a question page's instructions (GET and POST) with valgrind's callgrind.

    valgrind --tool=callgrind --dump-before=getppid --callgrind-out-file=/tmp/page.out \\
        .venv/bin/python bench/page_instructions.py [--requests 20]
    for f in /tmp/page.out.[23]; do grep -m1 '^summary:' $f; done   # divide each by --requests

Instruction counts are the same on every run, whatever else the machine is doing, so they
compare two versions of a page far more finely than its milliseconds on a shared machine. The
app runs as `make serve` runs it (development settings, TRUSTED_HOSTS=127.0.0.1) on a scratch
SQLite file, through Flask's test client with ``Accept-Encoding: gzip, deflate, br``. A
respondent starts the children's survey and answers three questions (templates compiled,
statements cached, kept fragments rendered); then each stage ends with ``os.getppid()``:

    page.out.1  set-up (not a figure)
    page.out.2  --requests GETs of a question not yet answered, as every page of a first visit is
    page.out.3  --requests POSTs of one choice answer
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.respondents import CHOICE, HIDDEN  # noqa: E402
from bench.serving import app_environment, migrate, open_children_survey  # noqa: E402

HEADERS = {"Host": "127.0.0.1", "Accept-Encoding": "gzip, deflate, br"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    requests = parser.parse_args().requests
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='page-instructions-')) / 'page.db'}"
    migrate(url, Path(tempfile.mkdtemp()) / "migrate.log")
    os.environ.update(app_environment(url))
    logging.disable(logging.INFO)  # the request log's lines are not the page's work
    from wsgi import app

    token = open_children_survey(url, "instructions")
    client = app.test_client()

    def fields(path: str, **answer: str) -> dict[str, str]:
        page = client.get(path, headers={"Host": "127.0.0.1"}).get_data(as_text=True)
        return {**dict(HIDDEN.findall(page)), "website": "", **answer}

    def choice(path: str) -> str:
        page = client.get(path, headers={"Host": "127.0.0.1"}).get_data(as_text=True)
        return CHOICE.findall(page)[0][1]

    base = f"/s/{token}"
    client.post(f"{base}/begin", data=fields(base), headers=HEADERS)
    client.post(f"{base}/about", data=fields(f"{base}/about", answer="8-11"), headers=HEADERS)
    for number in (1, 2, 3):
        question = f"{base}/q/{number}"
        client.post(question, data=fields(question, answer=choice(question)), headers=HEADERS)
    unanswered = f"{base}/q/5"
    client.get(unanswered, headers=HEADERS)
    answer = fields(f"{base}/q/1", answer=choice(f"{base}/q/1"))
    os.getppid()  # end of the set-up
    for _ in range(requests):
        assert client.get(unanswered, headers=HEADERS).status_code == 200
    os.getppid()
    for _ in range(requests):
        assert client.post(f"{base}/q/1", data=answer, headers=HEADERS).status_code == 302
    os.getppid()


if __name__ == "__main__":
    main()
