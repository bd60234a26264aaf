"""Babel extractor for the survey definition files.

`pybabel extract -F babel.cfg` calls `extract_definitions` on each definition file so the English
wording (the source text for translation) lands in messages.pot beside the interface strings.
It reads YAML nodes rather than loaded data so every message carries its real line number, and it
is lenient: validation is the loader's job, and a half-written file should still extract.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import PurePath
from typing import IO, Any

import yaml

from .models import clean_text

_STR_TAG = "tag:yaml.org,2002:str"
_WORDING_FIELDS = ("text", "hint")

Message = tuple[int, str | None, str, list[str]]


def extract_definitions(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Message]:
    """Yield `(lineno, funcname, message, comments)` for every translatable string in a file."""
    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode(options.get("encoding", "utf-8"))
    name = PurePath(getattr(fileobj, "name", "") or "definition.yaml").name
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    yield from _survey(root, name)


def _items(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(key.value), value) for key, value in node.value]


def _field(node: yaml.Node | None, name: str) -> yaml.Node | None:
    return next((value for key, value in _items(node) if key == name), None)


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG:
        return str(node.value)
    return None


def _message(node: yaml.Node | None, comment: str) -> Iterator[Message]:
    # Only text scalars: the loader rejects a label that YAML read as a boolean or a number.
    value = _scalar(node)
    if value is None or node is None:
        return
    text = clean_text(value)
    if text:
        # funcname None: Babel then takes the message as a plain gettext msgid.
        yield node.start_mark.line + 1, None, text, [comment]


def _options(node: yaml.Node | None, where: str) -> Iterator[Message]:
    for index, option in enumerate(_sequence(node), 1):
        key = _scalar(_field(option, "key")) or f"#{index}"
        yield from _message(_field(option, "label"), f"{where} option {key} label")


def _survey(root: yaml.Node | None, name: str) -> Iterator[Message]:
    for field in ("title", "intro"):
        yield from _message(_field(root, field), f"{name} survey {field}")
    for index, agency in enumerate(_sequence(_field(root, "agencies")), 1):
        key = _scalar(_field(agency, "key")) or f"#{index}"
        yield from _message(_field(agency, "label"), f"{name} agency {key} label")
    for set_name, options in _items(_field(root, "option_sets")):
        yield from _options(options, f"{name} option set {set_name}")
    for index, question in enumerate(_sequence(_field(root, "questions")), 1):
        key = _scalar(_field(question, "key")) or f"#{index}"
        for band, wording in _items(_field(question, "wording")):
            where = f"{name} {key} {band}"
            for field in _WORDING_FIELDS:
                yield from _message(_field(wording, field), f"{where} {field}")
            yield from _options(_field(wording, "options"), where)
