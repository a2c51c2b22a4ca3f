"""What one run knows of the vault's derived state: this run's results first, else the index's.

Everything is loaded on first use and kept for the run: a contact's record, a goal, the
records that involve a contact or goal, page names. A cold build fills it as it derives, so
it never asks the index; an edit build asks only for what the parts it recomputes read.
"""

from __future__ import annotations

import sqlite3

from vaultkit.incremental import store
from vaultkit.incremental.fork import Refusing
from vaultkit.model import Contact, Goal
from vaultkit.vault import NoteRecords, exchange_order, interaction_order, task_order

_MISSING = object()


class State:
    """A ``recording.Source`` over this run's results and the index."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = store.DomainReads(connection)
        self.derived: dict[str, NoteRecords | None] = {}  # note path -> its records (None: none)
        self.entities: dict[str, Contact | Goal | None] = {}  # note path -> phase-one record
        self.owners: dict[str, set[str]] | None = None  # owner -> notes whose records involve it (all, in memory)
        self._records: dict[str, tuple] = {}
        self._contact_paths: list[str] | None = None
        self._goal_paths: list[str] | None = None
        self.pages: dict[str, str] | None = None  # contact or goal path -> its page

    def refuse_index(self) -> None:
        """From now on every read of the index raises ``fork.NeedsParent`` (in a forked child)."""
        self.connection = Refusing()

    # -- loading ------------------------------------------------------------------------------

    def records_of(self, path: str) -> NoteRecords | None:
        return self._loaded(self.derived, "engine_derived", path)

    def entity(self, path: str) -> Contact | Goal | None:
        return self._loaded(self.entities, "engine_entities", path)

    def _loaded(self, known: dict, table: str, path: str):
        """``known[path]``, else the first value pickled in ``table``'s row for ``path`` (None: no row)."""
        found = known.get(path, _MISSING)
        if found is _MISSING and path is None:  # asked of no note (a goal's follow-up has no contact)
            return None
        if found is _MISSING:
            row = self.connection.execute(f"SELECT blob FROM {table} WHERE path = ?", (path,)).fetchone()
            found = known[path] = store.load(row[0])[0] if row is not None else None
        return found

    def load_refs(self) -> None:
        """Who every note's records involve, at once (most parts are computed again)."""
        owners: dict[str, set[str]] = {}
        for owner, note in self.connection.execute("SELECT owner, note FROM engine_refs"):
            owners.setdefault(owner, set()).add(note)
        self.owners = owners

    def prefetch(self, owners) -> None:
        """The records of every note that involves one of ``owners`` (``owners`` must be known)."""
        self.load_derived(sorted({note for owner in owners for note in self.owners.get(owner, ())}))

    def forget_records(self) -> None:
        """Let go of the records loaded so far (they are in the index)."""
        self.derived.clear()
        self._records.clear()

    def load_derived(self, paths) -> None:
        """Many notes' records at once (a new day reads them all)."""
        wanted = [p for p in paths if p not in self.derived]
        for path, blob in store.rows_in(self.connection, "SELECT path, blob FROM engine_derived WHERE path IN", wanted):
            self.derived[path] = store.load(blob)[0]
        for path in wanted:
            self.derived.setdefault(path, None)

    # -- recording.Source ---------------------------------------------------------------------

    def contact(self, path: str) -> Contact | None:
        found = self.records_of(path) if isinstance(self.entity(path), Contact) else None
        return found.contact if found is not None else None

    def goal(self, path: str) -> Goal | None:
        found = self.entity(path)
        return found if isinstance(found, Goal) else None

    def contact_paths(self) -> list[str]:
        if self._contact_paths is None:
            self._contact_paths = [p for (p,) in self.connection.execute(
                "SELECT path FROM engine_entities WHERE kind = 'contact' AND linked = 1 ORDER BY path")]
        return self._contact_paths

    def goal_paths(self) -> list[str]:
        if self._goal_paths is None:
            self._goal_paths = [p for (p,) in self.connection.execute(
                "SELECT path FROM engine_entities WHERE kind = 'goal' ORDER BY path")]
        return self._goal_paths

    def records(self, owner: str) -> tuple:
        """(interactions, exchanges, tasks, contacts) of every note whose records involve
        ``owner``, in the vault's order (some may involve it otherwise: readers filter); the
        contacts are those of contact notes (a contact's own, or one linking a goal)."""
        found = self._records.get(owner)
        if found is None:
            if self.owners is not None:
                notes = sorted(self.owners.get(owner, ()))
            else:
                notes = [n for (n,) in self.connection.execute("SELECT note FROM engine_refs WHERE owner = ?", (owner,))]
            self.load_derived(notes)
            parts = [r for r in (self.derived.get(n) for n in notes) if r is not None]
            found = (sorted((i for r in parts for i in r.interactions), key=interaction_order),
                     sorted((e for r in parts for e in r.exchanges), key=exchange_order),
                     sorted((t for r in parts for t in r.tasks), key=task_order),
                     sorted((r.contact for r in parts if r.contact is not None), key=lambda c: c.path))
            self._records[owner] = found
        return found

    def page(self, owner: str) -> str | None:
        if self.pages is None:
            self.pages = store.state(self.connection, "page_names", {})
        return self.pages.get(owner)

    def forget_lists(self) -> None:
        """After entities changed: the lists of contacts and goals are read again."""
        self._contact_paths = self._goal_paths = None
