"""One writer at a time: an advisory lock file, ``.vaultkit/build.lock``, held while a build writes;
and ``.vaultkit/watch.lock``, held by ``vaultkit watch`` for as long as it runs.

Two ``vaultkit build`` runs on one vault (or a build beside ``watch``) would otherwise interleave
their pages, manifest and index. The lock is ``fcntl.flock`` on POSIX and ``msvcrt.locking`` on
Windows: the operating system drops it when its process ends, even on a crash or ``kill -9``, so
a stale lock file never blocks anyone. The file holds the pid of its holder, to name it.

The watch lock is how ``vaultkit status`` knows a watcher runs: it asks whether the lock is
held, so a crashed watcher is never reported running, and a watcher writes its file once
(pid, host name, start time), never again while it idles.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from contextlib import contextmanager
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Iterator

from vaultkit.manifest import STATE_FOLDER

LOCK_NAME = "build.lock"
WATCH_LOCK_NAME = "watch.lock"
WATCH_WAIT_SECONDS = 2.0  # a ``status`` probing the watch lock holds it for an instant: wait that out
WAIT_SECONDS = 5.0  # how long a second build waits for the first before giving up
POLL_SECONDS = 0.05
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt


class Busy(Exception):
    """Another process holds the lock; ``pid`` is what its lock file says (None if unknown)."""

    def __init__(self, pid: int | None):
        self.pid = pid
        holder = f" (pid {pid})" if pid is not None else ""
        super().__init__(f"another vaultkit build is running on this vault{holder}")


class VaultLock:
    """``with VaultLock(root):`` holds ``.vaultkit/build.lock``, waiting up to ``wait`` seconds
    (default ``WAIT_SECONDS``).

    Raises ``Busy`` when it is still held after the wait, or ``OSError`` when the lock file
    cannot be made (a read-only vault, ``.vaultkit`` a file or a symbolic link). ``stop()`` is
    asked while waiting; once true, ``Busy`` is raised at once.
    """

    def __init__(self, root: Path, wait: float | None = None, stop: Callable[[], bool] | None = None):
        self.path = Path(root) / STATE_FOLDER / LOCK_NAME
        self.wait = WAIT_SECONDS if wait is None else wait
        self.stop = stop or (lambda: False)
        self.fd: int | None = None

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()

    def acquire(self) -> None:
        self.fd = _take(self.path, self.wait, self.stop, lambda fd: Busy(_read_pid(fd)), _write_pid)

    def release(self) -> None:
        self.fd = _give_back(self.fd)


@dataclass(frozen=True)
class Watching:
    """What ``.vaultkit/watch.lock`` says of the watcher that took it (None: not written or unreadable)."""

    pid: int | None = None
    host: str | None = None
    since: str | None = None  # when it started: ISO date and time with its UTC offset

    def describe(self) -> str:
        parts = [f"pid {self.pid}" if self.pid else None, f"on {self.host}" if self.host else None,
                 f"since {self.since}" if self.since else None]
        return " ".join(p for p in parts if p)


class WatchHeld(Exception):
    """Another ``vaultkit watch`` holds this vault's watch lock."""

    def __init__(self, holder: Watching):
        self.holder = holder
        described = holder.describe()
        super().__init__("another vaultkit watch is running on this vault" + (f" ({described})" if described else ""))


class WatchLock:
    """``.vaultkit/watch.lock``, held by one ``vaultkit watch`` for its whole life.

    ``acquire(host, now)`` raises ``WatchHeld`` when another watcher holds it (after
    ``WATCH_WAIT_SECONDS``, the time a ``status`` probe may hold it), ``OSError`` when the lock
    file cannot be made."""

    def __init__(self, root: Path, wait: float = WATCH_WAIT_SECONDS):
        self.path = Path(root) / STATE_FOLDER / WATCH_LOCK_NAME
        self.wait = wait
        self.fd: int | None = None

    def acquire(self, host: str, now: dt.datetime) -> None:
        line = json.dumps({"pid": os.getpid(), "host": host, "since": now.isoformat(timespec="seconds")})
        self.fd = _take(self.path, self.wait, lambda: False, lambda fd: WatchHeld(_read_watching(fd)),
                        lambda fd: _rewrite(fd, (line + "\n").encode()))

    def release(self) -> None:
        self.fd = _give_back(self.fd)


def watcher_of(root: Path) -> tuple[bool, Watching | None]:
    """Whether a watcher holds this vault's watch lock now, and what its file says (None: no
    file). Takes the lock for an instant when it is free; creates nothing."""
    path = Path(root) / STATE_FOLDER / WATCH_LOCK_NAME
    try:
        if path.parent.is_symlink() or path.is_symlink():
            return False, None
        fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW)
    except OSError:
        return False, None
    try:
        held = not _try_shared(fd)
        if not held:
            _unlock(fd)
        return held, _read_watching(fd)
    finally:
        os.close(fd)


def _read_watching(fd: int) -> Watching | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8"))
        return Watching(*(data.get(key) if isinstance(data.get(key), kind) else None
                          for key, kind in (("pid", int), ("host", str), ("since", str))))
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        return None


@contextmanager
def locked(root: Path, wait: float | None = None, stop: Callable[[], bool] | None = None) -> Iterator[str | None]:
    """Hold the vault's lock for the ``with`` block; yields None, or a notice when no lock file
    can be made (a read-only vault...): the build then goes on unlocked, and says so.
    ``Busy`` propagates."""
    lock = VaultLock(root, wait, stop)
    try:
        lock.acquire()
        notice = None
    except OSError as exc:
        notice = f"could not lock the vault ({exc.strerror or exc}); building without the lock"
    try:
        yield notice
    finally:
        lock.release()  # nothing to release when no lock was taken


def _take(path: Path, wait: float, stop: Callable[[], bool], refused: Callable[[int], Exception],
          mark: Callable[[int], None]) -> int:
    """The open lock file at ``path``, locked and marked by ``mark(fd)``; waits up to ``wait``
    seconds (or until ``stop()``), then raises ``refused(fd)``."""
    fd = _open_lock_file(path)
    deadline = time.monotonic() + wait
    try:
        while not _try_lock(fd):
            if time.monotonic() >= deadline or stop():
                raise refused(fd)
            time.sleep(POLL_SECONDS)
        mark(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _give_back(fd: int | None) -> None:
    """Unlock and close ``fd`` (None: nothing held). The lock file stays: removing it would race
    with a process about to lock it."""
    if fd is None:
        return
    try:
        _unlock(fd)
    finally:
        os.close(fd)


def _open_lock_file(path: Path) -> int:
    """Open (creating) the lock file; never through a symbolic link."""
    folder = path.parent
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    if folder.is_symlink() or not folder.is_dir():
        raise NotADirectoryError(f"'{STATE_FOLDER}' is not a plain folder inside the vault")
    return os.open(path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW, 0o666)


def _read_pid(fd: int) -> int | None:
    """The holder's pid from the lock file; None while it is being written, or if unreadable."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return int(os.read(fd, 32).decode("ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _write_pid(fd: int) -> None:
    """Our pid into the lock file (left as it is when it already says so)."""
    line = f"{os.getpid()}\n".encode()
    os.lseek(fd, 0, os.SEEK_SET)
    if os.read(fd, 64) != line:
        _rewrite(fd, line)


def _rewrite(fd: int, data: bytes) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


if fcntl is not None:
    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _try_shared(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
else:
    _WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte far past the pid, so others can still read the pid

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    _try_shared = _try_lock  # Windows locks have no shared kind: a probe takes it for an instant
