"""Front matter of plain ``key: value`` lines, loaded without PyYAML.

Most front matter is a handful of top-level keys whose values are words, dates, whole
numbers, booleans, quoted strings, or lists of those (``[a, b]`` on one line, or ``- a``
lines as Obsidian's property editor writes them). For such text this loader returns
exactly what ``reader.load_yaml`` returns through PyYAML (a property test compares the
two on random front matter), several times faster. Anything else (nested mappings,
multi-line values, comments, escapes, anchors, tags, floats...) makes it answer ``None``,
and PyYAML loads the text.
"""

from __future__ import annotations

import re

# Lines are taken apart by hand around these: lazy regular expressions over a value took
# time quadratic in a run of spaces (minutes for one long line).
_KEY = re.compile(r"[^\W\d][\w-]*:")
_DOUBLE = re.compile(r'"([^"\\]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_INT = re.compile(r"0|[1-9][0-9]{0,17}")
_DATE_LIKE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")  # a timestamp: loaded as text
_NUMBER_WORD = re.compile(r"[1-9][0-9]*[A-Za-z][A-Za-z0-9]*")  # "2w", "3m": text (no 0x, 0b, 1_000, 1.5)
# Plain words YAML 1.1 reads as booleans or null, exactly as PyYAML spells them.
_WORDS = {
    **{word: True for base in ("yes", "true", "on") for word in (base, base.title(), base.upper())},
    **{word: False for base in ("no", "false", "off") for word in (base, base.title(), base.upper())},
    **{word: None for word in ("null", "Null", "NULL")},
}
# A key in any spelling of those words goes to PyYAML (it would not be a text key there).
_SPECIAL_WORDS = frozenset(word.casefold() for word in _WORDS)


def read_plain_front_matter(text: str) -> dict | None:
    """The mapping ``text`` holds, or ``None`` when it is not plain enough for this loader."""
    meta: dict = {}
    lines = [line for line in text.split("\n") if line.strip(" ")]
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _KEY.match(line)
        if match is None:
            return None
        key, raw = line[:match.end() - 1], _after_marker(line[match.end():])
        if raw is None or key.casefold() in _SPECIAL_WORDS:
            return None
        index += 1
        if raw:
            value = _value(raw)
        else:
            value, index = _block_list(lines, index)
        if value is _NOT_PLAIN:
            return None
        meta[key] = value
    return meta


def _block_list(lines: list[str], index: int):
    """The ``- item`` lines from ``index`` on (all at one indentation), as a list, and the
    index after them; ``None`` when there are none (a key with no value)."""
    items: list = []
    indent = None
    while index < len(lines):
        line = lines[index]
        item = line.lstrip(" ")
        raw = _after_marker(item[1:]) if item.startswith("-") else None
        margin = line[:len(line) - len(item)]
        if raw is None or (indent is not None and margin != indent):
            break
        indent = margin
        value = _value(raw) if raw else None
        if value is _NOT_PLAIN:
            return _NOT_PLAIN, index
        items.append(value)
        index += 1
    return (items if indent is not None else None), index


_NOT_PLAIN = object()


def _value(raw: str):
    first = raw[0]
    if first == '"' or first == "'":
        match = (_DOUBLE if first == '"' else _SINGLE).fullmatch(raw)
        return match.group(1) if match and match.group(1).isprintable() else _NOT_PLAIN
    if first == "[":
        return _flow_list(raw)
    return _scalar(raw, ": ", " #")


def _after_marker(rest: str) -> str | None:
    """What follows ``key:`` or ``-``, without the spaces around it ("" for nothing), or
    ``None`` when something other than a space comes right after the marker."""
    if rest and rest[0] != " ":
        return None
    return rest.strip(" ")


def _flow_list(raw: str):
    """``[a, "b", 'c']`` on one line: no comma inside an item, no bracket outside quotes."""
    if raw.replace(" ", "") == "[]":
        return []
    if not raw.endswith("]"):
        return _NOT_PLAIN
    items = []
    for part in raw[1:-1].split(","):
        part = part.strip(" ")
        if not part:
            return _NOT_PLAIN
        if part[0] in "\"'":
            match = (_DOUBLE if part[0] == '"' else _SINGLE).fullmatch(part)
            value = match.group(1) if match and match.group(1).isprintable() else _NOT_PLAIN
        elif part[0].isspace() or any(mark in part for mark in "[]{}#"):
            value = _NOT_PLAIN
        else:
            value = _scalar(part, ":", "#")
        if value is _NOT_PLAIN:
            return _NOT_PLAIN
        items.append(value)
    return items


def _scalar(raw: str, *forbidden: str):
    """A plain (unquoted) scalar: a word or phrase, a boolean, null, a date (as text) or a whole number."""
    first = raw[0]
    if not (first.isalpha() or first.isdigit()) or not raw.isprintable() or raw.endswith(":"):
        return _NOT_PLAIN
    if any(mark in raw for mark in forbidden):
        return _NOT_PLAIN
    if first.isdigit():
        if _INT.fullmatch(raw):
            return int(raw)
        return raw if _DATE_LIKE.fullmatch(raw) or _NUMBER_WORD.fullmatch(raw) else _NOT_PLAIN
    return _WORDS.get(raw, raw)
