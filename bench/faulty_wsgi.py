"""wsgi.py's app, with a switch the fault bench flips: the SQLite database read-only or full.

The switch is a file (BENCH_FAULT_SWITCH) holding "read-only", "full" or nothing, read each time a
request takes a database connection, so the fault comes and goes while respondents answer, with no
restart. Read-only is SQLite's `PRAGMA query_only`, which refuses a write with the same
SQLITE_READONLY error as a file opened `mode=ro`; full is `PRAGMA max_page_count` at the file's
current size, which refuses growth with SQLITE_FULL as a full disk does.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.pool import Pool

from wsgi import app

SWITCH = Path(os.environ["BENCH_FAULT_SWITCH"])
NO_PAGE_LIMIT = 4294967294  # SQLite's own largest max_page_count


@event.listens_for(Pool, "checkout")
def apply_fault(dbapi_connection, _record, _proxy) -> None:
    """Make this connection read-only, full, or neither, as the switch says now."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    fault = SWITCH.read_text().strip() if SWITCH.exists() else ""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA query_only = {'ON' if fault == 'read-only' else 'OFF'}")
    pages = cursor.execute("PRAGMA page_count").fetchone()[0] if fault == "full" else NO_PAGE_LIMIT
    cursor.execute(f"PRAGMA max_page_count = {pages}")
    cursor.close()


__all__ = ["app"]
