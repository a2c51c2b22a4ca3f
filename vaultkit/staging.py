"""A first build's pages, written into a hidden folder beside the output folder and renamed
into place at the end: one rename for the whole folder instead of one per page, and the
pages appear all together or not at all."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from vaultkit import faults
from vaultkit.ondisk import TEMP_MARK, Refused, check_folders, create_new, left_behind, sha256
from vaultkit.swap import rename_new


class Staging:
    def __init__(self, out: Path, folder: Path) -> None:
        self.out, self.folder = out, folder
        self.staged: list[tuple[str, str, tuple[int, int, int]]] = []  # (path, digest, stat key) written there
        self.made: set[tuple[str, ...]] = set()

    @classmethod
    def start(cls, root: Path, out_parts: tuple[str, ...]) -> Staging | None:
        """A staging folder, when the output folder does not exist yet; else None."""
        out = root.joinpath(*out_parts)
        if os.path.lexists(out):
            return None
        try:
            check_folders(root, out_parts[:-1], create=True)
            parent = out.parent
            remove_leftovers(out)
            folder = parent / f".{out.name}{TEMP_MARK}{secrets.token_hex(6)}"
            faults.step("mkdir", folder)
            os.mkdir(folder)
        except (OSError, Refused):
            return None  # the pages are written one by one, which reports what is wrong
        return cls(out, folder)

    def write(self, path: str, parts: tuple[str, ...], data: bytes) -> None:
        if parts[:-1] not in self.made:
            faults.step("mkdir", self.folder.joinpath(*parts[:-1]))
            os.makedirs(self.folder.joinpath(*parts[:-1]), exist_ok=True)
            self.made.add(parts[:-1])
        key = create_new(self.folder.joinpath(*parts), data, sync=False)
        self.staged.append((path, sha256(data), key))

    def finish(self, stopped: bool) -> list[tuple[str, str, tuple[int, int, int]]] | None:
        """Rename the folder into place; the pages it holds, or None when that failed (the output
        folder appeared meanwhile: the staged copy is dropped). A stopped build drops it too."""
        if stopped:
            self.drop()
            return []  # nothing of this run reached the vault
        try:
            rename_new(self.folder, self.out)  # never over an output folder made meanwhile
        except OSError:
            self.drop()
            return None
        return self.staged

    def drop(self) -> None:
        _remove_tree(self.folder)


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders of ``out`` that killed or failed builds left beside it."""
    parent = out.parent
    for name in os.listdir(parent):
        if name.startswith(f".{out.name}{TEMP_MARK}") and not os.path.islink(parent / name):
            _remove_tree(parent / name)


def _remove_tree(folder: Path) -> None:
    try:
        faults.step("rmtree", folder)
        shutil.rmtree(folder)
    except FileNotFoundError:
        pass
    except OSError:
        left_behind.append(os.fspath(folder))  # the next build removes it
