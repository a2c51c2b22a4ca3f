"""One writer at a time: an advisory lock file, ``.vaultkit/build.lock``, held while a build writes.

Two ``vaultkit build`` runs on one vault (or a build beside ``watch``) would otherwise interleave
their pages, manifest and index. The lock is ``fcntl.flock`` on POSIX and ``msvcrt.locking`` on
Windows: the operating system drops it when its process ends, even on a crash or ``kill -9``, so
a stale lock file never blocks anyone. The file holds the pid of its holder, to name it.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from vaultkit.manifest import STATE_FOLDER

LOCK_NAME = "build.lock"
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
        fd = _open_lock_file(self.path)
        deadline = time.monotonic() + self.wait
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline or self.stop():
                    raise Busy(_read_pid(fd))
                time.sleep(POLL_SECONDS)
            _write_pid(fd)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)  # the lock file stays: removing it would race with a process about to lock it


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
    if os.read(fd, 64) == line:
        return
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, line)


if fcntl is not None:
    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
