"""Writing the index in bulk: a step's writes are collected and made at its end, one statement
per table; problems and page hashes are held in memory for the run and compared there, so
a run that changes nothing writes nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from typing import Iterable

from vaultkit.incremental import store
from vaultkit.problems import Problem, sort_problems
from vaultkit.render import Page


class Batch:
    """Deletions, then insertions, then updates, per table; ``fresh``: the tables started empty
    this run (an index made anew), so nothing needs deleting."""

    PENDING = 20_000  # rows held before ``settle`` writes them: a cold build of 100,000 notes holds no more

    def __init__(self, connection: sqlite3.Connection, fresh: bool) -> None:
        self.connection, self.fresh = connection, fresh
        self.deletes: dict[tuple[str, str], list] = {}
        self.inserts: dict[str, list[tuple]] = {}
        self.updates: dict[str, list[tuple]] = {}
        self.pending = 0

    def delete(self, table: str, column: str, value) -> None:
        if not self.fresh:
            self.deletes.setdefault((table, column), []).append(value)

    def insert(self, table: str, rows: Iterable[tuple]) -> None:
        held = self.inserts.setdefault(table, [])
        before = len(held)
        held.extend(rows)
        self.pending += len(held) - before

    def settle(self) -> None:
        """Write what is held once it is a lot; called between two notes or parts, never
        between a deletion and the insertion that replaces it."""
        if self.pending >= self.PENDING:
            self.flush()

    def update(self, statement: str, row: tuple) -> None:
        self.updates.setdefault(statement, []).append(row)

    def flush(self) -> None:
        connection = self.connection
        for (table, column), values in self.deletes.items():
            store.delete_in(connection, table, column, values)
        for table, rows in self.inserts.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
        for statement, rows in self.updates.items():
            connection.executemany(statement, rows)
        self.deletes, self.inserts, self.updates = {}, {}, {}
        self.pending = 0


class ProblemTable:
    """``engine_problems`` by source (a note's step, a name, the settings...), in memory for the run."""

    def __init__(self, connection: sqlite3.Connection, batch: Batch) -> None:
        self.batch = batch
        self.rows: dict[str, list[tuple]] = {}
        for row in connection.execute("SELECT * FROM engine_problems ORDER BY rowid"):
            self.rows.setdefault(row[0], []).append(row)
        self.changed = False

    def set(self, source: str, problems: Iterable[Problem]) -> None:
        """The problems of ``source``, replacing its last ones."""
        rows = [(source, p.path, p.line, p.severity, p.code, p.message) for p in problems]
        if rows == self.rows.get(source, []):
            return
        self.changed = True
        self.batch.delete("engine_problems", "source", source)
        self.batch.insert("engine_problems", rows)
        if rows:
            self.rows[source] = rows
        else:
            self.rows.pop(source, None)

    def all(self) -> list[Problem]:
        return sort_problems(Problem(*row[1:]) for rows in self.rows.values() for row in rows)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PageTable:
    """``engine_pages``: every page's text by the contact or goal it belongs to ("" for the
    shared pages); ``changed`` collects the pages whose text this run changed."""

    def __init__(self, connection: sqlite3.Connection, batch: Batch) -> None:
        self.batch = batch
        self.hashes: dict[str, str] = {}  # page -> sha256 of its text
        self.owner_of: dict[str, str] = {}
        self.owned: dict[str, set[str]] = {}
        for path, owner, digest in connection.execute("SELECT path, owner, sha256 FROM engine_pages"):
            self.hashes[path], self.owner_of[path] = digest, owner
            self.owned.setdefault(owner, set()).add(path)
        self.changed: dict[str, str] = {}

    def replace(self, owner: str, pages: list[Page]) -> None:
        """``owner``'s pages are now ``pages`` (a page may pass from one owner to another)."""
        new = {page.path: page for page in pages}
        for path in self.owned.pop(owner, set()) - new.keys():
            if self.owner_of.get(path) == owner:
                self.batch.delete("engine_pages", "path", path)
                del self.hashes[path], self.owner_of[path]
        rows = []
        for path, page in new.items():
            digest = sha(page.text)
            if self.hashes.get(path) != digest or self.owner_of.get(path) != owner:
                if self.hashes.get(path) != digest:
                    self.changed[path] = page.text
                self.hashes[path], self.owner_of[path] = digest, owner
                rows.append((path, owner, digest, zlib.compress(page.text.encode("utf-8"), 1)))
        if new:
            self.owned[owner] = set(new)
        self.batch.insert("engine_pages", rows)


def page_texts(connection: sqlite3.Connection, paths) -> dict[str, str]:
    """The stored texts of these pages."""
    return {path: zlib.decompress(blob).decode("utf-8")
            for path, blob in store.rows_in(connection, "SELECT path, text FROM engine_pages WHERE path IN", paths)}
