"""Reference data kept as files: Scotland's 32 council areas with their official GSS codes.

The codes are the Office for National Statistics' GSS codes for council areas (S12), as current
since Fife and Perth and Kinross (2018) and Glasgow City and North Lanarkshire (2019) were
recoded after boundary changes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOCAL_AUTHORITIES_FILE = Path(__file__).with_name("local_authorities.csv")


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str


@cache
def local_authorities() -> tuple[LocalAuthority, ...]:
    """Return the council areas in alphabetical order of name."""
    with LOCAL_AUTHORITIES_FILE.open(newline="", encoding="utf-8") as handle:
        rows = [LocalAuthority(row["code"], row["name"]) for row in csv.DictReader(handle)]
    return tuple(sorted(rows, key=lambda authority: authority.name))


def local_authority(code: str | None) -> LocalAuthority | None:
    """Return the council area with this GSS code, or None."""
    return next((authority for authority in local_authorities() if authority.code == code), None)
