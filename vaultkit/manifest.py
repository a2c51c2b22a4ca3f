"""What vaultkit wrote: ``.vaultkit/manifest.json`` (output-relative path -> sha256 of the bytes
written), which tells its files from the user's, and the pages edited by hand since.

A file vaultkit did not write is never changed or deleted; a generated page edited by hand is
copied aside (``copy_aside``) before it is regenerated.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath

from vaultkit.mark import texts
from vaultkit.names import clash_key
from vaultkit.ondisk import (Refused, atomic_write, check_folders, create_new, folder_parts, page_parts, read_regular,
                             reason, remove_quietly, sha256, stat_key, temp_beside)
from vaultkit.problems import Problem, error, warning
from vaultkit.render import GENERATED
from vaultkit.swap import rename_new

MANIFEST_VERSION = 1
STATE_FOLDER = ".vaultkit"
MANIFEST_NAME = "manifest.json"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_GENERATED = re.compile(rf"""vaultkit:\s*(["']?){GENERATED}\1\s*(#.*)?""")
KEPT_COPY = re.compile(r".* \(edited \d{4}-\d{2}-\d{2}( \d+)?\)(\.[^.]*)?")


def manifest_folder(root: Path) -> str | None:
    """The output folder the manifest was written for, if there is a readable manifest."""
    data = read_manifest(root)
    folder = data.get("output_folder") if data is not None else None
    return folder if isinstance(folder, str) else None


def read_manifest(root: Path) -> dict | None:
    """The manifest's JSON object, when it is there, readable and of this version."""
    try:
        data = json.loads((root / STATE_FOLDER / MANIFEST_NAME).read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None


def load_manifest(root: Path, output_folder: str) -> dict[str, str]:
    """The files vaultkit wrote into ``output_folder``; missing, unreadable or malformed -> ``{}``.
    Read once per version of the file (by inode, mtime and size: vaultkit replaces it whole)."""
    try:
        info = os.stat(Path(root) / STATE_FOLDER / MANIFEST_NAME)
        version = (os.path.abspath(root), output_folder, info.st_ino, info.st_mtime_ns, info.st_size)
    except OSError:
        version = None
    if version is not None and _LAST_MANIFEST and _LAST_MANIFEST[0] == version:
        return dict(_LAST_MANIFEST[1])
    files = _parse_manifest(Path(root), output_folder)
    _LAST_MANIFEST[:] = [version, dict(files)] if version is not None else []
    return files


_LAST_MANIFEST: list = []  # [version, files] of the last manifest read


def _parse_manifest(root: Path, output_folder: str) -> dict[str, str]:
    data = read_manifest(root)
    if data is None:
        return {}
    folder, files = data.get("output_folder"), data.get("files")
    if not isinstance(folder, str) or clash_key(folder) != clash_key(output_folder):
        return {}
    if not isinstance(files, dict):
        return {}
    return {
        path: digest
        for path, digest in files.items()
        if isinstance(digest, str) and _SHA256.fullmatch(digest) and page_parts(path) is not None
    }


def manifest_bytes(output_folder: str, files: dict[str, str]) -> bytes:
    """The manifest's stable serialisation: keys sorted, UTF-8, ending in a newline."""
    data = {"version": MANIFEST_VERSION, "output_folder": output_folder, "files": files}
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")



def looks_generated(data: bytes) -> bool:
    """True when ``data`` starts with front matter holding ``vaultkit: generated``."""
    lines = data.decode("utf-8", "replace").removeprefix("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return False
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return False
        if _GENERATED.fullmatch(line.strip()):
            return True
    return False


def hand_edited(root: Path, output_folder: str, known: dict | None = None,
                expected: dict[str, str] | None = None) -> tuple[list[Problem], set[str]]:
    """Generated pages whose bytes no longer match what vaultkit wrote: edited by hand.

    Read-only, so ``check`` can report them and ``build`` can list them before regenerating.
    With ``known`` (see ``write_pages``), files untouched since last seen are not read.
    ``expected`` (page -> sha256 of the text a build would write now): a file already holding
    that text is no hand edit (a build cut short wrote it, and the manifest missed it).
    Returns the problems, and every page of the manifest that is not as ``known`` says
    vaultkit last wrote it (edited, deleted, touched, or written by another run).
    """
    known, expected = known or {}, expected or {}
    out_parts = folder_parts(output_folder)
    if out_parts is None:
        return [], set()
    meanwhile = texts(Path(root) / STATE_FOLDER)  # what a build stopped while writing was writing
    problems = []
    unsure = set()
    manifest = load_manifest(root, output_folder)
    out = os.path.join(root, *out_parts)
    for path, digest in sorted(manifest.items()):
        if known.get(path) == (stat_key(os.path.join(out, path)), digest):
            continue
        unsure.add(path)
        target = Path(out, *path.split("/"))
        try:
            current = read_regular(target)
        except (OSError, Refused):
            continue
        if current is not None and sha256(current) not in (digest, expected.get(path), *meanwhile.get(path, ())):
            problems.append(warning("/".join((*out_parts, path)), 1, "generated-edited",
                                    "this generated page was edited by hand; building keeps your version beside "
                                    "it (named with 'edited' and the date) and writes the page again"))
    return problems, unsure



def copy_aside(folder: Path, parts: tuple[str, ...], current: bytes, today, reserved: set[str]) -> str:
    """Create the first free ``<stem> (edited DATE).md`` next to a page (never an existing file,
    nor a name in ``reserved``) holding ``current``; return it output-relative. The copy is
    written to a temp file first: it appears whole or not at all."""
    temp = temp_beside(folder / parts[-1])
    create_new(temp, current)
    try:
        return move_aside(folder, parts, temp, today, reserved)
    except BaseException:
        remove_quietly(temp)
        raise


def move_aside(folder: Path, parts: tuple[str, ...], source: Path, today, reserved: set[str]) -> str:
    """Rename ``source`` to the first free ``<stem> (edited DATE).md`` next to a page (as
    ``copy_aside``); return that name output-relative."""
    present = {clash_key(name) for name in os.listdir(folder)}
    name = PurePosixPath(parts[-1])
    number = 1
    while True:
        label = today.isoformat() + (f" {number}" if number > 1 else "")
        candidate = f"{name.stem} (edited {label}){name.suffix}"
        rel = "/".join(parts[:-1] + (candidate,))
        number += 1
        if clash_key(candidate) in present or clash_key(rel) in reserved:
            continue
        try:
            rename_new(source, folder / candidate)
        except FileExistsError:
            continue
        return rel


def save_manifest(root: Path, output_folder: str, files: dict[str, str]) -> list[Problem]:
    """Write the manifest (only if its bytes change) and ``.vaultkit/.gitignore``; the problems met."""
    shown = f"{STATE_FOLDER}/{MANIFEST_NAME}"
    try:
        check_folders(root, (STATE_FOLDER,), create=True)
        state = root / STATE_FOLDER
        try:
            create_new(state / ".gitignore", b"*\n")
        except FileExistsError:
            pass
        data = manifest_bytes(output_folder, files)
        if read_regular(state / MANIFEST_NAME) != data:
            _LAST_MANIFEST.clear()
            atomic_write(state / MANIFEST_NAME, data)
    except Refused as exc:
        return [error(shown, 1, exc.code, exc.message)]
    except OSError as exc:
        return [error(shown, 1, "write-failed", f"could not write: {reason(exc)}")]
    return []
