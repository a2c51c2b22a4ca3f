"""Creating a new note in the vault: the only way vaultkit adds a file outside its output folder.

``create_note`` never overwrites: the note appears complete (written to a temp file, then
hard-linked into place, which fails if the name is taken) or not at all. ``note_text`` writes
front matter with the keys in the order given, so new notes read like hand-written ones.
``note_folder`` and ``taken_stems`` find where a new note goes, seeing name clashes the way
every OS does (case and Unicode normalisation ignored).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml

from vaultkit.names import clash_key


class NoteExists(Exception):
    """The note to create is already there; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; vaultkit never overwrites a note")
        self.path = path


def create_note(path: Path, text: str) -> Path:
    """Write ``text`` to the new file ``path`` (parents created); raise NoteExists if it exists."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        raise NoteExists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".vaultkit-new-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _place(Path(temp), path)
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)
    return path


def _place(temp: Path, path: Path) -> None:
    """Move ``temp`` to ``path`` only if ``path`` is free (atomic where hard links exist)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise NoteExists(path) from None
    except OSError:  # no hard links here (some network or FAT drives): exclusive create instead
        try:
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(temp.read_text(encoding="utf-8"))
        except FileExistsError:
            raise NoteExists(path) from None


def existing_entry(folder: Path, name: str) -> Path | None:
    """The entry of ``folder`` named ``name`` ignoring case and Unicode normalisation, if any."""
    wanted = clash_key(name)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return None
    return next((entry for entry in entries if clash_key(entry.name) == wanted), None)


def note_folder(root: Path, name: str) -> Path:
    """The vault's top folder ``name`` as it is spelled on disk (``contacts/``), else ``root/name``."""
    found = existing_entry(root, name)
    return found if found is not None and found.is_dir() else root / name


def taken_stems(folder: Path) -> set[str]:
    """Clash keys of the note names in ``folder`` (for ``names.free_stem``)."""
    try:
        return {clash_key(entry.name[:-3]) for entry in folder.iterdir() if entry.name.lower().endswith(".md")}
    except OSError:
        return set()


def note_text(meta: dict, body: str = "") -> str:
    """A note: ``---`` front matter (keys in the given order, None values left out) and ``body``."""
    fields = {key: _plain(value) for key, value in meta.items() if value is not None and value != []}
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    text = f"---\n{front}---\n"
    if body:
        text += "\n" + body.lstrip("\n")
        if not text.endswith("\n"):
            text += "\n"
    return text


def _plain(value):
    """Values as a person would type them: dates bare (``2026-11-22``), datetimes as their day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
