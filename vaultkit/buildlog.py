"""The last build's record, ``.vaultkit/last-build.json``: written at the end of every build
(``vaultkit build`` and each build of ``watch``) for ``vaultkit status`` to read."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from vaultkit.hosts import this_host
from vaultkit.problems import ERROR, WARNING, Problem
from vaultkit.statefile import read_json, write_json

RECORD_NAME = "last-build.json"


@dataclass(frozen=True)
class BuildRecord:
    """What one build did, and when. Times are nanoseconds since the epoch."""

    started_ns: int  # the lock was held: every note read was read after this
    finished_ns: int
    seconds: float
    by: str  # "build" or "watch"
    host: str
    pid: int
    today: str  # the date the pages are for (YYYY-MM-DD)
    notes: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    deleted: int = 0
    errors: int = 0
    warnings: int = 0
    last_error: str | None = None  # the build's failure, else its first error problem (one line)
    wrote: bool = True  # False: build_on names another machine, which writes the pages
    build_on: str | None = None
    failed: bool = False  # the build stopped on an error: pages may be partly old


def finished(started_ns: int, started: float, now_ns: int, now: float, by: str, today: str, **figures) -> BuildRecord:
    """A record for a build that began at ``started_ns`` (``started``: ``time.perf_counter``)."""
    return BuildRecord(started_ns, now_ns, round(now - started, 3), by, this_host(), os.getpid(), today, **figures)


def figures(problems: list[Problem]) -> dict:
    """The problem counts and the first error of a build's problems."""
    first_error = next((p for p in problems if p.severity == ERROR), None)
    return {"errors": sum(1 for p in problems if p.severity == ERROR),
            "warnings": sum(1 for p in problems if p.severity == WARNING),
            "last_error": first_error.format() if first_error else None}


def save_record(root: Path, record: BuildRecord) -> None:
    """Write the record, atomically; a vault where it cannot be written keeps none."""
    try:
        write_json(root, RECORD_NAME, asdict(record))
    except OSError:
        pass  # the build itself said what it could not write, if anything


def load_record(root: Path) -> BuildRecord | None:
    """The last build's record; None when there is none (never built here) or it is unreadable."""
    data = read_json(root, RECORD_NAME)
    if data is None:
        return None
    known = {f.name for f in fields(BuildRecord)}
    try:
        return BuildRecord(**{k: v for k, v in data.items() if k in known})
    except TypeError:  # a field missing: another version wrote it
        return None
