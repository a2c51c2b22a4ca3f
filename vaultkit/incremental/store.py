"""``.vaultkit/index.sqlite``: the engine's stored results and the tables ``vaultkit query`` reads.

A cache, never the truth: notes are. Every table is narrow and loaded in parts: a run loads
the (path, mtime, size) of every note and then only the rows an edit reaches. Tables whose
names start with ``engine_`` are the engine's own (pickled records, recorded reads); the
others are the documented SQL surface (``docs/index.md``). The whole index is rebuilt when
its schema, the code fingerprint or the file itself is not what this vaultkit expects.
"""

from __future__ import annotations

import io
import pickle
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from vaultkit import faults
from vaultkit.incremental.code import code_fingerprint

SCHEMA_VERSION = 6  # 5: one engine for every command; stable ids; no pickles in the public tables; 6: day spans
STATE_FOLDER = ".vaultkit"
INDEX_FILE = "index.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, digest TEXT NOT NULL,
                    kind TEXT, parsed INTEGER NOT NULL, path_key TEXT NOT NULL, stem_key TEXT NOT NULL);
CREATE TABLE contacts (path TEXT PRIMARY KEY, name TEXT NOT NULL, company TEXT, role TEXT, email TEXT,
                       status TEXT NOT NULL, tier TEXT, cadence TEXT, met TEXT, last_contact TEXT,
                       given REAL NOT NULL, asked REAL NOT NULL, balance REAL NOT NULL);
CREATE TABLE interactions (id TEXT PRIMARY KEY, path TEXT NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
                           title TEXT NOT NULL, channel TEXT, outcome TEXT, follow_up TEXT);
CREATE TABLE participants (interaction TEXT NOT NULL, contact TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE interaction_goals (interaction TEXT NOT NULL, goal TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE exchanges (id TEXT PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL,
                        weight REAL NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, interaction TEXT NOT NULL);
CREATE TABLE exchange_contacts (exchange TEXT NOT NULL, contact TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE tasks (id TEXT PRIMARY KEY, due TEXT, text TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL,
                    interaction TEXT);
CREATE TABLE task_contacts (task TEXT NOT NULL, contact TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE goals (path TEXT PRIMARY KEY, title TEXT NOT NULL, metric TEXT, target REAL, status TEXT NOT NULL,
                    start TEXT, deadline TEXT, value REAL NOT NULL, expected REAL, state TEXT);
CREATE TABLE pages (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, inode INTEGER, sha256 TEXT NOT NULL);
CREATE TABLE engine_problems (source TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL,
                              severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL);
CREATE VIEW problems AS SELECT path, line, severity, code, message FROM engine_problems;
CREATE TABLE engine_entities (path TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, linked INTEGER NOT NULL,
                              blob BLOB NOT NULL);
CREATE TABLE engine_claims (kind TEXT NOT NULL, key TEXT NOT NULL, note TEXT NOT NULL, how TEXT NOT NULL,
                            spelled TEXT NOT NULL);
CREATE TABLE engine_derived (path TEXT PRIMARY KEY, blob BLOB NOT NULL, first_day INTEGER NOT NULL,
                             last_day INTEGER NOT NULL);
CREATE TABLE engine_lookups (key TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE engine_refs (owner TEXT NOT NULL, note TEXT NOT NULL);
CREATE TABLE engine_parts (owner TEXT PRIMARY KEY, digest BLOB NOT NULL, blob BLOB, first_day INTEGER NOT NULL,
                           last_day INTEGER NOT NULL);
CREATE TABLE engine_reads (input TEXT NOT NULL, owner TEXT NOT NULL);
CREATE TABLE engine_followups (owner TEXT NOT NULL, key BLOB NOT NULL, grp INTEGER NOT NULL, lines TEXT NOT NULL,
                               short TEXT NOT NULL, terminal TEXT NOT NULL, focus BLOB, cold INTEGER NOT NULL,
                               draft BLOB NOT NULL);
CREATE TABLE engine_balance_rows (owner TEXT PRIMARY KEY, key BLOB NOT NULL, line TEXT NOT NULL, view BLOB NOT NULL);
CREATE TABLE engine_contact_tallies (contact TEXT PRIMARY KEY, helped INTEGER NOT NULL, last_seen TEXT, met_at TEXT);
CREATE TABLE engine_pages (path TEXT PRIMARY KEY, owner TEXT NOT NULL, sha256 TEXT NOT NULL, text BLOB NOT NULL);
CREATE TABLE engine_state (name TEXT PRIMARY KEY, blob BLOB NOT NULL);
"""
INDEXES = (  # made once a run has filled its tables: a B-tree built at once beats one kept up row by row
    "CREATE INDEX IF NOT EXISTS notes_path_key ON notes (path_key)",
    "CREATE INDEX IF NOT EXISTS notes_stem_key ON notes (stem_key)",
    "CREATE INDEX IF NOT EXISTS interactions_path ON interactions (path)",
    "CREATE INDEX IF NOT EXISTS participants_contact ON participants (contact)",
    "CREATE INDEX IF NOT EXISTS participants_path ON participants (path)",
    "CREATE INDEX IF NOT EXISTS interaction_goals_path ON interaction_goals (path)",
    "CREATE INDEX IF NOT EXISTS exchanges_path ON exchanges (path)",
    "CREATE INDEX IF NOT EXISTS exchange_contacts_contact ON exchange_contacts (contact)",
    "CREATE INDEX IF NOT EXISTS exchange_contacts_path ON exchange_contacts (path)",
    "CREATE INDEX IF NOT EXISTS tasks_path ON tasks (path)",
    "CREATE INDEX IF NOT EXISTS task_contacts_path ON task_contacts (path)",
    "CREATE INDEX IF NOT EXISTS engine_problems_source ON engine_problems (source)",
    "CREATE INDEX IF NOT EXISTS engine_claims_key ON engine_claims (kind, key)",
    "CREATE INDEX IF NOT EXISTS engine_claims_note ON engine_claims (note)",
    "CREATE INDEX IF NOT EXISTS engine_lookups_key ON engine_lookups (key)",
    "CREATE INDEX IF NOT EXISTS engine_lookups_note ON engine_lookups (note)",
    "CREATE INDEX IF NOT EXISTS engine_refs_owner ON engine_refs (owner)",
    "CREATE INDEX IF NOT EXISTS engine_refs_note ON engine_refs (note)",
    "CREATE INDEX IF NOT EXISTS engine_reads_input ON engine_reads (input)",
    "CREATE INDEX IF NOT EXISTS engine_reads_owner ON engine_reads (owner)",
    "CREATE INDEX IF NOT EXISTS engine_followups_owner ON engine_followups (owner)",
    "CREATE INDEX IF NOT EXISTS engine_followups_key ON engine_followups (key)",
    "CREATE INDEX IF NOT EXISTS engine_pages_owner ON engine_pages (owner)",
)

_LOAD_ERRORS = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError, KeyError,
                IndexError, MemoryError)


class Damaged(Exception):
    """The index holds something this vaultkit cannot read back: it is rebuilt."""

_PLAIN_GLOBALS = {("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"), ("builtins", "frozenset"),
                  ("builtins", "bytearray"), ("collections", "Counter")}


class _RecordUnpickler(pickle.Unpickler):
    """Loads vaultkit's own classes and plain data, nothing else: an index copied in from
    elsewhere (Syncthing syncs ``.vaultkit/`` too) must not be able to run code."""

    allowed: dict[tuple[str, str], type] = {}  # looked up and allowed once, for every later record

    def find_class(self, module: str, name: str):
        known = self.allowed.get((module, name))
        if known is not None:
            return known
        if (module, name) in _PLAIN_GLOBALS or module.startswith("vaultkit."):
            found = super().find_class(module, name)
            if isinstance(found, type):
                self.allowed[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"the index refers to {module}.{name}, which vaultkit never stores")


def load(blob: bytes):
    """One pickled value of the index, loaded with only vaultkit's classes allowed."""
    try:
        return _RecordUnpickler(io.BytesIO(blob)).load()
    except _LOAD_ERRORS as exc:
        raise Damaged(type(exc).__name__) from exc


def dump(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def index_path(root: Path) -> Path:
    return Path(root) / STATE_FOLDER / INDEX_FILE


class StoreError(Exception):
    """The index cannot be used here (a symbolic link, an unwritable folder); the message says why."""


def connect(root: Path, write: bool = True, timeout: float = 5.0) -> tuple[sqlite3.Connection, str | None]:
    """An open index whose schema and code fingerprint are this vaultkit's, and a notice when
    it had to be made anew (another version, unreadable). ``write=False`` opens an existing
    index read-only, as is (for ``query``). An index another process keeps locked past
    ``timeout`` is left alone: the run gets an empty one in memory, and a notice."""
    path = index_path(root)
    if not write:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout), None
    try:
        return _connect(path, timeout)
    except sqlite3.OperationalError as exc:
        if not busy(exc):
            raise
        notice = f"the index could not be written ({exc}); the next run reads every note again"
    except StoreError as exc:
        notice = f"the index was not written: {exc}"
    except OSError as exc:
        notice = f"the index could not be written ({exc.strerror or exc}); the next run reads every note again"
    memory = sqlite3.connect(":memory:", isolation_level=None)
    reset(memory)
    return memory, notice


class IndexFailed(BaseException):
    """An index error met while the domain's code runs (a lookup, a contact's records): a
    ``BaseException``, so the domain's guards against its own bugs (``except Exception``)
    let it through instead of blaming a note; ``engine.update`` raises ``error`` again."""

    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


class DomainReads:
    """The index's connection as the reads made from inside the domain's code use it."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, *args):
        try:
            return self._connection.execute(*args)
        except sqlite3.Error as exc:
            raise IndexFailed(exc) from exc


def busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _connect(path: Path, timeout: float) -> tuple[sqlite3.Connection, str | None]:
    folder = path.parent
    if folder.is_symlink() or path.is_symlink() or path.with_name(path.name + "-journal").is_symlink():
        raise StoreError(f"{STATE_FOLDER}/ or its index is a symbolic link, never written through")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {STATE_FOLDER}/ ({exc.strerror or exc})") from None
    notice = None
    existed = path.exists()
    opened: list[sqlite3.Connection] = []  # closed again if setting up fails: an open one holds the index's lock
    try:
        try:
            opened.append(_open(path, timeout))
            meta = _meta(opened[-1])
        except sqlite3.DatabaseError as exc:  # OperationalError included
            if isinstance(exc, sqlite3.OperationalError) and busy(exc):
                raise
            for connection in opened:
                connection.close()
            opened.clear()
            opened.append(_replace(path, timeout))
            meta, notice = {}, f"the index could not be read ({exc}): rebuilding it"
        connection = opened[-1]
        if meta.get("schema_version") != str(SCHEMA_VERSION) or meta.get("code") != code_fingerprint():
            if existed and notice is None and meta:
                notice = "the index is from another version of vaultkit or of its parsers: rebuilding it"
            reset(connection)
        connection.execute("BEGIN IMMEDIATE")  # fails now, not later, when another process writes it
        connection.execute("COMMIT")
    except BaseException:
        for connection in opened:
            connection.close()
        raise
    return connection, notice


def _open(path: Path, timeout: float) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    faults.watch_database(connection)  # tests only: counts its statements (a no-op otherwise)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _meta(connection: sqlite3.Connection) -> dict[str, str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return {}
    return dict(connection.execute("SELECT key, value FROM meta"))


def _replace(path: Path, timeout: float) -> sqlite3.Connection:
    """A new, empty index file in place of an unreadable one."""
    for stale in (path, path.with_name(path.name + "-journal")):
        stale.unlink(missing_ok=True)
    return _open(path, timeout)


def damaged(exc: BaseException) -> bool:
    """Whether ``exc`` says the index file or a value in it is broken (not busy, not locked)."""
    if isinstance(exc, Damaged):
        return True
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def reset(connection: sqlite3.Connection) -> None:
    """Drop everything and create this version's tables, empty."""
    connection.execute("BEGIN IMMEDIATE")
    for kind, name in connection.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").fetchall():
        connection.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    for statement in SCHEMA.split(";"):
        if statement.strip():
            connection.execute(statement)
    set_meta(connection, {"schema_version": str(SCHEMA_VERSION), "code": code_fingerprint()})  # no indexes yet
    connection.execute("COMMIT")


def set_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(values.items()))


def meta(connection: sqlite3.Connection) -> dict[str, str]:
    return dict(connection.execute("SELECT key, value FROM meta"))


def rows_in(connection: sqlite3.Connection, query: str, values: Iterable) -> Iterator[tuple]:
    """``query`` + `` (?, ?...)`` for ``values``, in chunks SQLite accepts."""
    values = list(values)
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        yield from connection.execute(f"{query} ({', '.join('?' * len(chunk))})", chunk)


def delete_in(connection: sqlite3.Connection, table: str, column: str, values: Iterable) -> None:
    values = list(values)
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        connection.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join('?' * len(chunk))})", chunk)


def state(connection: sqlite3.Connection, name: str, default=None):
    row = connection.execute("SELECT blob FROM engine_state WHERE name = ?", (name,)).fetchone()
    return load(row[0]) if row is not None else default


def set_state(connection: sqlite3.Connection, name: str, value) -> None:
    connection.execute("INSERT OR REPLACE INTO engine_state VALUES (?, ?)", (name, dump(value)))


def known_pages(connection: sqlite3.Connection) -> dict:
    """page -> ((mtime_ns, size, inode), sha256) as vaultkit last wrote or saw it (``writer``)."""
    return {page: ((mtime, size, inode) if mtime is not None else None, sha)
            for page, mtime, size, inode, sha in connection.execute("SELECT * FROM pages")}


def index_tables(connection: sqlite3.Connection, tables: tuple[str, ...] | None = None) -> None:
    """Make the indexes (of ``tables`` only, when given) that are not there yet."""
    for statement in INDEXES:
        if tables is None or statement.split(" ON ", 1)[1].split(" ", 1)[0] in tables:
            connection.execute(statement)
