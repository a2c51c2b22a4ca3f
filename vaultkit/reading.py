"""Reading one listed note file: its bytes, a digest of them, its parse. Never raises for bad input."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from vaultkit.config import Config
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note, file_too_large, parse_note
from vaultkit.walk import Found


@dataclass(frozen=True, slots=True)
class ReadNote:
    stat_key: tuple[int, int] | None  # (mtime_ns, size) as read; None when the file could not be read
    digest: str  # of the bytes read ("" when none were)
    note: Note | None
    problems: tuple[Problem, ...]
    same: bool = False  # its bytes were ``known`` (not parsed again: ``note`` and ``problems`` are empty)


def read_note(found: Found, config: Config, known: str | None = None,
              bodies: tuple[str, ...] | None = None) -> ReadNote:
    """Read and parse one listed file; a file that vanished or cannot be read is a problem.
    ``known``: the digest of the bytes last parsed, to skip parsing them again; ``bodies``: as
    for ``reader.parse_note``."""
    try:
        stat = os.stat(found.location)
        stat_key = (stat.st_mtime_ns, stat.st_size)
        if stat.st_size > config.max_note_bytes:
            return ReadNote(stat_key, "", None, (file_too_large(found.path, stat.st_size, config),))
        data = read_at_most(found.location, config.max_note_bytes + 1, stat.st_size + 1)
    except OSError as exc:
        return ReadNote(None, "", None, (warning(found.path, 1, "unreadable",
                                                 f"cannot read: {exc.strerror or exc}; skipped"),))
    content = digest(data)
    if content == known:
        return ReadNote(stat_key, content, None, (), same=True)
    note, problems = parse_bytes(found.path, data, config, bodies)
    return ReadNote(stat_key, content, note, tuple(problems))


def parse_bytes(path: str, data: bytes, config: Config, bodies: tuple[str, ...] | None = None
                ) -> tuple[Note | None, list[Problem]]:
    try:
        return parse_note(path, data, config, bodies)
    except Exception as exc:  # a bug must cost one note, not the build
        return None, [internal_error(path, exc)]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_O_BINARY = getattr(os, "O_BINARY", 0)


def read_at_most(location: str | Path, limit: int, first: int | None = None) -> bytes:
    """The bytes of a file, up to ``limit``. The first read asks for ``first`` bytes (the size
    the file had when last stat'ed, plus one): asking for the largest note allowed each time
    sets aside megabytes per file (it tripled the time to read a vault). A file that grew
    since is read on, up to ``limit``."""
    fd = os.open(location, os.O_RDONLY | _O_BINARY)
    try:
        chunks = []
        left = limit
        ask = min(first or limit, limit)
        while left > 0:
            wanted = min(ask, left)
            chunk = os.read(fd, wanted)
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) < wanted:
                break  # the end of the file (a regular file reads short only there)
            ask = left
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    finally:
        os.close(fd)


def internal_error(path: str, exc: Exception) -> Problem:
    return error(path, 1, "internal-error",
                 f"vaultkit failed on this note ({type(exc).__name__}: {exc}); it was skipped, please report it")
