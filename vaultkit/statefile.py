"""Small files of vaultkit's own under ``.vaultkit/`` (the last build, the last nudge), each
written whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from vaultkit.manifest import STATE_FOLDER


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
    for left in folder.glob(f".{name}.*.tmp"):  # a killed writer's: each file has one writer at a time (a lock)
        if left.is_file() and not left.is_symlink():
            left.unlink(missing_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.write("\n")
        os.replace(temp, folder / name)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


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
