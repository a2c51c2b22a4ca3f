"""Name resolution for the notes the engine derives, with every lookup recorded.

A note's records depend on the answers its links got: ``Names`` hands the domain's
``Linker`` resolvers that note each name asked (as ``kind\\0name key``), so the engine can
derive a note again exactly when an answer it got may have changed. Claims come from the
index (one query per name: an edit derives a few notes) or, when many notes are derived,
from every claim loaded at once; both answer the same.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Iterable

from vaultkit.incremental import store
from vaultkit.incremental.fork import Refusing
from vaultkit.kinds import stem_of
from vaultkit.links import Claim, Linker, closest, name_key, ranked

SUGGEST = "suggest\0*"  # a 'did you mean' reads every contact name


def lookup_key(kind: str, name: str) -> str:
    return f"{kind}\0{name_key(name)}"


def note_claims(path: str) -> list[tuple[str, str]]:
    """What any note answers to as a link target: its vault path and its file stem."""
    return [(path[:-3], "path"), (stem_of(path), "stem")]


class _Recording:
    """A resolver (``resolve``, ``suggest``) over ``claims_of(key)``, noting each key asked.
    ``answers`` (name as written -> (its lookup key, the note it names)) is shared by every
    note derived in one run: claims do not change meanwhile."""

    def __init__(self, kind: str, claims_of: Callable[[str], Iterable[Claim]], asked: set[str],
                 answers: dict[str, tuple[str, str | None]], suggested: dict[str, str | None],
                 spellings: Callable[[], dict[str, set[str]]] | None = None) -> None:
        self.kind, self.claims_of, self.asked, self.answers, self.spellings = kind, claims_of, asked, answers, spellings
        self.suggested = suggested

    def resolve(self, name: str) -> str | None:
        known = self.answers.get(name)
        if known is None:
            key = name_key(name)
            found = ranked(self.claims_of(key)) if key else []
            known = self.answers[name] = (f"{self.kind}\0{key}", found[0].note if found else None)
        self.asked.add(known[0])
        return known[1]

    def suggest(self, name: str) -> str | None:
        """'Did you mean': the same name asked by several notes (a contact renamed) is compared
        with every known name once per run (0.4 s each among 40,000 names)."""
        self.asked.add(SUGGEST)
        if name not in self.suggested:
            self.suggested[name] = closest(name, self.spellings())
        return self.suggested[name]


class Names:
    """Every contact's, goal's and note's claims, as the index holds them now (this run's
    changes included, as they are written before anything is derived)."""

    def __init__(self, connection: sqlite3.Connection, everything: bool) -> None:
        self.connection = store.DomainReads(connection)
        self.answers: dict[str, dict[str, tuple[str, str | None]]] = {"contact": {}, "goal": {}, "note": {}}
        self.suggested: dict[str, str | None] = {}
        self.memory: dict[str, dict[str, list[Claim]]] | None = None
        self._spellings: dict[str, set[str]] | None = None
        if everything:
            self.load_all()

    def refuse_index(self) -> None:
        """From now on every read of the index raises ``fork.NeedsParent`` (in a forked child)."""
        self.connection = Refusing()

    def load_all(self) -> None:
        """Every contact's and goal's claim in memory: cheaper than a query per name when many
        notes are derived. Any note's names stay in the index (asked only for links that name
        no contact or goal; every note's two names took 40 MB at 100,000 notes)."""
        memory: dict[str, dict[str, list[Claim]]] = {"contact": {}, "goal": {}}
        for kind, key, note, how in self.connection.execute("SELECT kind, key, note, how FROM engine_claims"):
            memory[kind].setdefault(key, []).append(Claim(note, how))
        store.index_tables(self.connection, ("notes",))
        self.memory = memory

    def claims(self, kind: str, key: str) -> list[Claim]:
        if self.memory is not None and kind in self.memory:
            return self.memory[kind].get(key, [])
        if kind == "note":
            return [Claim(path, how) for path, how in self.connection.execute(
                "SELECT path, 'path' FROM notes WHERE parsed = 1 AND path_key = ? "
                "UNION ALL SELECT path, 'stem' FROM notes WHERE parsed = 1 AND stem_key = ?", (key, key))]
        return [Claim(note, how) for note, how in self.connection.execute(
            "SELECT note, how FROM engine_claims WHERE kind = ? AND key = ?", (kind, key))]

    def spellings(self) -> dict[str, set[str]]:
        """Every contact name key -> how it is written (for 'did you mean')."""
        if self._spellings is None:
            found: dict[str, set[str]] = {}
            for key, spelled in self.connection.execute(
                    "SELECT key, spelled FROM engine_claims WHERE kind = 'contact'"):
                found.setdefault(key, set()).add(spelled)
            self._spellings = found
        return self._spellings

    def linker(self, asked: set[str]) -> Linker:
        """A Linker whose every lookup lands in ``asked``."""
        def of(kind: str) -> _Recording:
            return _Recording(kind, lambda key: self.claims(kind, key), asked, self.answers[kind], self.suggested,
                              self.spellings if kind == "contact" else None)

        return Linker(of("contact"), of("goal"), of("note"))
