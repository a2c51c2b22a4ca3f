"""Where new notes go in a vault folder, seen the way every OS sees a name clash."""

from __future__ import annotations

from pathlib import Path

from vaultkit.authoring import AuthoringError
from vaultkit.names import clash_key
from vaultkit.newnote import NoteExists, create_note


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


def relative(root: Path, path: Path) -> str:
    """``path`` as the vault-relative POSIX path vaultkit shows everywhere."""
    return path.relative_to(root).as_posix()


def refuse_existing(root: Path, path: Path) -> None:
    """AuthoringError when ``path`` exists under any case."""
    existing = existing_entry(path.parent, path.name)
    if existing is not None:
        raise AuthoringError(f"{relative(root, existing)} already exists; nothing was changed")


def create_new_note(root: Path, path: Path, text: str) -> str:
    """Create the note ``path`` (never over anything, whatever its case) -> its vault-relative path."""
    refuse_existing(root, path)
    try:
        create_note(path, text)
    except NoteExists:
        raise AuthoringError(f"{relative(root, path)} already exists; nothing was changed") from None
    return relative(root, path)
