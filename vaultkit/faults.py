"""Test-only fault injection: fail, or kill the process, at the Nth file system or database
operation of a build.

The writer, the staging folder, the manifest and ``ondisk`` call ``step(op, path)`` right
before each operation that changes the disk (open, write, fsync, rename, unlink, mkdir,
rmdir, rmtree); ``store`` hands each index connection it opens to ``watch_database``, which
counts its SQL statements. Nothing else turns it on: no setting, no environment variable.
Only a test calls ``arm`` (in its own process, or in a child it starts and lets die). While
unarmed, a seam is one global lookup and a ``None`` check.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from dataclasses import dataclass, field

FILES = "fs"  # what a plan counts: file system operations...
DATABASE = "db"  # ... or SQL statements on the index
FAIL = "fail"  # the operation raises (``OSError`` for files; ``sqlite3.OperationalError`` for the index)
KILL = "kill"  # the process ends on the spot (``os._exit``): no ``finally``, no flush, as SIGKILL
KILLED = 86  # the exit status of a process a plan killed


@dataclass
class Plan:
    """Fault the operations of ``kind`` numbered ``at`` to ``until`` (1-based; ``until``
    defaults to ``at``: one fault), counting only those whose description (``"rename <path>"``,
    ``"INSERT"``...) contains ``match``. ``error``: an errno for ``OSError``, or an exception
    to raise (``KeyboardInterrupt()``). ``fired`` holds the first operation faulted."""

    kind: str
    at: int
    mode: str = FAIL
    error: int | BaseException = errno.ENOSPC
    until: float | None = None
    match: str = ""
    counts: dict[str, int] = field(default_factory=lambda: {FILES: 0, DATABASE: 0})  # every operation seen
    matched: int = 0
    fired: str | None = None
    log: list[str] | None = None  # every operation counted, when a test wants to see them
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the writer works on several threads

    def count(self, kind: str, what: str) -> bool:
        """Count one operation; True when it is one to fault."""
        with self._lock:
            self.counts[kind] += 1
            if self.log is not None:
                self.log.append(f"{kind} {what}")
            if kind != self.kind or self.match not in what:
                return False
            self.matched += 1
            if not self.at <= self.matched <= (self.at if self.until is None else self.until):
                return False
            self.fired = self.fired or what
        if self.mode == KILL:
            os._exit(KILLED)
        return True

    def exception(self, path) -> BaseException:
        if isinstance(self.error, BaseException):
            return self.error
        return OSError(self.error, os.strerror(self.error), os.fspath(path) if path is not None else None)


plan: Plan | None = None


def arm(new: Plan | None) -> None:
    """Use ``new`` from now on (None: no faults). Tests only."""
    global plan
    plan = new


def step(op: str, path=None) -> None:
    """Called right before a file system operation that changes the disk."""
    if plan is not None and plan.count(FILES, f"{op} {path}"):
        raise plan.exception(path)


def watch_database(connection: sqlite3.Connection) -> None:
    """Count the statements run on ``connection`` (an index connection just opened); to fail
    one, interrupt it as it starts (``sqlite3.OperationalError: interrupted``; an interrupted
    write rolls its transaction back, as SQLite does when the disk is full)."""
    current = plan
    if current is None:
        return

    def statement(sql: str) -> None:  # SQLite calls it as each statement starts to run
        if current.count(DATABASE, sql.split(None, 1)[0] if sql.strip() else "?"):
            connection.interrupt()

    connection.set_trace_callback(statement)
