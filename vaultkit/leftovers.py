"""What a build killed (or failing) while it wrote leaves behind, and what the next build does
with it: temp files beside pages and in ``.vaultkit/``, and a first build's staging folder.

A temp file beside a page is removed unless it may hold a hand edit. Before its page was
swapped (``ondisk.write_page``) it holds that build's new text; after, what sat at the page's
path. It is vaultkit's own, and removed, when it holds what vaultkit recorded for the page
(the manifest, or the index's record), the page's own bytes, or nothing; or when the page
still holds its recorded text (so no swap happened), or never existed (a new page). Anything
else was swapped out of the page's path by a build killed before it could look at it: it is
kept as the page's ``(edited DATE)`` copy.
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultkit.manifest import STATE_FOLDER, move_aside
from vaultkit.ondisk import remove_quietly, sha256, temp_files
from vaultkit.staging import remove_leftovers


def recover(root: Path, out_parts: tuple[str, ...], recorded: dict[str, set[str]], today,
            reserved: set[str]) -> list[tuple[str, str]]:
    """Clear what a killed build left in the output folder ``out_parts`` and in ``.vaultkit/``.

    ``recorded``: page -> the sha256 digests vaultkit recorded for it. Returns (page, copy)
    for every temp file kept as a copy of its page (both output-relative)."""
    out = root.joinpath(*out_parts)
    for temp, _name in temp_files(root / STATE_FOLDER):  # a manifest being replaced: ours alone
        remove_quietly(temp)
    if os.path.isdir(out) and not os.path.islink(out):
        remove_leftovers(out)  # a first build's staging folder (the output folder exists now)
    kept = []
    for temp, name in temp_files(out) if os.path.isdir(out) and not os.path.islink(out) else []:
        folder = temp.parent
        rel_folder = folder.relative_to(out).as_posix()
        page = name if rel_folder == "." else f"{rel_folder}/{name}"
        if _ours(temp, folder / name, recorded.get(page, set())):
            remove_quietly(temp)
            continue
        try:
            parts = tuple(page.split("/"))
            kept.append((page, move_aside(folder, parts, temp, today, reserved)))
        except OSError:
            pass  # left where it is: never removed unseen
    return kept


def _ours(temp: Path, page: Path, recorded: set[str]) -> bool:
    """Whether ``temp`` holds nothing a person wrote (see the module's docstring)."""
    try:
        data = temp.read_bytes()
    except OSError:
        return False
    if not data or sha256(data) in recorded:
        return True
    try:
        current = page.read_bytes() if not page.is_symlink() else None
    except FileNotFoundError:
        return not recorded  # a new page, never placed
    except OSError:
        return False
    return current == data or (current is not None and sha256(current) in recorded)
