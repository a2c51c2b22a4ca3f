"""The incremental engine: bring the index up to date with the notes, recomputing what changed.

One run, whatever the command (``build``, ``check``, the views, ``query``, ``watch``):

1. **files** (``files``): the walk lists the notes; each one's (mtime, size) is compared with
   the index; what moved is read, and parsed when its bytes changed.
2. **entities** (``entities``): contact and goal notes that changed are read as such; the
   names they claim replace their old claims.
3. **records** (``records``): notes that changed, and notes whose recorded name lookups may
   now get another answer, are derived again.
4. **parts** (``parts``): each contact's and goal's part is computed again when an input it
   recorded changed (``recording``): a contact's record, the records that involve it, a
   page name, the day, a setting...
5. **shared pages** (``shared``): assembled from every part when anything changed.

A setting read by a step makes that step's results depend on it; a new day changes the input
``today``; another code fingerprint rebuilds the index whole (``store``). A run is one
transaction: all of it is saved, or none.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from vaultkit.cancel import Cancelled
from vaultkit.config import Config, load_config
from vaultkit.incremental import fork, store
from vaultkit.incremental.entities import update_entities
from vaultkit.incremental.files import Files
from vaultkit.incremental.parts import PartWriter, date_again
from vaultkit.incremental.recording import RecordingConfig, changed_settings
from vaultkit.incremental.records import count_for_the_day, derive_notes
from vaultkit.incremental.shared import shared_pages
from vaultkit.incremental.state import State
from vaultkit.incremental.tables import Batch, PageTable, ProblemTable
from vaultkit.pages.naming import page_names
from vaultkit.problems import Problem, sort_problems
from vaultkit.reports.tallies import Counts
from vaultkit.walk import find_notes
from vaultkit.writer import hand_edited

STEPS = ("parse", "entity", "derive", "goals", "dates", "shared")  # steps whose settings are recorded (parts record their own)
# Parts computed together, their records loaded at once: holding every note's records for a
# whole vault took 200 MB of a 100,000-note cold build. A forked child (``fork``) computes a
# share of each chunk: chunks of 2,000 made it copy 142 MB of its parent's memory at 100,000
# notes (the two peaked at 419 MB), chunks of 1,000 about 95 MB (350-360 MB), in the same time.
PARTS_AT_ONCE = 1000


@dataclass
class Outcome:
    """What a run left: the problems, and the pages as they should now be."""

    problems: list[Problem]
    changed_pages: dict[str, str]  # page path -> text, for pages whose text this run changed
    page_hashes: dict[str, str]  # every page the vault should have -> sha256 of its text
    rebuilt: bool  # the index was made anew (nothing from before could be trusted)
    unsure_pages: set[str]  # pages whose file is not as vaultkit last wrote it (``writer.hand_edited``)
    note_count: int
    notice: str | None = None
    config: Config = field(default_factory=Config)


@dataclass
class Inputs:
    """What a caller that follows the vault (``watch``) already knows: the settings and their
    problems, the listing and what listing had to say, and the only paths that may have
    changed since the last run (None: any). Each part left None is looked at afresh."""

    config: tuple[Config, list[Problem]] | None = None
    listing: tuple[list, list[Problem]] | None = None
    touched: set[str] | None = None


def update(connection: sqlite3.Connection, root: Path, today: dt.date, stop: Callable[[], bool] | None = None,
           progress: Callable[[int, int], None] | None = None, inputs: Inputs | None = None) -> Outcome:
    """Bring the index open on ``connection`` (``store.connect``) up to date with the vault at
    ``root`` for ``today`` (see the module's docstring)."""
    inputs = inputs or Inputs()
    try:
        try:
            return _run(Path(root), today, connection, stop, progress, inputs)
        except store.IndexFailed as failed:  # met inside the domain's code: the error itself goes on
            raise failed.error from None
    except Exception as exc:
        if not store.damaged(exc):
            raise
        store.reset(connection)
        outcome = _run(Path(root), today, connection, stop, progress, Inputs(inputs.config, inputs.listing))
        outcome.notice = f"the index could not be read ({exc}): rebuilding it"
        return outcome


def _run(root: Path, today: dt.date, connection: sqlite3.Connection, stop, progress, inputs: Inputs) -> Outcome:
    connection.execute("BEGIN IMMEDIATE")
    try:
        outcome = Run(root, today, connection, stop).run(inputs, progress)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return outcome


class Run:
    """One run's state: what changed so far (``changed``: input keys), the writes to make."""

    def __init__(self, root: Path, today: dt.date, connection: sqlite3.Connection,
                 stop: Callable[[], bool] | None) -> None:
        self.root, self.today, self.connection = root, today, connection
        self.stop = stop or (lambda: False)
        self.state = State(connection)
        self.changed: set[str] = set()  # input keys that changed (see ``recording``)
        self.config_reads: dict[str, set[str]] = {step: set() for step in STEPS}
        meta = store.meta(connection)
        self.meta = meta
        self.rebuilt = "today" not in meta
        self.batch = Batch(connection, fresh=self.rebuilt)
        self.problems = ProblemTable(connection, self.batch)
        self.pages = PageTable(connection, self.batch)

    def run(self, inputs: Inputs, progress: Callable[[int, int], None] | None) -> Outcome:
        config, config_problems = inputs.config if inputs.config is not None else load_config(self.root)
        self.config = config
        self._settings_and_day()
        self._counts()
        touched = inputs.touched if not self.rebuilt and not self.stale_steps else None
        found, walk_problems = inputs.listing if inputs.listing is not None else find_notes(self.root, config)
        self.problems.set("config", config_problems)
        self.problems.set("walk", sort_problems(walk_problems))
        self.files = Files(self, found)
        content = self.files.read_changes(progress, touched)
        entity_paths = update_entities(self, content)
        derive_notes(self, content, entity_paths)
        self.page_names()
        parts_changed = self.parts()
        edited, self.unsure_pages = hand_edited(self.root, config.output_folder, store.known_pages(self.connection),
                                                self.pages.hashes)
        self.problems.set("pages", edited)
        if parts_changed or self.changed or content or self.stale_steps or self.problems.changed:
            self.pages.replace("", shared_pages(self))
        self.batch.flush()
        return self._finish()

    def _settings_and_day(self) -> None:
        """Which steps the settings changed for, and whether the day changed."""
        differ = None if self.rebuilt else changed_settings(store.state(self.connection, "config"), self.config)
        self.settings_moved = differ is None or bool(differ)
        reads = store.state(self.connection, "config_reads", {})
        self.stale_steps = {step for step in STEPS if differ is None or differ & reads.get(step, set())}
        for step in STEPS:
            if step not in self.stale_steps:
                self.config_reads[step] = set(reads.get(step, ()))
        if differ:
            self.changed.update(f"config\0{name}" for name in differ)  # what each part read is an input
        if self.meta.get("today") != self.today.isoformat():
            self.changed.add("today")  # no part reads it: each holds the span of days it stays the same for

    def _counts(self) -> None:
        """The vault-wide counters, kept note by note (``records``): from nothing in a new index;
        on a new day, moved to it for the notes whose count differs."""
        self.counts = Counts() if self.rebuilt else store.state(self.connection, "counts")
        if not self.rebuilt and "today" in self.changed:
            count_for_the_day(self, dt.date.fromisoformat(self.meta["today"]))

    def _finish(self) -> Outcome:
        connection = self.connection
        store.index_tables(connection)
        if self.settings_moved or store.state(connection, "config_reads") != self.config_reads:
            store.set_state(connection, "config", self.config)
            store.set_state(connection, "config_reads", self.config_reads)
        note_count = connection.execute("SELECT count(*) FROM notes WHERE parsed = 1").fetchone()[0]
        values = {"today": self.today.isoformat(), "notes": str(note_count)}
        if any(self.meta.get(key) != value for key, value in values.items()):
            store.set_meta(connection, values)
        return Outcome(self.problems.all(), self.pages.changed, dict(self.pages.hashes), self.rebuilt,
                       self.unsure_pages, note_count, config=self.config)

    # -- page names -------------------------------------------------------------------------------

    def page_names(self) -> None:
        """Page names follow every contact's name and goal's title: made again when one changed."""
        if "shared" not in self.stale_steps and not any(
                key.startswith(("contact\0", "goal\0", "contacts*", "goals*")) for key in self.changed):
            return
        titles, names = {}, {}
        for path, kind, name, linked in self.connection.execute("SELECT path, kind, name, linked FROM engine_entities"):
            if kind == "goal":
                titles[path] = name
            elif linked:
                names[path] = name
        goal_pages, balance_pages = page_names(RecordingConfig(self.config, self.config_reads["shared"]), titles, names)
        new = {**goal_pages, **balance_pages}
        old = store.state(self.connection, "page_names", {})
        self.changed.update(f"page\0{p}" for p in new.keys() | old.keys() if new.get(p) != old.get(p))
        if new != old:
            store.set_state(self.connection, "page_names", new)
        self.state.pages = new

    # -- 4. parts ---------------------------------------------------------------------------------

    def parts(self) -> bool:
        """Compute again the parts whose recorded inputs changed; whether any part changed."""
        writer = PartWriter(self)
        contacts, goals = set(self.state.contact_paths()), set(self.state.goal_paths())
        stored = {owner for (owner,) in self.connection.execute("SELECT owner FROM engine_parts")}
        dirty = {owner for (owner,) in store.rows_in(
            self.connection, "SELECT DISTINCT owner FROM engine_reads WHERE input IN", sorted(self.changed))}
        day = self.today.toordinal()
        if "today" in self.changed:  # the parts whose span of days ends before today or starts after it
            dirty.update(owner for (owner,) in self.connection.execute(
                "SELECT owner FROM engine_parts WHERE first_day > ? OR last_day < ?", (day, day)))
        if self.rebuilt:
            dirty = contacts | goals
        dirty |= (contacts | goals) - stored
        dirty &= contacts | goals
        many = len(dirty) > PARTS_AT_ONCE
        fetch = many or fork.usable(len(dirty))  # a forked child must find every record at hand
        if fetch and self.state.owners is None:
            self.state.load_refs()  # most parts again (a new day): who each note involves, at once
        if many and not self.rebuilt:
            writer.expect_many()
        for owner in sorted(stored - contacts - goals):
            writer.remove(owner)
        owners = sorted(dirty)
        size = -(-len(owners) // -(-len(owners) // PARTS_AT_ONCE)) if owners else 1  # chunks of equal size
        for start in range(0, len(owners), size):
            chunk = owners[start:start + size]
            if many:  # the records these parts read, loaded together; the last chunk's let go
                self.state.forget_records()
            if fetch:
                self.state.prefetch(chunk)
            evaluated = fork.shared_map(chunk, lambda owner: writer.evaluate(owner, owner in contacts),
                                   forbid=self.state.refuse_index)
            for number, (owner, found) in enumerate(evaluated, 1):
                if number % 64 == 0 and self.stop():
                    raise Cancelled
                writer.store(owner, found)
                self.batch.settle()
        self.batch.flush()
        language = RecordingConfig(self.config, self.config_reads["dates"]).language
        if not self.rebuilt and ("today" in self.changed or "dates" in self.stale_steps):
            date_again(self, set(dirty), language)
            return True
        return writer.changed
