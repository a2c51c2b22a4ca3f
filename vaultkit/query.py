"""``vaultkit query SQL``: read-only SQL over the index, as an aligned table, JSON or CSV.

Every SQLite value has one written form, the same in every format (docs/index.md): NULL is
empty (``null`` in JSON), numbers stay numbers, an infinite float is ``Infinity`` or
``-Infinity``, a BLOB is its SQL literal ``x'00ff'`` (lower-case hex), and text whose bytes are
not UTF-8 shows each such byte as ``\\xNN``. So no result can make the output fail, and
``--json`` is always valid UTF-8 JSON.
"""

from __future__ import annotations

import json
import math
import sqlite3
import unicodedata
from pathlib import Path

from vaultkit.incremental.store import index_path


class QueryError(Exception):
    """A query that cannot run: no index yet, a write statement, bad SQL. The message says why."""


def run_query(root: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of ``sql`` on the index, opened read-only (writes are refused)."""
    path = index_path(root)
    if not path.is_file():
        raise QueryError("no index yet: run 'vaultkit build' first")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.text_factory = decoded_text
    try:
        cursor = connection.execute(sql)
        columns = [escaped(d[0]) for d in cursor.description or ()]
        return columns, cursor.fetchall()
    except UnicodeEncodeError:
        raise QueryError("the SQL has bytes that are not UTF-8 (a mistyped character?)") from None
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc).lower():
            raise QueryError("the index is read-only here: only SELECT and other read statements run") from None
        raise QueryError(f"SQL error: {exc}") from None
    except (sqlite3.Error, sqlite3.Warning) as exc:
        raise QueryError(f"SQL error: {exc}") from None
    finally:
        connection.close()


def decoded_text(raw: bytes) -> str:
    """SQLite text as a string: bytes that are not UTF-8 become ``\\xNN`` escapes."""
    return raw.decode("utf-8", "backslashreplace")


def escaped(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes of a file name) as ``\\xNN`` or
    ``\\uNNNN`` escapes: something a UTF-8 output can carry."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    return "".join(char if not "\ud800" <= char <= "\udfff" else
                   (f"\\x{ord(char) - 0xdc00:02x}" if "\udc80" <= char <= "\udcff" else f"\\u{ord(char):04x}")
                   for char in text)


def portable(value: object) -> object:
    """A cell as written in every format: None, an int, a finite float or a string."""
    if isinstance(value, bytes):
        return f"x'{value.hex()}'"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return escaped(value) if isinstance(value, str) else value


def as_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns, numbers to the right; NULL shown as an empty cell."""
    head = [_text(c) for c in columns]
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(head)]
    numeric = [bool(rows) and all(isinstance(row[i], (int, float)) or row[i] is None for row in rows)
               for i in range(len(columns))]

    def line(values: list[str]) -> str:
        padded = [(" " * (w - _width(v)) + v) if n else (v + " " * (w - _width(v)))
                  for v, w, n in zip(values, widths, numeric)]
        return "  ".join(padded).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def as_json(columns: list[str], rows: list[tuple]) -> str:
    """A list of objects, one per row; a column name seen before gets ``:2``, ``:3`` after it."""
    keys = _unique([portable(c) for c in columns])
    return json.dumps([dict(zip(keys, map(portable, row))) for row in rows], ensure_ascii=False, indent=2,
                      allow_nan=False)


# A text cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...),
# =cmd|...!A0, @SUM(...), +1+1): it is written behind a ' so it shows as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV (RFC 4180, lines ending in ``\\n``) with a header line; text that a spreadsheet would
    run as a formula is quoted with a leading ``'`` (numbers, negative ones too, are left as
    they are)."""
    return "\n".join(_csv_line(line) for line in [columns, *rows])


def _csv_line(values) -> str:
    fields = [_csv_field(_cell(v)) for v in values]
    return '""' if fields == [""] else ",".join(fields)  # an empty line would be no row at all


def _csv_field(value: object) -> str:
    """One field, quoted when it holds a comma, a quote or any line break (a lone CR too:
    Python's csv writer leaves that bare when lines end in LF, and readers split the row)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text


def _cell(value: object) -> object:
    value = portable(value)
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _unique(names: list[str]) -> list[str]:
    used: set[str] = set()
    out = []
    for name in names:
        key, n = name, 1
        while key in used:
            n += 1
            key = f"{name}:{n}"
        used.add(key)
        out.append(key)
    return out


def _text(value: object) -> str:
    """A cell for the terminal: one line, control characters escaped, floats rounded."""
    value = portable(value)
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if 0.01 <= abs(value) < 1e15:
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return f"{value:.3g}"
    text = " ".join(str(value).split())
    return "".join(char if unicodedata.category(char) != "Cc" else char.encode("unicode_escape").decode("ascii")
                   for char in text)


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
