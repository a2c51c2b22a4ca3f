"""Where the vault is: ``--vault``, else ``$VAULTKIT_VAULT``, else the nearest marked ancestor.

Outside a vault (no folder from here up holds ``vaultkit.toml`` or ``.obsidian/``) there is
none: reading every Markdown file below a home folder, or writing pages into a code project,
is never what was meant."""

from __future__ import annotations

from pathlib import Path

from vaultkit.config import CONFIG_NAME

MARKERS = (CONFIG_NAME, ".obsidian")


NOT_A_VAULT = ("not inside a vault (no vaultkit.toml or .obsidian/ here or above): give its path "
               "(vaultkit build PATH, --vault PATH or $VAULTKIT_VAULT), or make this folder one with vaultkit init")


def find_vault_root(explicit: str | None, start: Path) -> Path | None:
    """``explicit`` covers the ``[VAULT]`` argument, ``--vault`` and ``$VAULTKIT_VAULT`` (click
    reads the variable); None when there is no vault (``NOT_A_VAULT`` says what to do)."""
    if explicit:
        return Path(explicit)
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    return None
