"""A delta build: work that follows the change, not the size of the vault.

When only meetings, daily notes or other notes changed since the last build (same day,
settings and set of notes; no contact or goal note changed; no page edited by hand), this
build reads those notes alone and derives them with the name resolvers the index kept. The
contacts and goals they name (before or after the change) are the only ones whose records
it loads (``refs``), whose pieces of the shared pages it makes again (``pages.pieces``) and
whose own pages it renders; the rest comes from the index: the other contacts' and goals'
pieces, the goals' progress and the vault-wide tallies (``reports.tallies``). The shared
pages are then assembled exactly as a full build assembles them. Everything is saved in one
transaction. In any other case, ``build_delta`` returns None and the caller builds in full.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from vaultkit.pickling import by_fields

if TYPE_CHECKING:
    from vaultkit.build import BuildResult
    from vaultkit.cache import Cache
    from vaultkit.config import Config
    from vaultkit.links import Resolver
    from vaultkit.model import Vault
    from vaultkit.pages.pieces import Pieces
    from vaultkit.reports.tallies import Tallies
    from vaultkit.walk import Found

MAX_CHANGED = 200  # more changed notes than this: a full build (reading them costs as much)


@by_fields
@dataclass(frozen=True, slots=True)
class Fixed:
    """What a delta build takes as the last full build left it: whatever could change it
    (a contact or goal note, the set of notes, the settings) sends the build down the full path."""

    inputs: str  # the settings and what the configuration and the walk had to say (``build.inputs_key``)
    note_paths: tuple[str, ...]  # every parsed note, for links to notes that are no contact or goal
    contacts: dict
    goals: dict
    contact_names: Resolver
    goal_names: Resolver
    goal_pages: dict[str, str]  # ``pages.naming.OutputNames``' names, which depend on the goals and contacts alone
    balance_pages: dict[str, str]


@by_fields
@dataclass(frozen=True, slots=True)
class Measures:
    """What a delta build updates: goals' progress, last contact dates, the vault-wide tallies."""

    progress: dict
    last_contact: dict
    tallies: Tallies


def snapshot_of(vault: Vault, cache: Cache) -> dict | None:
    """The index's ``snapshot`` rows of a full build (None when the cache lacks a part)."""
    from vaultkit.pages.naming import OutputNames
    from vaultkit.reports.tallies import tallies_of

    contacts, goals = cache.resolvers.get("contacts"), cache.resolvers.get("goals")
    if cache.inputs is None or cache.note_names is None or contacts is None or goals is None:
        return None
    names = OutputNames(vault, None)
    fixed = Fixed(cache.inputs, tuple(cache.note_names[0]), vault.contacts, vault.goals, contacts[1], goals[1],
                  names.goal_pages, names.balance_pages)
    return {"fixed": fixed, "measures": Measures(vault.progress, vault.last_contact, tallies_of(vault))}


@dataclass
class _Narrowed:
    """The vault narrowed to what the change reaches, and what the rest of the build needs."""

    vault: Vault
    pieces: Pieces  # every contact's and goal's, as the index holds them
    contacts: set[str]  # the contacts and goals the change names
    goals: set[str]
    measures: Measures  # updated for the change
    fixed: Fixed


@dataclass
class _Change:
    """The changed notes: their old records (from the index) and new ones (derived now)."""

    paths: list[str]
    old: list[tuple[list, list, list]]
    new: list[tuple[list, list, list]]
    problems: list  # what reading and deriving the changed notes had to say
    cache: Cache  # their parses and derived records, for the index

    def contacts(self) -> set[str]:
        """The contacts the changed notes' records name, before or after the change."""
        found: set[str] = set()
        for interactions, exchanges, tasks in (*self.old, *self.new):
            found.update(c for i in interactions for c in i.participants)
            found.update(c for record in (*exchanges, *tasks) for c in record.contacts)
        return found

    def goals(self) -> set[str]:
        return {g for interactions, _exchanges, _tasks in (*self.old, *self.new) for i in interactions for g in i.goals}


def build_delta(root: Path, today: dt.date, config: Config, inputs: str, cache: Cache, found: list[Found],
                stats: dict[str, tuple[int, int]], stamp: str, stop: Callable[[], bool] | None) -> BuildResult | None:
    """Build from what changed since the last build, or None when only a full build can.
    ``inputs`` is ``build.inputs_key``; ``cache`` holds the index's state (``index.load_state``)
    and the pages as last written, all intact; ``stats`` each listed file's (mtime_ns, size);
    ``stamp`` the fingerprint to record."""
    from vaultkit import index

    meta = cache.saved_meta
    if not meta or meta.get("delta") != "ready" or meta.get("today") != today.isoformat() or not cache.saved_fingerprint:
        return None
    try:
        connection = sqlite3.connect(f"file:{index.index_path(root)}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        change, fixed, measures = _load_change(connection, config, inputs, found, stats) or (None, None, None)
        if change is None:
            return None
        narrowed = _remake(connection, root, today, config, meta, change, fixed, measures)
    except index.READ_ERRORS:
        return None  # the full build reads the index again, and says what is wrong with it
    finally:
        connection.close()
    return _write_and_save(root, today, config, cache, narrowed, change, stamp, stop)


def _load_change(connection: sqlite3.Connection, config: Config, inputs: str, found: list[Found],
                 stats: dict[str, tuple[int, int]]):
    """The change since the last build and the snapshot, or None when it needs a full build."""
    from vaultkit import index
    from vaultkit.cache import Cache
    from vaultkit.kinds import CONTACT, GOAL
    from vaultkit.links import Linker
    from vaultkit.notes import read_found
    from vaultkit.vault import Deriver, LazyResolver, MEETING_STEPS, any_note_names, by_kind, derive_meetings, records_of

    stored = {path: (mtime, size) for path, mtime, size in connection.execute("SELECT path, mtime_ns, size FROM notes")}
    listed = {f.path: f for f in found}
    if stored.keys() != listed.keys():
        return None
    changed = sorted(path for path in listed if stats.get(path) != stored[path])
    if not changed or len(changed) > MAX_CHANGED:
        return None
    snapshot = {name: index.load_record(blob) for name, blob in connection.execute("SELECT name, blob FROM snapshot")}
    fixed, measures = snapshot.get("fixed"), snapshot.get("measures")
    if fixed is None or measures is None or fixed.inputs != inputs:
        return None
    old = []
    for _path, parse, derived in _rows(connection, "SELECT path, parse, derived FROM notes WHERE path IN", changed):
        note = index.load_record(parse).note
        if note is None or note.kind in (CONTACT, GOAL):
            return None
        records = index.load_record(derived)
        old += [records_of(step, records[step][1]) for step in MEETING_STEPS if step in records]
    cache = Cache()
    problems: list = []
    notes = []
    for path in changed:
        note = read_found(listed[path], config, problems, cache)
        if note is None or note.kind in (CONTACT, GOAL):
            return None
        notes.append(note)
    derive = Deriver(cache, problems)
    derive.linker = Linker(fixed.contact_names, fixed.goal_names,
                           LazyResolver(lambda: any_note_names(fixed.note_paths)))
    new = [records_of(step, result) for step, derived in derive_meetings(derive, by_kind(notes)).items()
           for _path, result in derived]
    return _Change(changed, old, new, problems, cache), fixed, measures


def _rows(connection: sqlite3.Connection, query: str, values: list[str]):
    """``query`` + `` (?, ?...)`` for ``values``, in chunks SQLite accepts."""
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        yield from connection.execute(f"{query} ({', '.join('?' * len(chunk))})", chunk)


def _remake(connection, root, today, config, meta, change: _Change, fixed: Fixed, measures: Measures) -> _Narrowed:
    """The vault narrowed to what the change touches, and every contact's and goal's pieces."""
    from vaultkit import index, people
    from vaultkit.goals import measure
    from vaultkit.model import Vault
    from vaultkit.problems import Problem, sort_problems
    from vaultkit.vault import RECORD_STEPS, in_order, records_of

    contacts, goals = change.contacts(), change.goals()
    others = sorted({note for (note,) in _rows(connection, "SELECT DISTINCT note FROM refs WHERE owner IN",
                                               sorted(contacts | goals))} - set(change.paths))
    loaded = []
    for _path, derived in _rows(connection, "SELECT path, derived FROM notes WHERE path IN", others):
        records = index.load_record(derived)
        loaded += [records_of(step, records[step][1]) for step in RECORD_STEPS if step in records]
    interactions, exchanges, tasks = in_order([*loaded, *change.new])
    progress = dict(measures.progress)
    for goal in sorted(goals & fixed.goals.keys()):
        progress[goal] = measure(fixed.goals[goal], today, interactions, exchanges, fixed.contacts)
    last_contact = dict(measures.last_contact)
    last_contact.update(people.last_contacts({c: fixed.contacts[c] for c in contacts if c in fixed.contacts},
                                             interactions, today))
    kept = [Problem(*row) for row in connection.execute("SELECT path, line, severity, code, message FROM problems")]
    changed = set(change.paths)
    problems = sort_problems([*(p for p in kept if p.path not in changed), *change.problems])
    vault = Vault(str(root), config, today, int(meta.get("notes", 0)), fixed.contacts, interactions, exchanges, tasks,
                  fixed.goals, progress, last_contact, tuple(problems))
    tallies = measures.tallies
    for part in change.old:
        tallies.count(part[0], part[1], today, -1)
    for part in change.new:
        tallies.count(part[0], part[1], today, 1)
    tallies.recount(vault, sorted(contacts))
    return _Narrowed(vault, index.load_pieces(connection), contacts, goals, Measures(progress, last_contact, tallies),
                     fixed)


def _write_and_save(root: Path, today: dt.date, config: Config, cache: Cache, narrowed: _Narrowed, change: _Change,
                    stamp: str, stop: Callable[[], bool] | None) -> BuildResult:
    """Render the pages the change can alter, write them (the others stay as they are), save the index."""
    from vaultkit import index
    from vaultkit.build import BuildResult, with_writers
    from vaultkit.pages import balance_pages, goal_pages, shared_pages
    from vaultkit.pages.naming import OutputNames
    from vaultkit.pages.pieces import make_pieces
    from vaultkit.reports.balance import ledger
    from vaultkit.reports.followups import follow_ups
    from vaultkit.vault import in_order
    from vaultkit.writer import write_pages

    vault, measures, fixed = narrowed.vault, narrowed.measures, narrowed.fixed
    names = OutputNames(vault, None, (fixed.goal_pages, fixed.balance_pages))
    known = sorted(narrowed.contacts & vault.contacts.keys())
    goals = sorted(narrowed.goals & vault.goals.keys())
    found = [b for b in (ledger(vault, c) for c in known) if b.entries]
    made = make_pieces(vault, names, follow_ups(vault, contacts=known), found)
    pieces = narrowed.pieces.replacing(set(known), made)
    problems = list(vault.problems)
    pages = [*shared_pages(vault, names, pieces, measures.tallies, problems),
             *(goal_pages.goal_page(vault, names, vault.progress[g]) for g in goals),
             *(balance_pages.contact_page(vault, names, b) for b in found)]
    retire = {names.balance_pages[c] for c in known} - {p.path for p in pages}
    report = write_pages(root, config.output_folder, pages, today, stop, cache.written, retire=retire)
    if report.problems or report.stopped:
        stamp = ""  # a page was not written as generated: the next build must try again
    problems = with_writers(problems, report)

    def save(connection: sqlite3.Connection) -> None:
        derived = change.cache.records_by_note()
        connection.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [index.note_row(p, change.cache.notes[p], derived.get(p, {})) for p in change.paths])
        index.delete_records(connection, change.paths)
        index.insert_records(connection, *in_order(change.new))
        index.save_contacts(connection, vault, known)
        index.save_goals(connection, vault, goals)
        index.save_pieces(connection, made, owners=known)
        connection.execute("INSERT OR REPLACE INTO snapshot VALUES ('measures', ?)", (index.dump_record(measures),))
        index.save_outcome(connection, cache, vault, problems, stamp, delta_ready=True)

    notice = index.guarded(root, cache, save, lambda connection: None)
    pages_now = len(report.written) + len(report.unchanged)
    return BuildResult(None, pages_now, report, problems, vault.note_count, notice, delta=True)
