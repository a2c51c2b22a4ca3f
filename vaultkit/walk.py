"""Finding the notes of a vault: sorted, deterministic, with the skip rules of the contract."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vaultkit.config import Config
from vaultkit.problems import Problem, warning

TEMPLATES_FOLDER = "templates"
SYNC_CONFLICT = ".sync-conflict-"


@dataclass(frozen=True, slots=True)
class Found:
    """A note file to read: its vault-relative POSIX path and where it really is."""

    path: str
    location: str  # where the file is on disk (a plain string: cheaper than a Path per note)

    @property
    def real(self) -> Path:
        return Path(self.location)


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern:
    """A gitignore-like glob: ``*`` within a segment, ``**`` across segments, ``?`` one character.

    As in gitignore, a pattern without a slash matches at any depth (``*.draft.md``), and one
    that starts with a slash is anchored at the vault root.
    """
    pattern = pattern.strip().replace("\\", "/")
    anywhere = "/" not in pattern.rstrip("/")
    pattern = pattern.lstrip("/")
    out = ["(?:.*/)?"] if anywhere else []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        out.append({"*": "[^/]*", "?": "[^/]"}.get(char, re.escape(char)))
        i += 1
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?", re.IGNORECASE)


def is_ignored(path: str, globs: tuple[str, ...]) -> bool:
    """Whether ``path`` (or a folder it is in) matches an ``ignore`` glob."""
    return any(glob_regex(g).fullmatch(path) for g in globs if g.strip())


def find_notes(root: Path, config: Config) -> tuple[list[Found], list[Problem]]:
    """Every ``*.md`` file vaultkit reads, sorted by path, and problems with what it skipped."""
    root = root.resolve()
    found: list[Found] = []
    problems: list[Problem] = []
    output = config.output_folder.casefold()
    globs = tuple(g for g in config.ignore if g.strip())

    def walk(folder: Path, rel: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(warning(rel or ".", 1, "unreadable", f"cannot list this folder: {exc.strerror}; skipped"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            child = f"{rel}/{name}" if rel else name
            if not _utf8(name):
                problems.append(_not_utf8(child))
                continue
            # skipped_by_name, knowing that the folder ``rel`` passed it: only the new name can fail
            if (not rel and name.casefold() == TEMPLATES_FOLDER) or child.casefold() == output:
                continue
            if globs and is_ignored(child, globs):
                continue
            try:
                regular = entry.is_file(follow_symlinks=False)  # no symlink: known from the listing
            except OSError:
                regular = False
            if regular:
                if name.lower().endswith(".md"):
                    _add_note(child, entry.path, found, problems)
                continue
            is_link = False
            try:
                is_link = entry.is_symlink()
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:  # a symlink loop, or an entry gone since the listing
                is_dir = is_file = False
            if is_link and not _link_allowed(entry, root, child, is_dir, is_file, problems):
                continue
            if is_dir:
                if not is_link:
                    walk(Path(entry.path), child)
            elif is_file and entry.name.lower().endswith(".md"):
                _add_note(child, entry.path, found, problems)

    walk(root, "")
    found.sort(key=lambda f: f.path)
    return found, problems


def _utf8(name: str) -> bool:
    """Whether a name from the file system is text (else it holds ``surrogateescape``'s stand-ins
    for bytes that are not UTF-8, which the index, JSON and pages cannot hold)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_utf8(path: str) -> Problem:
    return warning(shown_name(path), 1, "unreadable-name", "this name is not valid UTF-8; rename it to have it read (skipped)")


def shown_name(path: str) -> str:
    """A path as text, the bytes that are not UTF-8 shown as ``\\xNN``."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def skipped_by_name(rel: str, config: Config) -> bool:
    """The rules that go by name alone: dot-folders and files, top-level Templates/, the output
    folder, ``ignore`` globs. ``rel`` is checked whole and folder by folder."""
    parts = rel.split("/")
    output = config.output_folder.casefold()
    if any(part.startswith(".") for part in parts) or parts[0].casefold() == TEMPLATES_FOLDER:
        return True
    if rel.casefold() == output or rel.casefold().startswith(output + "/"):
        return True
    return is_ignored(rel, config.ignore)


def _add_note(rel: str, location: str, found: list[Found], problems: list[Problem]) -> None:
    if SYNC_CONFLICT in rel.rsplit("/", 1)[-1]:
        problems.append(warning(rel, 1, "sync-conflict",
                                "a Syncthing conflict copy: merge what differs into the note, then delete it "
                                "(not read meanwhile)"))
    else:
        found.append(Found(rel, location))


def find_one(root: Path, rel: str, config: Config) -> tuple[Found | None, list[Problem]]:
    """``find_notes`` for one vault-relative path: what a full walk would list for it now.

    Lets a watcher update its listing from file events without walking the whole vault.
    """
    root = root.resolve()
    found: list[Found] = []
    problems: list[Problem] = []
    if not rel.lower().endswith(".md") or skipped_by_name(rel, config):
        return None, problems
    parts = rel.split("/")
    for depth in range(1, len(parts)):
        if os.path.islink(root.joinpath(*parts[:depth])):
            return None, problems  # inside a symlinked folder: never walked
    location = str(root.joinpath(*parts))
    try:
        with os.scandir(os.path.dirname(location)) as listing:
            entry = next((e for e in listing if e.name == parts[-1]), None)
    except OSError:
        entry = None
    if entry is None:
        return None, problems
    if not _utf8(rel):
        return None, [_not_utf8(rel)]
    is_link = entry.is_symlink()
    try:
        is_dir, is_file = entry.is_dir(follow_symlinks=True), entry.is_file(follow_symlinks=True)
    except OSError:
        is_dir = is_file = False
    if is_link and not _link_allowed(entry, root, rel, is_dir, is_file, problems):
        return None, problems
    if is_file:
        _add_note(rel, location, found, problems)
    return (found[0] if found else None), problems


def _link_allowed(entry: os.DirEntry, root: Path, rel: str, is_dir: bool, is_file: bool,
                  problems: list[Problem]) -> bool:
    """A symlink is read only when it resolves inside the vault; folders behind links are not walked."""
    if not (is_dir or is_file):
        if entry.name.lower().endswith(".md"):
            problems.append(warning(rel, 1, "broken-symlink", "symlink to nothing (or a loop); skipped"))
        return False
    try:
        target = Path(entry.path).resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append(warning(rel, 1, "broken-symlink", "symlink that cannot be resolved; skipped"))
        return False
    if target != root and root not in target.parents:
        if is_dir or entry.name.lower().endswith(".md"):
            problems.append(warning(rel, 1, "symlink-outside", "symlink pointing outside the vault; not read"))
        return False
    return True
