"""``vaultkit query`` prints every SQLite value in every format (table, ``--json``, ``--csv``):
no value makes the output fail, ``--json`` is always valid UTF-8 JSON, and a value is written
the same way in each format (docs/index.md, "Values in query output")."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from vaultkit.cli import main
from vaultkit.incremental.store import index_path
from vaultkit.query import FORMULA_STARTS, as_csv, as_json, as_table, run_query

SAMPLE_VAULT = Path(__file__).resolve().parents[1] / "sample-vault"


class NotUtf8(bytes):
    """Bytes stored in SQLite as TEXT (``CAST(? AS TEXT)``): text that is not valid UTF-8."""


VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-2**63, max_value=2**63 - 1),
    st.floats(allow_nan=False),  # SQLite stores NaN as NULL; infinities are kept
    st.text(),
    st.binary(),
    st.binary(min_size=1).map(NotUtf8),
)
NAMES = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1,
                max_size=8)


def stored(root: Path, rows: list[list[object]], names: list[str]) -> tuple[list[str], list[tuple]]:
    """``rows`` written to a table of the index at ``root``, read back through ``run_query``."""
    width = len(names)
    path = index_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.execute("DROP TABLE IF EXISTS t")
        connection.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(width))})")  # no type: kept as given
        for row in rows:
            cells = ", ".join("CAST(? AS TEXT)" if isinstance(v, NotUtf8) else "?" for v in row)
            connection.execute(f"INSERT INTO t VALUES ({cells})", [bytes(v) if isinstance(v, NotUtf8) else v
                                                                  for v in row])
        connection.commit()
    finally:
        connection.close()
    aliases = ", ".join(f'c{i} AS "{name.replace(chr(34), chr(34) * 2)}"' for i, name in enumerate(names))
    return run_query(root, f"SELECT {aliases} FROM t ORDER BY rowid")


def written(value: object) -> object:
    """The documented form of a stored value in ``--json``."""
    if isinstance(value, NotUtf8):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, bytes):
        return f"x'{value.hex()}'"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def in_csv(value: object) -> str:
    """The documented form of a stored value in ``--csv``."""
    shown = written(value)
    if shown is None:
        return ""
    if isinstance(shown, str):
        return "'" + shown if shown.startswith(FORMULA_STARTS) else shown
    return repr(shown) if isinstance(shown, float) else str(shown)


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), width=st.integers(min_value=1, max_value=4))
def test_every_value_in_every_format(scratch, data, width):
    names = data.draw(st.lists(NAMES, min_size=width, max_size=width))
    rows = data.draw(st.lists(st.lists(VALUES, min_size=width, max_size=width), max_size=4))
    columns, fetched = stored(scratch, rows, names)

    text = as_json(columns, fetched)
    text.encode("utf-8")  # strict: no lone surrogate can reach the output
    objects = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    assert [list(o.values()) for o in objects] == [[written(v) for v in row] for row in rows]
    assert all(len(o) == width for o in objects)  # a repeated column name is kept, as name:2

    lines = list(csv.reader(io.StringIO(as_csv(columns, fetched), newline="")))
    assert lines[1:] == [[in_csv(v) for v in row] for row in rows]
    assert len(lines[0]) == width

    table = as_table(columns, fetched)
    table.encode("utf-8")
    assert len(table.split("\n")) == len(rows) + 2  # one line a row: line breaks in text are spaces
    assert not any(unicodedata.category(c) == "Cc" for c in table.replace("\n", ""))  # no terminal escape


def test_json_keys_repeated_names_apart():
    assert json.loads(as_json(["path", "path", "path"], [("a", "b", "c")])) == [{"path": "a", "path:2": "b", "path:3": "c"}]
    assert list(json.loads(as_json(["a", "a:2", "a"], [(1, 2, 3)]))[0]) == ["a", "a:2", "a:3"]


def test_table_shows_floats_for_reading():
    table = as_table(["x"], [(2.5,), (3.0,), (1e300,), (0.001,), (float("inf"),), (-1e-9,)])
    assert table.splitlines()[2:] == ["     2.5", "       3", "  1e+300", "   0.001",
                                     "Infinity", "  -1e-09"]


def test_table_aligns_wide_characters():
    lines = as_table(["name", "n"], [("日本", 1), ("Ana", 22)]).splitlines()
    assert lines[2:] == ["日本   1", "Ana   22"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample") / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    assert run("build", str(root), "--today", "2026-11-22", "-q").exit_code == 0
    return root


def test_a_blob_prints_in_every_format(sample):
    """``vaultkit query "SELECT x'00ff' AS b" VAULT --json`` ended in a TypeError traceback."""
    sql = "SELECT x'00ff' AS b, CAST(x'ff41' AS TEXT) AS t, 1e999 AS i, NULL AS n"
    as_json_out = run("query", sql, str(sample), "--json")
    assert as_json_out.exit_code == 0, as_json_out.output
    assert json.loads(as_json_out.stdout) == [{"b": "x'00ff'", "t": "\\xffA", "i": "Infinity", "n": None}]
    assert run("query", sql, str(sample), "--csv").stdout == "b,t,i,n\nx'00ff',\\xffA,Infinity,\n"
    assert run("query", sql, str(sample)).stdout.splitlines()[2].split() == ["x'00ff'", "\\xffA", "Infinity"]


def test_every_table_of_the_index_prints_in_every_format(sample):
    """The engine's own tables hold BLOBs; every table and view, whole, prints in each format."""
    connection = sqlite3.connect(index_path(sample))
    try:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
        counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        connection.close()
    assert "engine_pages" in tables and counts["engine_pages"] > 0
    for table in tables:
        sql = f"SELECT * FROM {table}"
        for form in ((), ("--json",), ("--csv",)):
            result = run("query", sql, str(sample), *form)
            assert result.exit_code == 0, (table, form, result.output)
        assert len(json.loads(run("query", sql, str(sample), "--json").stdout)) == counts[table]


@pytest.mark.parametrize("sql, message", [
    ("SELECT 1; SELECT 2", "Error: SQL error: You can only execute one statement at a time."),
    ("SELECT '\x00'", "Error: SQL error: the query contains a null character"),
    ("SELECT abs(-9223372036854775808)", "Error: SQL error: integer overflow"),
    ("SELECT '\udcff'", "Error: the SQL has bytes that are not UTF-8 (a mistyped character?)"),
])
def test_sql_that_cannot_run_is_one_line(sample, sql, message):
    result = run("query", sql, str(sample))
    assert result.exit_code == 1
    assert result.output.strip() == message


def test_a_file_name_that_is_not_utf8_in_an_ascii_locale(tmp_path):
    """``LC_ALL=C PYTHONUTF8=0 vaultkit query ... --json`` with a note named b'\\xff.md': no
    traceback, valid UTF-8 JSON, the name shown escaped."""
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    with open(os.path.join(os.fsencode(root), b"Contacts", b"\xff.md"), "wb") as note:
        note.write(b"---\ntype: contact\n---\n")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}
    done = subprocess.run([sys.executable, "-m", "vaultkit", "query", "SELECT path FROM notes UNION ALL "
                           "SELECT path FROM problems", str(root), "--json"], capture_output=True, env=env, timeout=300)
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0
    paths = [row["path"] for row in json.loads(done.stdout.decode("utf-8"))]
    assert "Contacts/\\xff.md" in paths
