"""``vaultkit status``: is a watcher running for this vault, on which machine; the last build;
and whether the pages are older than the notes they come from. Reads only: no lock is waited
for, no index updated, nothing written."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from vaultkit.buildlog import BuildRecord, load_record
from vaultkit.config import CONFIG_NAME, Config, load_config
from vaultkit.hosts import elsewhere_line, this_host, writes_here
from vaultkit.lock import Watching, watcher_of
from vaultkit.walk import find_notes

NAMED = 5  # changed notes named; the rest are a count


@dataclass(frozen=True)
class Pages:
    """Whether the pages are as current as the notes: ``current`` None when it cannot be told."""

    current: bool | None
    why: str | None = None  # when not current, or not known
    changed: list[str] = field(default_factory=list)  # notes changed since the last build: new, edited, gone
    dated: str | None = None  # the date the pages are for, when it is not today


@dataclass(frozen=True)
class Status:
    vault: Path
    host: str
    today: dt.date
    running: bool | None  # None: the lock names a watcher on another machine, which cannot be seen from here
    watching: Watching | None
    build_on: str | None
    record: BuildRecord | None
    pages: Pages

    @property
    def writes_here(self) -> bool:
        return writes_here(self.build_on, self.host)


def vault_status(root: Path, today: dt.date, host: str | None = None) -> Status:
    """The status of the vault at ``root`` on ``today`` (as seen from ``host``, default this machine)."""
    host = host or this_host()
    config, _problems = load_config(root)
    held, watching = watcher_of(root)
    running: bool | None = held
    if not held and watching is not None and watching.host and watching.host.casefold() != host.casefold():
        running = None  # a watch lock only tells of the machine that holds it
    record = load_record(root)
    return Status(Path(root).absolute(), host, today, running, watching, config.build_on, record,
                  pages_status(root, config, record, today, host))


def pages_status(root: Path, config: Config, record: BuildRecord | None, today: dt.date, host: str) -> Pages:
    if not writes_here(config.build_on, host):
        return Pages(None, f"they are written on {config.build_on}, which this machine cannot see")
    if record is None:
        return Pages(None, "no build recorded on this machine yet")
    changed = changed_notes(root, config, record)
    dated = record.today if record.today < today.isoformat() else None
    problems = []
    missing = record.pages - record.written - record.unchanged
    if record.failed:
        problems.append("the last build failed")
    elif not record.wrote:
        problems.append(f"the last build wrote no page (build_on = {record.build_on})")
    elif missing > 0:
        problems.append(f"the last build could not write {missing} of its {record.pages} pages")
    if changed:
        problems.append(f"{len(changed)} note{'' if len(changed) == 1 else 's'} changed since the last build")
    if dated:
        problems.append(f"they are for {record.today}, not {today.isoformat()}")
    return Pages(not problems, "; ".join(problems) or None, changed, dated)


def changed_notes(root: Path, config: Config, record: BuildRecord) -> list[str]:
    """Notes (and ``vaultkit.toml``) modified after the last build began reading, or that differ
    from what the index recorded of them (edited, new or gone), by path."""
    found, _ = find_notes(Path(root), config)
    indexed = _indexed_notes(root)
    changed = set()
    for note in found:
        try:
            info = os.stat(note.location)
        except OSError:
            continue  # gone since the walk
        stat_key = (info.st_mtime_ns, info.st_size)
        if info.st_mtime_ns > record.started_ns or (indexed and indexed.get(note.path) != stat_key):
            changed.add(note.path)
    changed.update(indexed.keys() - {note.path for note in found})
    try:
        if (Path(root) / CONFIG_NAME).stat().st_mtime_ns > record.started_ns:
            changed.add(CONFIG_NAME)
    except OSError:
        pass
    return sorted(changed)


def _indexed_notes(root: Path) -> dict[str, tuple[int, int]]:
    """What the index recorded of each note: (mtime_ns, size); empty when there is no index."""
    from vaultkit.incremental import store  # the index's schema: only when status looks at it

    path = store.index_path(Path(root))
    if not path.is_file():
        return {}
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
        try:
            return {p: (m, s) for p, m, s in connection.execute("SELECT path, mtime_ns, size FROM notes")}
        finally:
            connection.close()
    except sqlite3.Error:
        return {}


def status_json(status: Status) -> dict:
    """``vaultkit status --json`` (docs/json.md)."""
    watching = status.watching or Watching()
    record = None
    if status.record is not None:
        record = {key: value for key, value in asdict(status.record).items()
                  if key not in ("started_ns", "finished_ns", "build_on")}
        record = {"finished": _when(status.record.finished_ns).isoformat(timespec="seconds"), **record}
    return {
        "vault": str(status.vault),
        "host": status.host,
        "today": status.today.isoformat(),
        "watcher": {"running": status.running, "pid": watching.pid, "host": watching.host, "since": watching.since},
        "build_on": status.build_on,
        "writes_here": status.writes_here,
        "last_build": record,
        "pages": {"current": status.pages.current, "why": status.pages.why, "changed": len(status.pages.changed),
                  "changed_notes": status.pages.changed[:NAMED], "dated": status.pages.dated},
    }


def status_text(status: Status, now: dt.datetime) -> str:
    """``vaultkit status`` for a terminal; ``now`` (aware) dates the last build ("3 min ago")."""
    lines = [f"vault       {status.vault}"]
    described = status.watching.describe() if status.watching else ""
    if status.running:
        lines.append(f"watcher     running{' (' + described + ')' if described else ''}")
    elif status.running is None:
        lines.append(f"watcher     not known: the lock names a watcher {described}; one on another machine "
                     f"cannot be seen from this one ({status.host})")
    else:
        lines.append("watcher     not running (vaultkit watch, or vaultkit service install, keeps the pages current)")
    lines.append(f"writes      {'on any machine' if status.build_on is None else 'only on ' + status.build_on}"
                 + ("" if status.writes_here else f": {elsewhere_line(status.build_on, status.host)}"))
    lines += _record_lines(status.record, now)
    pages = status.pages
    if pages.current:
        lines.append("pages       up to date")
    else:
        lines.append(f"pages       {'STALE' if pages.current is False else 'not known'}: {pages.why}")
        if pages.changed:
            more = len(pages.changed) - NAMED
            lines.append("            " + ", ".join(pages.changed[:NAMED]) + (f" and {more} more" if more > 0 else ""))
    return "\n".join(lines)


def _record_lines(record: BuildRecord | None, now: dt.datetime) -> list[str]:
    if record is None:
        return ["last build  none recorded on this machine"]
    when = _when(record.finished_ns).astimezone(now.tzinfo)
    ago = max(0, int((now - when).total_seconds()))
    lines = [f"last build  {when.strftime('%Y-%m-%d %H:%M:%S')} ({_ago(ago)}) by {record.by} on {record.host}, "
             f"{record.seconds:.2f} s" + (", FAILED" if record.failed else "")]
    if not record.failed:
        pages = (f"{record.written} written, {record.unchanged} unchanged, {record.deleted} deleted" if record.wrote
                 else f"none written here (build_on = {record.build_on})")
        lines.append(f"            {record.pages} pages from {record.notes} notes: {pages}; "
                     f"{_plural(record.errors, 'error')}, {_plural(record.warnings, 'warning')}")
    lines.append(f"            last error: {record.last_error or 'none'}")
    return lines


def _when(ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ns / 1e9, dt.timezone.utc)


def _ago(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min ago"
    return f"{seconds // 86400} days ago"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
