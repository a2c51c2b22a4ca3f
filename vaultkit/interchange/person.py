"""What an importer reads from a file: one person, and where in the file they were found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing, unreadable, not the expected format)."""


@dataclass(frozen=True)
class Person:
    """One person from an export file; ``line`` is where their row or card starts (1-based)."""

    name: str
    line: int
    source: str  # "linkedin" or "vcard"
    company: str | None = None
    role: str | None = None
    linkedin: str | None = None
    emails: tuple[str, ...] = ()  # the preferred one first
    phones: tuple[str, ...] = ()
    connected: dt.date | None = None  # when you connected (LinkedIn's "Connected On"): not a meeting


def read_bytes(path, kind: str) -> bytes:
    """The file's bytes, or ImportFileError with a one-line reason."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path}: is a folder, not a {kind}") from None
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def clean(value) -> str | None:
    """Text with inner whitespace collapsed; None when empty."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
