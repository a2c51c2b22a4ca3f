"""Where the vault is: ``--vault``, else ``$VAULTKIT_VAULT``, else the nearest marked ancestor, else here."""

from __future__ import annotations

from pathlib import Path

from vaultkit.config import CONFIG_NAME

MARKERS = (CONFIG_NAME, ".obsidian")


def find_vault_root(explicit: str | None, start: Path) -> Path:
    """``explicit`` covers both ``--vault`` and ``$VAULTKIT_VAULT`` (click reads the variable)."""
    if explicit:
        return Path(explicit)
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return start
