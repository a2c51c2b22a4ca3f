"""Bytes on disk, safely: paths that stay inside the vault, never through a symbolic link,
and atomic writes (a temporary file swapped with, or renamed over, the target: ``swap``)."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from functools import lru_cache
from pathlib import Path

from vaultkit import faults, swap

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
            faults.step("mkdir", path)
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


_TEMP_NAME = re.compile(rf"^\.(.+){re.escape(TEMP_MARK)}[0-9a-f]{{12}}$")


def temp_files(folder: Path) -> list[tuple[Path, str]]:
    """The temp files ``write_page`` and ``atomic_write`` leave when a build is killed while
    writing (only files named as they name them, never a link): (path, the name of the file
    it was made for)."""
    found = []
    for top, _folders, names in os.walk(folder):
        for name in names:
            match = _TEMP_NAME.match(name)
            if match and not os.path.islink(os.path.join(top, name)):
                found.append((Path(top, name), match.group(1)))
    return sorted(found)


def temps_beside(target: Path) -> list[Path]:
    """The temp files named for ``target`` in its folder."""
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return [target.parent / name for name in sorted(names)
            if (match := _TEMP_NAME.match(name)) and match.group(1) == target.name]


def temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}{TEMP_MARK}{secrets.token_hex(6)}")


class ChangedMeanwhile(Exception):
    """The file changed between the check made before writing and the write: look again."""


_ANY = object()


def try_write_page(job: tuple) -> OSError | ChangedMeanwhile | tuple[tuple[int, int, int], Path | None]:
    """``write_page``'s outcome, or the error it met."""
    try:
        return write_page(*job)
    except (OSError, ChangedMeanwhile) as exc:
        return exc


def write_page(target: Path, data: bytes, expect, was: str | None) -> tuple[tuple[int, int, int], Path | None]:
    """Put ``data`` at ``target`` through a temp file, never losing what is there.

    ``expect`` is ``stat_key(target)`` when the writer checked the page, ``was`` the sha256 of
    the bytes it read then (None: there was no file). A target changed since is left alone
    (``ChangedMeanwhile``: the writer looks again). A new page is renamed into place only if
    its name is still free; it is not synced (at worst it is lost and written again by the
    next build: a first build of thousands of pages does not wait on the disk). An existing
    page is swapped with the synced temp file in one step (``swap.exchange``): the temp name
    then holds whatever sat at the page's path at that moment, and is returned, for the writer
    to ``settle``. Where no exchange can be made, the temp file replaces the page
    (``os.replace``), as ``atomic_write`` does. Returns the page's ``stat_key`` and that file.
    """
    temp = temp_beside(target)
    key = create_new(temp, data, sync=was is not None)
    try:
        if stat_key(target) != expect:  # a hand edit landed since it was checked
            raise ChangedMeanwhile(target)
        if was is None:
            try:
                swap.rename_new(temp, target)
            except FileExistsError:
                raise ChangedMeanwhile(target) from None
            return key, None
        try:
            swap.exchange(temp, target)
        except FileNotFoundError:  # deleted since it was checked
            raise ChangedMeanwhile(target) from None
        except swap.Unsupported:
            faults.step("rename", target)
            os.replace(temp, target)
            return key, None
    except BaseException:
        remove_quietly(temp)
        raise
    return key, temp


def settle(swapped_out: Path, was: str) -> Path | None:
    """After an exchange: None once ``swapped_out`` (what the page's path held) is found to
    hold what the writer read, and is removed; else the file, which holds something else (a
    hand edit saved just before the swap, or written since into the file an editor had open)."""
    try:
        with open(swapped_out, "rb") as stream:
            if sha256(stream.read()) != was:
                return swapped_out
    except OSError:
        return swapped_out  # unreadable: kept, never removed unseen
    remove_quietly(swapped_out)
    return None


def atomic_write(target: Path, data: bytes) -> tuple[int, int, int]:
    """Write a hidden temp file next to ``target`` and rename it over; on failure remove it.
    The temp file is synced before it replaces a file, so a crash or power cut leaves the old
    file or the new one; a new file is not (at worst it is lost, and written again). Returns
    the file's ``stat_key`` (a rename keeps the file's times and inode)."""
    temp = temp_beside(target)
    key = create_new(temp, data, sync=os.path.lexists(target))
    try:
        faults.step("rename", target)
        os.replace(temp, target)
    except BaseException:
        remove_quietly(temp)
        raise
    return key


def create_new(path: Path, data: bytes, sync: bool = True) -> tuple[int, int, int]:
    """Create ``path`` (never an existing file) holding ``data``, synced; removed again on failure.
    Returns its ``stat_key``."""
    faults.step("open", path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o666)
    try:
        try:  # plain system calls: a Python file object around them cost a quarter more
            view = memoryview(data)
            while view:
                faults.step("write", path)
                view = view[os.write(fd, view):]
            if sync:
                faults.step("fsync", path)
                os.fsync(fd)
            info = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        remove_quietly(path)
        raise
    return (info.st_mtime_ns, info.st_size, info.st_ino)


left_behind: list[str] = []  # temp files that could not be removed (the next build sweeps them)


def remove_quietly(path: Path) -> None:
    try:
        faults.step("unlink", path)
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        left_behind.append(os.fspath(path))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


