"""What each command does with one engine run: ``build`` writes the pages, ``check`` reports,
the views answer from the index. Every one of them first brings the index up to date
(``vaultkit.incremental.engine``), holding the vault's lock, so none races another or ``watch``.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from vaultkit.buildlog import figures, finished, save_record
from vaultkit.cancel import Cancelled
from vaultkit.config import Config, load_config
from vaultkit.hosts import writes_here
from vaultkit.incremental import store
from vaultkit.incremental.engine import Inputs, update
from vaultkit.incremental.outputs import sync_pages
from vaultkit.lock import Busy, locked
from vaultkit.problems import Problem, sort_problems
from vaultkit.writer import WriteReport

T = TypeVar("T")

READ_WAIT = 10.0  # seconds a read command waits for a build or watch to finish


@dataclass
class BuildResult:
    pages: int  # pages the vault has now
    report: WriteReport
    problems: list[Problem]  # the vault's and the writer's, sorted
    note_count: int
    notice: str | None = None  # about the index (rebuilt, not writable...) or the lock
    config: Config = field(default_factory=Config)
    elsewhere: str | None = None  # build_on names this other machine: no page was written here


@dataclass
class Checked:
    problems: list[Problem]
    note_count: int
    notice: str | None
    config: Config


def build(root: Path, today: dt.date, stop: Callable[[], bool] | None = None,
          progress: Callable[[int, int], None] | None = None, inputs: Callable[[], Inputs] | None = None,
          wait: float | None = None, locked_now: Callable[[], None] | None = None, by: str = "build",
          force: bool = False) -> BuildResult:
    """Bring the index up to date and write every page that changed into the output folder.

    Raises ``cancel.Cancelled`` when ``stop()`` turns true while the index is brought up to
    date (nothing is saved); once writing has begun, a stop leaves every page either old or
    new, never half-written. ``lock.Busy`` when another build holds the vault past ``wait``
    seconds. ``inputs()``: what the caller knows of the vault already (``engine.Inputs``: ``watch``
    keeps the last good settings while ``vaultkit.toml`` has errors, and its own listing). ``locked_now()`` is called
    once the lock is held, before anything is read (``watch`` takes the saves made meanwhile).

    When ``build_on`` in the settings names another machine, no page is written (unless
    ``force``): the result's ``elsewhere`` names that machine. Every build that gets the lock
    ends by recording what it did (``buildlog``, for ``vaultkit status``); ``by`` names the command.
    """
    started = time.perf_counter()
    with _running(root, wait, stop) as (connection, notice):
        started_ns = time.time_ns()
        try:
            if locked_now is not None:
                locked_now()
            outcome = update(connection, Path(root), today, stop, progress, inputs() if inputs else None)
            build_on = outcome.config.build_on
            elsewhere = None if force or writes_here(build_on) else build_on
            report = WriteReport() if elsewhere else sync_pages(connection, Path(root), outcome, today, stop)
        except Cancelled:
            raise
        except Exception as exc:
            save_record(root, finished(started_ns, started, time.time_ns(), time.perf_counter(), by,
                                       today.isoformat(), failed=True, last_error=_one_line(exc)))
            raise
        result = BuildResult(len(outcome.page_hashes), report, with_writers(outcome.problems, report),
                             outcome.note_count, outcome.notice or notice, outcome.config, elsewhere)
        save_record(root, finished(
            started_ns, started, time.time_ns(), time.perf_counter(), by, today.isoformat(),
            notes=result.note_count, pages=result.pages, written=len(report.written),
            unchanged=len(report.unchanged), deleted=len(report.deleted), wrote=elsewhere is None,
            build_on=build_on, **figures(result.problems)))
    return result


def _one_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def check(root: Path, today: dt.date, progress: Callable[[int, int], None] | None = None,
          wait: float | None = None) -> Checked:
    """Bring the index up to date; every problem, generated pages edited by hand included."""
    return answer(root, today, lambda _connection, checked: checked, progress, wait)


def answer(root: Path, today: dt.date, ask: Callable[[sqlite3.Connection, Checked], T],
           progress: Callable[[int, int], None] | None = None, wait: float | None = None) -> T:
    """Bring the index up to date, then ``ask(connection, checked)`` of it (``incremental.answers``).

    While another process (``build``, ``watch``) holds the vault past ``wait`` seconds, the
    answer comes from the index as that process last left it, with a notice; ``lock.Busy``
    only when there is no index yet."""
    try:
        with _running(root, READ_WAIT if wait is None else wait) as (connection, notice):
            outcome = update(connection, Path(root), today, None, progress)
            return ask(connection, Checked(outcome.problems, outcome.note_count, outcome.notice or notice,
                                           outcome.config))
    except Busy as exc:
        return _as_left(root, ask, exc)


def _as_left(root: Path, ask, busy: Exception):
    """``ask`` of the index as it is, unchanged (another process holds the vault)."""
    try:
        connection, _ = store.connect(Path(root), write=False)
        try:
            problems = sort_problems(Problem(*row) for row in connection.execute(
                "SELECT path, line, severity, code, message FROM problems"))
            notes = int(store.meta(connection).get("notes", 0))
            notice = f"{busy}: answered from the index as it last left it"
            return ask(connection, Checked(problems, notes, notice, load_config(Path(root))[0]))
        finally:
            connection.close()
    except sqlite3.Error:
        raise busy from None


@contextmanager
def _running(root: Path, wait: float | None, stop: Callable[[], bool] | None = None):
    """The vault's lock held and its index open; the garbage collector paused meanwhile (a run
    makes hundreds of thousands of records and almost no cycles: the collector would rescan
    them all, again and again). Yields the connection and a notice (no lock, no index file)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        with locked(root, wait, stop) as lock_notice:
            connection, notice = store.connect(Path(root))
            try:
                yield connection, notice or lock_notice
            finally:
                connection.close()
    finally:
        if collecting:
            gc.enable()


def with_writers(problems: list[Problem], report: WriteReport) -> list[Problem]:
    """A build's problems and the writer's, sorted. The writer's notes on hand edits say where
    the user's version went: they replace the early ones."""
    written = {(p.path, p.code) for p in report.problems}
    return sort_problems([*(p for p in problems if (p.path, p.code) not in written), *report.problems])
