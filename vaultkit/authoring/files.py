"""Creating notes for ``init``, ``new`` and ``log``: refusals become AuthoringError."""

from __future__ import annotations

from pathlib import Path

from vaultkit.authoring import AuthoringError
from vaultkit.newnote import NoteExists, create_note, existing_entry


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
