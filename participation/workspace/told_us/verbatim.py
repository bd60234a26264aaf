"""Catch writing that repeats an answer's own words: the surveys promise nobody sees answers.

What inspectors write must be their own words. A paragraph or example that shares a run of
RUN_WORDS words in a row with any answer is refused, however its case, punctuation or spacing differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Long enough that ordinary phrases ("I do not know what") are not caught, short enough that a
# copied sentence is.
RUN_WORDS = 6
_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[start:start + RUN_WORDS]) for start in range(len(words) - RUN_WORDS + 1)}


def copied_lines(written: Iterable[str], answers: Iterable[str]) -> list[int]:
    """Return the numbers (from 1) of the pieces written that repeat RUN_WORDS words of an answer."""
    numbered = [(number, _runs(_words(line))) for number, line in enumerate(written, start=1)]
    numbered = [(number, runs) for number, runs in numbered if runs]
    if not numbered:
        return []
    wanted = set().union(*(runs for _number, runs in numbered))
    found: set[tuple[str, ...]] = set()
    for answer in answers:
        found |= _runs(_words(answer)) & wanted
    return [number for number, runs in numbered if runs & found]
