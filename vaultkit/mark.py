"""The mark a build keeps in ``.vaultkit/`` while it writes pages.

Found by the next build, it says the last one stopped before it could clean up (killed, or
a temp file it could not remove), so what it left is swept (``leftovers``). It also lists
the texts that build was about to write (one JSON line per page: ``[sha256, page]``, added
before each batch of pages): such a page is vaultkit's own even though the manifest, saved
at the end, never recorded it, and even once the index that knew it is gone (a new version
of vaultkit rebuilds it). So no page of a killed build is taken for a hand edit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from vaultkit import faults
from vaultkit.ondisk import remove_quietly

WRITING_MARK = "writing-pages"
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def found(state: Path) -> bool:
    """Whether ``state`` (the ``.vaultkit`` folder) holds a mark a build left."""
    return os.path.lexists(state / WRITING_MARK)


def start(state: Path) -> None:
    """Make the mark (nothing when the state folder is read-only: the manifest reports it)."""
    try:
        faults.step("mkdir", state)
        state.mkdir(exist_ok=True)
        faults.step("open", state / WRITING_MARK)
        os.close(_open(state, os.O_WRONLY | os.O_CREAT))
    except OSError:
        pass


def note(state: Path, pages: Iterable[tuple[str, str]]) -> None:
    """Add (page, sha256) of the pages about to be written; a failure only costs the list."""
    lines = "".join(json.dumps([digest, page], ensure_ascii=False) + "\n" for page, digest in pages)
    if not lines:
        return
    try:
        faults.step("write", state / WRITING_MARK)
        fd = _open(state, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, lines.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        pass


def _open(state: Path, flags: int) -> int:
    """The mark's file, never through a symbolic link (the state folder's or its own)."""
    if os.path.islink(state):
        raise OSError(f"'{state.name}' is a symbolic link; vaultkit never writes through one")
    return os.open(state / WRITING_MARK, flags | _O_NOFOLLOW, 0o666)


def texts(state: Path) -> dict[str, set[str]]:
    """page -> the sha256 digests a stopped build listed for it (nothing when there is no mark)."""
    try:
        fd = _open(state, os.O_RDONLY)
        with open(fd, encoding="utf-8") as mark:
            lines = mark.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    listed: dict[str, set[str]] = {}
    for line in lines:
        try:
            digest, page = json.loads(line)
        except (ValueError, TypeError):
            continue  # a line cut short by the kill
        if isinstance(digest, str) and isinstance(page, str):
            listed.setdefault(page, set()).add(digest)
    return listed


def clear(state: Path) -> None:
    remove_quietly(state / WRITING_MARK)
