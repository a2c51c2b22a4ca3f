"""``.vaultkit/index.sqlite``: what was read and derived from each note, kept between runs.

A cache, never the truth: notes are. Each note's row holds its (mtime, size, digest) and a
pickled bundle of its parse and of the records derived from it, so a later run reads and
parses only what changed. Fact tables (contacts, interactions, gives and asks, tasks,
goals, problems) are rewritten after each build for ``vaultkit query``; ``docs/index.md``
documents them. A missing, older, truncated or garbage index is rebuilt with a notice.
``save`` writes in one transaction; a build's ``PendingSave`` in two (see its docstring), and
a crash between them leaves an index that is still usable.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import os
import pickle
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.cache import Cache, Derived
from vaultkit.incremental.code import code_fingerprint
from vaultkit.problems import Problem

if TYPE_CHECKING:
    from vaultkit.model import Vault
    from vaultkit.pages.pieces import Pieces

SCHEMA_VERSION = 4  # 2: parse records with __slots__; 3: pickled as (class, fields); 4: pieces for delta builds
INDEX_FILE = "index.sqlite"
STATE_FOLDER = ".vaultkit"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
                    digest BLOB NOT NULL, kind TEXT, parse BLOB NOT NULL, derived BLOB NOT NULL);
CREATE TABLE refs (note TEXT NOT NULL, owner TEXT NOT NULL);
CREATE TABLE follow_up_pieces (owner TEXT NOT NULL, key BLOB NOT NULL, grp INTEGER NOT NULL, lines TEXT NOT NULL,
                               context INTEGER NOT NULL);
CREATE TABLE balance_rows (owner TEXT PRIMARY KEY, key BLOB NOT NULL, line TEXT NOT NULL);
CREATE TABLE snapshot (name TEXT PRIMARY KEY, blob BLOB NOT NULL);
CREATE TABLE pages (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, inode INTEGER, sha256 TEXT NOT NULL);
CREATE TABLE contacts (path TEXT PRIMARY KEY, name TEXT NOT NULL, company TEXT, role TEXT, email TEXT,
                       status TEXT NOT NULL, tier TEXT, cadence TEXT, met TEXT, last_contact TEXT,
                       given REAL NOT NULL, asked REAL NOT NULL, balance REAL NOT NULL);
CREATE TABLE interactions (id TEXT PRIMARY KEY, path TEXT NOT NULL, line INTEGER NOT NULL, date TEXT NOT NULL,
                           title TEXT NOT NULL, channel TEXT, outcome TEXT, follow_up TEXT);
CREATE TABLE participants (interaction TEXT NOT NULL, contact TEXT NOT NULL);
CREATE TABLE exchanges (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL,
                        weight REAL NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, interaction TEXT NOT NULL);
CREATE TABLE exchange_contacts (exchange INTEGER NOT NULL, contact TEXT NOT NULL);
CREATE TABLE tasks (id INTEGER PRIMARY KEY, due TEXT, text TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL,
                    interaction TEXT);
CREATE TABLE task_contacts (task INTEGER NOT NULL, contact TEXT NOT NULL);
CREATE TABLE goals (path TEXT PRIMARY KEY, title TEXT NOT NULL, metric TEXT, target REAL, status TEXT NOT NULL,
                    start TEXT, deadline TEXT, value REAL NOT NULL, expected REAL, state TEXT NOT NULL);
CREATE TABLE interaction_goals (interaction TEXT NOT NULL, goal TEXT NOT NULL);
CREATE TABLE problems (path TEXT NOT NULL, line INTEGER NOT NULL, severity TEXT NOT NULL, code TEXT NOT NULL,
                       message TEXT NOT NULL);
CREATE INDEX participants_contact ON participants (contact);
CREATE INDEX exchange_contacts_contact ON exchange_contacts (contact);
CREATE INDEX refs_owner ON refs (owner);
CREATE INDEX refs_note ON refs (note);
CREATE INDEX follow_up_pieces_owner ON follow_up_pieces (owner);
"""
FACT_TABLES = ("contacts", "interactions", "participants", "exchanges", "exchange_contacts", "tasks",
               "task_contacts", "goals", "interaction_goals", "problems")
DELTA_TABLES = ("refs", "follow_up_pieces", "balance_rows", "snapshot")  # what a delta build works from (``vaultkit.delta``)


def index_path(root: Path) -> Path:
    return Path(root) / STATE_FOLDER / INDEX_FILE


READ_ERRORS = (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError,
               TypeError, KeyError, IndexError, MemoryError)


_PLAIN_GLOBALS = {("datetime", "date"), ("datetime", "datetime"), ("builtins", "set"), ("builtins", "frozenset"),
                  ("builtins", "bytearray"), ("collections", "Counter")}


# The modules whose records a bundle holds: parses, derived records, problems, values.
_RECORD_MODULES = {"vaultkit.reader", "vaultkit.body", "vaultkit.links", "vaultkit.cache", "vaultkit.model",
                   "vaultkit.problems", "vaultkit.values", "vaultkit.walk", "vaultkit.config",
                   "vaultkit.reports.tallies", "vaultkit.delta"}


class _RecordUnpickler(pickle.Unpickler):
    """Loads vaultkit's own record classes and plain data, nothing else: an index copied in
    from elsewhere (Syncthing syncs ``.vaultkit/`` too) must not be able to run code."""

    allowed: dict[tuple[str, str], type] = {}  # what was looked up and allowed once, for every later bundle

    def find_class(self, module: str, name: str):
        known = self.allowed.get((module, name))
        if known is not None:
            return known
        if (module, name) in _PLAIN_GLOBALS or module in _RECORD_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                self.allowed[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"the index refers to {module}.{name}, which vaultkit never stores")


def _connect_read_only(root: Path) -> sqlite3.Connection | None:
    path = index_path(root)
    if not path.is_file():
        return None
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def load_state(root: Path, cache: Cache, config_key: str) -> str | None:
    """The cheap part of the index: its meta data and what vaultkit last wrote (``cache.written``).

    Returns a notice when the index is unusable (another version, unreadable): it will be
    rebuilt. ``cache.saved_fingerprint`` is set only when the index matches ``config_key``.
    """
    try:
        connection = _connect_read_only(root)
        if connection is None:
            return None
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta"))
            if meta.get("schema_version") != str(SCHEMA_VERSION) or meta.get("code") != code_fingerprint():
                return "the index is from another version of vaultkit or of its parsers: rebuilding it"
            for page, mtime, size, inode, sha in connection.execute("SELECT * FROM pages"):
                cache.written[page] = ((mtime, size, inode), sha)
            if meta.get("config") == config_key:
                cache.saved_fingerprint = meta.get("fingerprint")
                cache.saved_meta = meta
        finally:
            connection.close()
    except READ_ERRORS as exc:
        cache.written.clear()
        return f"the index could not be read ({type(exc).__name__}): rebuilding it"
    return None


def load_notes(root: Path, cache: Cache, config_key: str) -> str | None:
    """Every note's parse and derived records from the index into ``cache`` (same settings only)."""
    if cache.saved_meta is None:
        return None
    try:
        connection = _connect_read_only(root)
        if connection is None:
            return None
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of small objects: the collector would rescan them all
        try:
            cache.config_key = config_key
            for note_path, parse, derived in connection.execute("SELECT path, parse, derived FROM notes"):
                parsed = load_record(parse)
                cache.notes[note_path] = parsed
                for step, fields in load_record(derived).items():
                    cache.records[(step, note_path)] = Derived(parsed.note, *fields)
        finally:
            connection.close()
            if collecting:
                gc.enable()
    except READ_ERRORS as exc:
        cache.notes.clear()
        cache.records.clear()
        cache.config_key = None
        return f"the index could not be read ({type(exc).__name__}): rebuilding it"
    cache.dirty.clear()
    return None


def load_record(blob: bytes):
    """One pickled value of the index, loaded with only vaultkit's record classes allowed."""
    return _RecordUnpickler(io.BytesIO(blob)).load()


def dump_record(value) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def save(root: Path, cache: Cache, vault: Vault, problems: list[Problem], fingerprint: str,
         pieces: Pieces | None = None) -> str | None:
    """Write what changed since the load, the fact tables and the build's outcome, in one
    transaction; a notice on failure. An index SQLite cannot open (truncated, garbage) is
    replaced by a new one."""
    def everything(connection: sqlite3.Connection) -> None:
        _save_notes(connection, cache)
        _save_facts(connection, vault, cache)
        save_outcome(connection, cache, vault, problems, fingerprint, pieces)

    notice = guarded(root, cache, everything, everything)
    if notice is None:
        cache.dirty.clear()
        cache.premade_rows = []
        cache.saved_fingerprint = fingerprint
    return notice


class PendingSave:
    """An index save in two steps, the slow one beside the rest of the build.

    ``start`` writes every changed note and the fact tables (they depend on the vault only)
    in a forked process while this one renders and writes the pages; ``finish`` waits for it,
    then records the pages written, the problems and the fingerprint in a short second
    transaction. Where a fork is not safe (Windows, other threads running), ``finish`` saves
    everything itself. With ``release``, this process lets go of the parsed notes once the
    child has them (a one-off build needs only the vault from there on); if the child then
    fails, the index keeps the facts but no fingerprint, so the next run reads what changed.
    A crash at any point leaves an index that is usable or rebuilt.
    """

    def __init__(self, root: Path, cache: Cache, release: bool = False) -> None:
        self.root, self.cache, self.release = root, cache, release
        self.vault: Vault | None = None
        self.child: tuple[int, int] | None = None  # (pid, read end of its pipe)

    def start(self, vault: Vault) -> None:
        self.vault = vault
        if not _may_fork():
            return
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: write, say how it went, leave without running any exit handler
            os.close(reader)
            outcome = b"failed"
            try:
                notice = guarded(self.root, self.cache, self._notes_and_facts, self._notes_and_facts)
                outcome = b"ok" if notice is None else b"failed"
            finally:
                os.write(writer, outcome)
                os._exit(0)
        os.close(writer)
        self.child = (pid, reader)
        if self.release:
            self.cache.release_notes()

    def _notes_and_facts(self, connection: sqlite3.Connection) -> None:
        _save_notes(connection, self.cache)
        _save_facts(connection, self.vault, self.cache)

    def finish(self, problems: list[Problem], fingerprint: str, pieces: Pieces | None = None) -> str | None:
        """Wait for the first step and write the second; a notice when the index could not be saved.
        ``pieces``: the build's (``pages.Rendered``), for the next delta build."""
        vault, cache = self.vault, self.cache
        if self.child is None:
            return save(self.root, cache, vault, problems, fingerprint, pieces)
        succeeded = self._child_succeeded()
        if not succeeded and not self.release:
            return save(self.root, cache, vault, problems, fingerprint, pieces)

        def outcome(connection: sqlite3.Connection) -> None:
            save_outcome(connection, cache, vault, problems, fingerprint, pieces)

        def without_notes(connection: sqlite3.Connection) -> None:  # the child's part is lost
            _save_facts(connection, vault)
            save_outcome(connection, cache, vault, problems, "")

        def everything(connection: sqlite3.Connection) -> None:  # the file was lost meanwhile
            self._notes_and_facts(connection)
            outcome(connection)

        if not succeeded:
            return guarded(self.root, cache, without_notes, without_notes) or NOT_SAVED
        notice = guarded(self.root, cache, outcome, without_notes if self.release else everything)
        if notice is None:
            cache.dirty.clear()
            cache.premade_rows = []
            cache.saved_fingerprint = fingerprint
        return notice

    def _child_succeeded(self) -> bool:
        pid, reader = self.child
        self.child = None
        try:
            with os.fdopen(reader, "rb") as pipe:
                said = pipe.read()
        finally:
            os.waitpid(pid, 0)
        return said == b"ok"


NOT_SAVED = "the index could not save the notes it read; the next run reads them again"


def _may_fork() -> bool:
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1


def guarded(root: Path, cache: Cache, write, rewrite) -> str | None:
    """Run ``write(connection)`` in one transaction on the index; if SQLite cannot open the file
    (truncated, garbage), replace it by a new one holding ``rewrite``'s (everything)."""
    path = index_path(root)
    try:
        path.parent.mkdir(exist_ok=True)
        if any(p.is_symlink() for p in (path.parent, path, path.with_name(path.name + "-journal"))):
            return f"the index was not written: {STATE_FOLDER}/ or its index is a symbolic link, never written through"
        try:
            _transaction(path, write)
        except sqlite3.OperationalError:
            raise  # busy or locked (another process holds it): not a broken file, keep it
        except sqlite3.DatabaseError:
            for stale in (path, path.with_name(path.name + "-journal")):
                stale.unlink(missing_ok=True)
            cache.dirty.update(cache.notes)  # everything goes into the new file
            _transaction(path, rewrite)
    except (OSError, sqlite3.Error) as exc:
        return f"the index could not be written ({exc}); the next run reads every note again"
    return None


def _transaction(path: Path, write) -> None:
    connection = sqlite3.connect(path, timeout=5)
    try:
        with connection:
            _ensure_schema(connection)
            write(connection)
    finally:
        connection.close()


def save_outcome(connection: sqlite3.Connection, cache: Cache, vault: Vault, problems: list[Problem],
                 fingerprint: str, pieces: Pieces | None = None, delta_ready: bool = False) -> None:
    """The pages vaultkit wrote, the build's problems and the meta data (the fingerprint last).
    The index is ready for a delta build with a full build's ``pieces`` (saved here) and
    snapshot, or when a delta build says so (``delta_ready``); otherwise not."""
    if pieces is not None:
        save_pieces(connection, pieces)
    ready = (delta_ready or pieces is not None) and bool(connection.execute("SELECT count(*) FROM snapshot").fetchone()[0])
    connection.execute("DELETE FROM pages")
    connection.executemany("INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                           [(page, *(key or (None, None, None)), sha)
                            for page, (key, sha) in sorted(cache.written.items())])
    connection.execute("DELETE FROM problems")
    connection.executemany("INSERT INTO problems VALUES (?, ?, ?, ?, ?)",
                           [(p.path, p.line, p.severity, p.code, p.message) for p in problems])
    _set_meta(connection, {"schema_version": str(SCHEMA_VERSION), "code": code_fingerprint(),
                           "config": cache.config_key or "", "fingerprint": fingerprint,
                           "today": vault.today.isoformat(), "notes": str(vault.note_count),
                           "delta": "ready" if ready else ""})


def _ensure_schema(connection: sqlite3.Connection) -> None:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = None
    if "meta" in tables:
        version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if version != (str(SCHEMA_VERSION),) or not {"notes", "pages", *FACT_TABLES} <= tables:
        for table in tables:
            connection.execute(f'DROP TABLE IF EXISTS "{table}"')
        connection.executescript(SCHEMA)
        connection.execute("BEGIN")
        _set_meta(connection, {"schema_version": str(SCHEMA_VERSION)})


def note_row(path: str, parsed, derived: dict) -> tuple:
    """A row of the ``notes`` table: a file's parse and, apart, what was derived from it by step
    (without the parse, which it refers to: a delta build loads the records alone)."""
    kind = parsed.note.kind if parsed.note is not None else None
    records = {step: (d.trace, d.result, d.problems, d.names) for step, d in derived.items()}
    return path, parsed.stat_key[0], parsed.stat_key[1], parsed.digest, kind, dump_record(parsed), dump_record(records)


def _save_notes(connection: sqlite3.Connection, cache: Cache) -> None:
    stored = {row[0] for row in connection.execute("SELECT path FROM notes")}
    premade = {row[0] for row in cache.premade_rows}
    gone = stored - set(cache.notes) - premade
    connection.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in sorted(gone)])
    derived = cache.records_by_note()

    def rows():  # one bundle at a time: pickling them all first would hold them all in memory
        for note_path in sorted(p for p in cache.notes if p in cache.dirty or p not in stored):
            yield note_row(note_path, cache.notes[note_path], derived.get(note_path, {}))

    connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)", rows())
    connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)", cache.premade_rows)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _save_facts(connection: sqlite3.Connection, vault: Vault, cache: Cache | None = None) -> None:
    """What ``vaultkit query`` reads (the tables of contacts, interactions, gives, asks, tasks,
    goals) and what a delta build starts from (refs, the snapshot; with ``cache``)."""
    for table in (*FACT_TABLES, *DELTA_TABLES):
        if table != "problems":
            connection.execute(f"DELETE FROM {table}")
    save_contacts(connection, vault, vault.contacts)
    insert_records(connection, vault.interactions, vault.exchanges, vault.tasks)
    save_goals(connection, vault, vault.progress)
    if cache is not None:
        from vaultkit.delta import snapshot_of

        snapshot = snapshot_of(vault, cache)
        if snapshot is not None:
            connection.executemany("INSERT INTO snapshot VALUES (?, ?)",
                                   [(name, dump_record(part)) for name, part in snapshot.items()])


def save_contacts(connection: sqlite3.Connection, vault: Vault, paths) -> None:
    """The rows of ``contacts`` for these contact paths (replacing theirs)."""
    from vaultkit.reports.balance import ledger

    rows = []
    for path in paths:
        contact = vault.contacts[path]
        found = ledger(vault, path)
        rows.append((path, contact.name, contact.company, contact.role, contact.email, contact.status,
                     contact.tier, str(contact.cadence) if contact.cadence else None, _day(contact.met),
                     _day(vault.last_contact.get(path)), found.given, found.asked, found.balance))
    connection.executemany(f"INSERT OR REPLACE INTO contacts VALUES ({', '.join('?' * 13)})", rows)


def save_goals(connection: sqlite3.Connection, vault: Vault, paths) -> None:
    """The rows of ``goals`` for these goal paths (replacing theirs)."""
    connection.executemany("INSERT OR REPLACE INTO goals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        (path, p.goal.title, p.goal.metric, p.goal.target, p.goal.status, _day(p.goal.start), _day(p.goal.deadline),
         p.value, p.expected, p.state) for path, p in ((path, vault.progress[path]) for path in paths)])


def insert_records(connection: sqlite3.Connection, interactions, exchanges, tasks) -> None:
    """Rows for these records in the fact tables, and in ``refs`` which contacts and goals each
    note names. Gives, asks and tasks are numbered on from the highest number there."""
    connection.executemany("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (i.id, i.source.path, i.source.line, i.date.isoformat(), i.title, i.channel, i.outcome, _day(i.follow_up))
        for i in interactions])
    connection.executemany("INSERT INTO participants VALUES (?, ?)",
                           [(i.id, c) for i in interactions for c in i.participants])
    connection.executemany("INSERT INTO interaction_goals VALUES (?, ?)",
                           [(i.id, g) for i in interactions for g in i.goals])
    first = connection.execute("SELECT coalesce(max(id), 0) FROM exchanges").fetchone()[0] + 1
    connection.executemany("INSERT INTO exchanges VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [
        (n, e.kind, e.date.isoformat(), e.text, e.weight, e.source.path, e.source.line, e.interaction)
        for n, e in enumerate(exchanges, first)])
    connection.executemany("INSERT INTO exchange_contacts VALUES (?, ?)",
                           [(n, c) for n, e in enumerate(exchanges, first) for c in e.contacts])
    first = connection.execute("SELECT coalesce(max(id), 0) FROM tasks").fetchone()[0] + 1
    connection.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?)", [
        (n, _day(t.due), t.text, t.source.path, t.source.line, t.interaction) for n, t in enumerate(tasks, first)])
    connection.executemany("INSERT INTO task_contacts VALUES (?, ?)",
                           [(n, c) for n, t in enumerate(tasks, first) for c in t.contacts])
    refs = {(i.source.path, owner) for i in interactions for owner in (*i.participants, *i.goals)}
    refs |= {(r.source.path, c) for r in (*exchanges, *tasks) for c in r.contacts}
    connection.executemany("INSERT INTO refs VALUES (?, ?)", sorted(refs))


def delete_records(connection: sqlite3.Connection, notes: list[str]) -> None:
    """Every fact-table and ``refs`` row of what was derived from these notes."""
    for note in notes:
        connection.execute("DELETE FROM participants WHERE interaction IN (SELECT id FROM interactions WHERE path = ?)",
                           (note,))
        connection.execute("DELETE FROM interaction_goals WHERE interaction IN "
                           "(SELECT id FROM interactions WHERE path = ?)", (note,))
        connection.execute("DELETE FROM interactions WHERE path = ?", (note,))
        connection.execute("DELETE FROM exchange_contacts WHERE exchange IN (SELECT id FROM exchanges WHERE path = ?)",
                           (note,))
        connection.execute("DELETE FROM exchanges WHERE path = ?", (note,))
        connection.execute("DELETE FROM task_contacts WHERE task IN (SELECT id FROM tasks WHERE path = ?)", (note,))
        connection.execute("DELETE FROM tasks WHERE path = ?", (note,))
        connection.execute("DELETE FROM refs WHERE note = ?", (note,))


def save_pieces(connection: sqlite3.Connection, pieces: Pieces, owners=None) -> None:
    """Each contact's and goal's pieces of the shared pages: all of them (``owners`` None), or
    those of ``owners`` only (replacing theirs)."""
    if owners is None:
        connection.execute("DELETE FROM follow_up_pieces")
        connection.execute("DELETE FROM balance_rows")
    else:
        connection.executemany("DELETE FROM follow_up_pieces WHERE owner = ?", [(o,) for o in sorted(owners)])
        connection.executemany("DELETE FROM balance_rows WHERE owner = ?", [(o,) for o in sorted(owners)])
    connection.executemany("INSERT INTO follow_up_pieces VALUES (?, ?, ?, ?, ?)",
                           [(owner, *piece) for owner, piece in pieces.follow_ups])
    connection.executemany("INSERT INTO balance_rows VALUES (?, ?, ?)", [(owner, *row) for owner, row in pieces.balance_rows])


def load_pieces(connection: sqlite3.Connection) -> Pieces:
    from vaultkit.pages.pieces import BalanceRow, FollowUpPiece, Pieces

    return Pieces([(owner, FollowUpPiece(key, group, lines, bool(context)))
                   for owner, key, group, lines, context in connection.execute("SELECT * FROM follow_up_pieces")],
                  [(owner, BalanceRow(key, line)) for owner, key, line in connection.execute("SELECT * FROM balance_rows")])


def _set_meta(connection: sqlite3.Connection, values: dict[str, str]) -> None:
    connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(values.items()))


def saved_problems(root: Path) -> list[Problem]:
    """The problems the last build stored (for a build that found nothing changed)."""
    connection = sqlite3.connect(f"file:{index_path(root)}?mode=ro", uri=True)
    try:
        return [Problem(*row) for row in connection.execute(
            "SELECT path, line, severity, code, message FROM problems ORDER BY path, line, code")]
    finally:
        connection.close()
