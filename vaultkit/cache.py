"""What a long-running process (``watch``) keeps between builds, so unchanged notes cost nothing.

``Cache.notes``: each file's parse, keyed by its path and checked against (mtime, size), or
against a content digest when the file is known to have been touched. ``Cache.records``:
what was derived from each parsed note (contact, goal, interaction records and problems),
reused while the note is the same object and its recorded name lookups give the same
answers. A change of configuration empties both.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.config import Config
from vaultkit.pickling import by_fields
from vaultkit.problems import Problem

if TYPE_CHECKING:  # the reader pulls in the parsers: a build with nothing to parse never imports them
    from vaultkit.reader import Note


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@by_fields
@dataclass(frozen=True, slots=True)
class ParsedFile:
    stat_key: tuple[int, int]  # (mtime_ns, size)
    digest: bytes
    note: Note | None
    problems: tuple[Problem, ...]


@by_fields
@dataclass(frozen=True, slots=True)
class Derived:
    note: Note  # the parse it was derived from (compared by identity)
    trace: tuple  # the name lookups it made, with their answers
    result: Any
    problems: tuple[Problem, ...]
    names: int = 0  # the generation of name resolvers it was checked against (see Cache.names)


class Signature:
    """Values hashed once: a memo key part made of many records (hashing a plain tuple calls
    every record's hash again on each lookup)."""

    __slots__ = ("items", "hash")

    def __init__(self, items) -> None:
        self.items = tuple(items)
        self.hash = hash(self.items)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other) -> bool:
        return isinstance(other, Signature) and self.hash == other.hash and self.items == other.items


class Memo:
    """Results by key, kept for one more build after their last use (so it never grows unbounded)."""

    def __init__(self) -> None:
        self.current: dict = {}
        self.previous: dict = {}

    def next_build(self) -> None:
        self.previous, self.current = self.current, {}

    def get(self, key, compute):
        if key in self.current:
            return self.current[key]
        value = self.previous.pop(key) if key in self.previous else compute()
        self.current[key] = value
        return value


@dataclass
class Cache:
    notes: dict[str, ParsedFile] = field(default_factory=dict)
    records: dict[tuple[str, str], Derived] = field(default_factory=dict)
    config_key: str | None = None
    note_names: tuple | None = None  # (every note path, the Resolver of their names)
    resolvers: dict = field(default_factory=dict)  # step -> (the records it was built from, Resolver)
    # Bumped whenever a name resolver is rebuilt: records checked since need no replay. Starts
    # at a random number, so a record loaded from another run's index never matches by chance.
    names: int = field(default_factory=lambda: secrets.randbits(62))
    pages: Memo | None = field(default_factory=Memo)  # rendered pieces of pages, by what they show (None: no memo)
    written: dict = field(default_factory=dict)  # page -> ((mtime_ns, size), sha256) after vaultkit wrote it
    listing: dict | None = None  # path -> Found, as the last walk (and file events since) left it
    listing_problems: dict = field(default_factory=dict)  # path -> what listing it had to say
    dirty: set = field(default_factory=set)  # paths whose parse or derived records changed (for the index)
    premade_rows: list = field(default_factory=list)  # index rows a split build's helper pickled (``split``)
    saved_fingerprint: str | None = None  # the index's record of the last build's inputs
    saved_meta: dict | None = None  # the index's meta table, when it matches the settings
    inputs: str | None = None  # a one-off build's ``build.inputs_key``, kept in the index for delta builds

    def use_config(self, config: Config) -> None:
        """Forget everything when the configuration changed (kinds, headings, limits...)."""
        key = repr(config)
        if key != self.config_key:
            self.dirty.update(self.notes)
            self.notes.clear()
            self.records.clear()
            self.note_names = None
            self.resolvers.clear()
            self.listing = None
            self.pages = Memo()
            self.config_key = key

    def records_by_note(self) -> dict[str, dict[str, Derived]]:
        """Path -> {step: what that step derived from the note}."""
        derived: dict[str, dict[str, Derived]] = {}
        for (step, path), record in self.records.items():
            derived.setdefault(path, {})[step] = record
        return derived

    def release_notes(self) -> None:
        """Let go of every parse, derived record and resolver (a one-off build, once the vault is
        made and the index has them): the memory goes to rendering. The next load reads again."""
        self.notes = {}
        self.records = {}
        self.resolvers = {}
        self.note_names = None
        self.listing = None
        self.dirty = set()
        self.premade_rows = []

    def keep_only(self, paths: set[str]) -> None:
        """Drop what belongs to files that no longer exist."""
        for path in [p for p in self.notes if p not in paths]:
            del self.notes[path]
            self.dirty.add(path)
        for key in [k for k in self.records if k[1] not in paths]:
            del self.records[key]
