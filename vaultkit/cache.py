"""What a long-running process (``watch``) keeps between builds, so unchanged notes cost nothing.

``Cache.notes``: each file's parse, keyed by its path and checked against (mtime, size), or
against a content digest when the file is known to have been touched. ``Cache.records``:
what was derived from each parsed note (contact, goal, interaction records and problems),
reused while the note is the same object and its recorded name lookups give the same
answers. A change of configuration empties both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from vaultkit.config import Config
from vaultkit.problems import Problem
from vaultkit.reader import Note


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class ParsedFile:
    stat_key: tuple[int, int]  # (mtime_ns, size)
    digest: bytes
    note: Note | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Derived:
    note: Note  # the parse it was derived from (compared by identity)
    trace: tuple  # the name lookups it made, with their answers
    result: Any
    problems: tuple[Problem, ...]


@dataclass
class Cache:
    notes: dict[str, ParsedFile] = field(default_factory=dict)
    records: dict[tuple[str, str], Derived] = field(default_factory=dict)
    config_key: str | None = None
    note_names: tuple | None = None  # (every note path, the Resolver of their names)

    def use_config(self, config: Config) -> None:
        """Forget everything when the configuration changed (kinds, headings, limits...)."""
        key = repr(config)
        if key != self.config_key:
            self.notes.clear()
            self.records.clear()
            self.note_names = None
            self.config_key = key

    def keep_only(self, paths: set[str]) -> None:
        """Drop what belongs to files that no longer exist."""
        for path in [p for p in self.notes if p not in paths]:
            del self.notes[path]
        for key in [k for k in self.records if k[1] not in paths]:
            del self.records[key]
