"""``vaultkit query SQL``: read-only SQL over the index, as an aligned table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
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
    try:
        cursor = connection.execute(sql)
        columns = [d[0] for d in cursor.description or ()]
        return columns, cursor.fetchall()
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc).lower():
            raise QueryError("the index is read-only here: only SELECT and other read statements run") from None
        raise QueryError(f"SQL error: {exc}") from None
    except sqlite3.Error as exc:
        raise QueryError(f"SQL error: {exc}") from None
    finally:
        connection.close()


def as_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns, numbers to the right; NULL shown as an empty cell."""
    cells = [[_text(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and rows
               for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    return "\n".join(out)


def as_json(columns: list[str], rows: list[tuple]) -> str:
    return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2)


# A text cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...),
# =cmd|...!A0, @SUM(...), +1+1): it is written behind a ' so it shows as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV with a header line; text that a spreadsheet would run as a formula is quoted with a
    leading ``'`` (numbers, negative ones too, are left as they are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(c) for c in columns])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().rstrip("\n")


def _cell(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return " ".join(str(value).split())
