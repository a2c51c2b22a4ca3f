"""``vaultkit watch`` as a whole: a ``Watcher`` with the watch lock held while it runs (for
``vaultkit status``), the ``--log`` file, and the daily nudge after each build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from vaultkit.build import BuildResult
from vaultkit.heap import return_large_buffers
from vaultkit.hosts import this_host
from vaultkit.lock import WatchHeld, WatchLock
from vaultkit.logs import DEFAULT_KEEP, DEFAULT_MAX_KB, BuildLog, LogUnwritable
from vaultkit.nudge import Nudger
from vaultkit.render import link
from vaultkit.watch import Watcher


@dataclass(frozen=True)
class LogOptions:
    path: Path
    max_kb: int = DEFAULT_MAX_KB
    keep: int = DEFAULT_KEEP  # old files kept beside the log


class WatchRefused(Exception):
    """``watch`` cannot start (another watcher holds the vault, the log cannot be written): one line."""


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def run_watch(root: Path, say: Callable[[str], None], today: dt.date | None = None, polling: bool = False,
              log: LogOptions | None = None, started: Callable[[Watcher], None] = lambda watcher: None,
              now: Callable[[], dt.datetime] = local_now, nudger: Nudger | None = None) -> None:
    """Watch ``root`` until the watcher's ``stop`` is set; ``started(watcher)`` is called before its
    first build (to hand it a way to stop). Raises ``WatchRefused``."""
    try:
        build_log = BuildLog(log.path, log.max_kb, log.keep) if log else None
    except LogUnwritable as exc:
        raise WatchRefused(str(exc)) from None

    def say_all(message: str) -> None:
        say(message)
        if build_log is not None:
            build_log.say(message)

    lock = WatchLock(root)
    try:
        lock.acquire(this_host(), now())
    except WatchHeld as exc:
        if build_log is not None:
            build_log.close()
        raise WatchRefused(str(exc)) from None
    except OSError as exc:  # a read-only vault: watching still works, unseen by status
        say_all(f"could not take the watch lock ({exc.strerror or exc}); vaultkit status will not see this watch")
    nudger = nudger or Nudger(root, now, say_all)

    def after_build(result: BuildResult) -> None:
        if build_log is not None:
            build_log.problems(result.problems)
        nudger.after_build(result.config.notify, result.config.notify_at)
        link.cache_clear()  # links rendered for this build: kept for weeks of edits, up to 30 MB

    return_large_buffers()  # each rebuild's large buffers would otherwise creep the C heap (docs/safety.md)

    watcher = Watcher(root, today=today, polling=polling, say=say_all, after_build=after_build)
    try:
        started(watcher)
        say_all(f"watching {root} (Ctrl-C to stop)")
        watcher.run()
        say_all("stopped")
    except Exception as exc:
        say_all(f"stopped by an error: {type(exc).__name__}: {exc}")
        raise
    finally:
        lock.release()
        if build_log is not None:
            build_log.close()
