"""Clean what people type into any form of either app before it is checked or stored."""

from __future__ import annotations

# Control characters other than tab and line breaks: PostgreSQL refuses NUL in text (the answer
# would be lost with an error), and none of them means anything in an answer.
_CONTROLS = dict.fromkeys(
    [code for code in range(0x20) if chr(code) not in "\t\n\r"] + list(range(0x7F, 0xA0))
)


def without_controls(value: str | None) -> str | None:
    """Drop control characters other than tab and line breaks from typed text."""
    return value.translate(_CONTROLS) if isinstance(value, str) else value
