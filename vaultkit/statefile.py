"""Small files of vaultkit's own under ``.vaultkit/`` (the last build, the last nudge), each
written whole or not at all (``ondisk.atomic_write``)."""

from __future__ import annotations

import json
from pathlib import Path

from vaultkit.manifest import STATE_FOLDER
from vaultkit.ondisk import TEMP_MARK, atomic_write


def state_path(root: Path, name: str) -> Path:
    return Path(root) / STATE_FOLDER / name


def write_json(root: Path, name: str, data: dict) -> None:
    """Replace ``.vaultkit/<name>`` with ``data`` as JSON, atomically, removing the temp files a
    killed writer of it left. Raises ``OSError`` (a read-only vault; ``.vaultkit`` a file or a
    symbolic link, never written through)."""
    folder = Path(root) / STATE_FOLDER
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise NotADirectoryError(f"'{STATE_FOLDER}' is not a plain folder inside the vault")
    for left in folder.glob(f".{name}{TEMP_MARK}*"):  # a killed writer's: each file has one writer at a time (a lock)
        if left.is_file() and not left.is_symlink():
            left.unlink(missing_ok=True)
    atomic_write(folder / name, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read_json(root: Path, name: str) -> dict | None:
    """``.vaultkit/<name>`` as a dict; None when missing, unreadable or not a JSON object."""
    path = state_path(root, name)
    try:
        if path.is_symlink():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
