"""Bytes on disk, safely: paths that stay inside the vault, never through a symbolic link,
and atomic writes (a temporary file renamed over the target)."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from functools import lru_cache
from pathlib import Path

TEMP_MARK = ".vaultkit-tmp-"
_O_BINARY = getattr(os, "O_BINARY", 0)


class Refused(Exception):
    """A write vaultkit must not do: the problem code and message to report instead."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message



@lru_cache(maxsize=65536)
def page_parts(path: str) -> tuple[str, ...] | None:
    """The segments of a safe relative POSIX path, or None (absolute, ``..``, ``\\``, empty...)."""
    if not isinstance(path, str) or not path or path[0] == "/" or "\\" in path or ":" in path or "\0" in path:
        return None
    parts = path.split("/")
    if "" in parts or "." in parts or ".." in parts:
        return None
    return tuple(parts)


def folder_parts(output_folder: str) -> tuple[str, ...] | None:
    """The output folder's segments; like a page path, and no hidden (dot) folders."""
    parts = page_parts(output_folder.rstrip("/")) if isinstance(output_folder, str) else None
    if parts is None or any(part.startswith(".") for part in parts):
        return None
    return parts


def check_folders(root: Path, parts: tuple[str, ...], create: bool) -> None:
    """Walk ``root/parts`` refusing symlinks and files on the way; create missing folders if asked."""
    path = root
    for depth, part in enumerate(parts, start=1):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            if not create:
                return
            os.mkdir(path)
            continue
        shown = "/".join(parts[:depth])
        if stat.S_ISLNK(mode):
            message = f"'{shown}' is a symbolic link; vaultkit never writes through one"
            raise Refused("output-conflict", message)
        if not stat.S_ISDIR(mode):
            raise Refused("output-conflict", f"'{shown}' is a file where vaultkit needs a folder")


def stat_key(target: Path | str) -> tuple[int, int, int] | None:
    """(mtime_ns, size, inode) of a file, or None; what tells a file untouched since last seen."""
    try:
        stat_result = os.lstat(target)
    except OSError:
        return None
    return (stat_result.st_mtime_ns, stat_result.st_size, stat_result.st_ino)


def read_regular(target: Path) -> bytes | None:
    """The bytes of ``target``; None when missing; refused when it is a symlink or not a file."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise Refused("output-conflict", "is a symbolic link; vaultkit never writes through one")
    if not stat.S_ISREG(mode):
        raise Refused("output-conflict", "exists and is not a regular file")
    return target.read_bytes()


def same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


_TEMP_NAME = re.compile(rf"^\..+{re.escape(TEMP_MARK)}[0-9a-f]{{12}}$")


def sweep_temp_files(folder: Path) -> int:
    """Remove the temp files ``atomic_write`` leaves when a build is killed mid-write (only
    files named as it names them, never a link); how many were removed."""
    removed = 0
    for top, _folders, names in os.walk(folder):
        for name in names:
            path = Path(top, name)
            if _TEMP_NAME.match(name) and not path.is_symlink():
                remove_quietly(path)
                removed += 1
    return removed


class ChangedMeanwhile(Exception):
    """The file changed between the check made before writing and the write: look again."""


_ANY = object()


def try_atomic_write(job: tuple) -> OSError | ChangedMeanwhile | tuple[int, int, int]:
    """``atomic_write``'s stat key, or the error it met."""
    try:
        return atomic_write(*job)
    except (OSError, ChangedMeanwhile) as exc:
        return exc


def atomic_write(target: Path, data: bytes, expect=_ANY) -> tuple[int, int, int]:
    """Write a hidden temp file next to ``target``, rename it over; on failure remove it. With
    ``expect`` (``stat_key`` of ``target`` when it was checked; None: absent), a target changed
    since is left alone (``ChangedMeanwhile``): the writer checks it again.

    The temp file is synced before it replaces a page, so a crash or power cut leaves the old
    page or the new one. A new page is not synced: at worst it is lost and written again by
    the next build, and a first build of thousands of pages does not wait on the disk.
    Returns the page's ``stat_key`` (a rename keeps the file's times and inode).
    """
    temp = target.with_name(f".{target.name}{TEMP_MARK}{secrets.token_hex(6)}")
    key = create_new(temp, data, sync=os.path.lexists(target))
    if expect is not _ANY and stat_key(target) != expect:  # a hand edit landed since it was checked
        remove_quietly(temp)
        raise ChangedMeanwhile(target)
    try:
        os.replace(temp, target)
    except BaseException:
        remove_quietly(temp)
        raise
    return key


def create_new(path: Path, data: bytes, sync: bool = True) -> tuple[int, int, int]:
    """Create ``path`` (never an existing file) holding ``data``, synced; removed again on failure.
    Returns its ``stat_key``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
    try:
        try:  # plain system calls: a Python file object around them cost a quarter more
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if sync:
                os.fsync(fd)
            info = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        remove_quietly(path)
        raise
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


