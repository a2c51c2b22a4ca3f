"""Step 3: the records of contact, meeting and daily notes (``vault.derive``), derived again
where the note changed or a name it looked up may now get another answer.

Each note's lookups go to ``engine_lookups``; the contacts and goals its records involve to
``engine_refs``. A note whose records changed changes the input ``rec\\0owner`` of every
contact or goal they involve, before or after; a contact note whose contact changed, the
input ``contact\\0path``.
"""

from __future__ import annotations

from vaultkit.cancel import Cancelled
from typing import NamedTuple

from vaultkit.incremental import facts, fork, store
from vaultkit.incremental.days import RecordedDay, Span
from vaultkit.incremental.names import Names
from vaultkit.incremental.recording import RecordingConfig
from vaultkit.kinds import CONTACT
from vaultkit.problems import Problem
from vaultkit.reports.tallies import Counts
from vaultkit.vault import DERIVED_KINDS, NoteRecords, derive, guarded

CHILD_SHARE = 0.6  # of the notes derived on a forked child (``fork``): this process also stores them all
MANY = 400  # notes to derive from which every claim is loaded at once (else one query per name)


def derive_notes(run, content: set[str], entity_paths: set[str]) -> None:
    """Derive again what changed or may resolve a name differently now."""
    files = run.files
    candidates = content | entity_paths
    had_records = {p for (p,) in store.rows_in(run.connection, "SELECT path FROM engine_derived WHERE path IN",
                                                 sorted(candidates))}
    paths = {p for p in candidates if derivable(run, p) or p in had_records}
    changed_keys = sorted(k for k in run.changed if "\0" in k)
    paths |= {note for (note,) in store.rows_in(
        run.connection, "SELECT DISTINCT note FROM engine_lookups WHERE key IN", changed_keys)}
    if "derive" in run.stale_steps:
        had_records = {p for (p,) in run.connection.execute("SELECT path FROM engine_derived")}
        paths |= {p for p in files.listed if derivable(run, p)} | had_records
    paths = sorted(paths)
    had_records |= {p for (p,) in store.rows_in(run.connection, "SELECT path FROM engine_derived WHERE path IN",
                                                sorted(set(paths) - had_records))}
    names = Names(run.connection, everything=len(paths) >= MANY)
    seen = run.config_reads["derive"]
    config = RecordingConfig(run.config, seen)
    if run.rebuilt:
        run.state.owners = {}
    keep = len(paths) <= MANY  # few: their records stay at hand for step 4; many: step 4 loads them in chunks

    def evaluate(path: str) -> Derived:
        asked: set[str] = set()
        problems: list[Problem] = []
        records = None
        note = files.note(path) if derivable(run, path) else None
        if note is not None:
            entity = run.state.entity(path) if note.kind == CONTACT else None
            if note.kind != CONTACT or entity is not None:
                records = guarded(path, problems, derive, note, entity, names.linker(asked), config)
        return Derived(records, None, asked, problems, frozenset())

    def send(found: Derived) -> Derived:
        """In a forked child: the records pickled once, as the index keeps them, and the settings read."""
        blob = None if found.records is None else store.dump((found.records,))
        return Derived(None, blob, found.asked, found.problems, frozenset(seen))

    def forbid() -> None:
        run.state.refuse_index()
        names.refuse_index()
        files.refuse_reads()

    # Forked only when what deriving reads is at hand: every claim (many notes), every parse (not streaming).
    at_hand = names.memory is not None and all(path in files.notes for path in paths if derivable(run, path))
    derived = fork.shared_map(paths, evaluate, forbid, share=CHILD_SHARE, send=send) if at_hand else (
        (path, evaluate(path)) for path in paths)
    for number, (path, found) in enumerate(derived, 1):
        if number % 64 == 0 and run.stop():
            raise Cancelled
        seen |= found.seen
        records = found.records if found.blob is None else store.load(found.blob)[0]
        old = run.state.records_of(path) if path in had_records else None
        run.problems.set(f"derive\0{path}", found.problems)
        _save(run, path, old, records, found.asked, keep, found.blob)
        files.notes.pop(path, None)  # its parse is done with (a note an edit reaches later is read again)
        run.batch.settle()
    run.batch.flush()


class Derived(NamedTuple):
    """What deriving a note found: its records (or, from a forked child, their pickle), the
    name keys it looked up, its problems, and the settings the child read."""

    records: NoteRecords | None
    blob: bytes | None
    asked: set[str]
    problems: list[Problem]
    seen: frozenset[str]


def derivable(run, path: str) -> bool:
    """Whether a listed note is of a kind step 3 derives (its kind says it parsed), read or not."""
    files = run.files
    return path in files.listed and files.kind(path) in DERIVED_KINDS


def _save(run, path: str, old: NoteRecords | None, records: NoteRecords | None, asked: set[str],
          keep: bool, blob: bytes | None = None) -> None:
    if keep:
        run.state.derived[path] = records
    else:
        run.state.derived.pop(path, None)
    batch = run.batch
    for table in ("engine_lookups", "engine_refs"):
        batch.delete(table, "note", path)
    for table in (*facts.RECORD_TABLES, "engine_derived"):
        batch.delete(table, "path", path)
    batch.insert("engine_lookups", [(key, path) for key in sorted(asked)])
    if old is not None and old != records:
        run.counts.count(old.interactions, old.exchanges, run.today, -1)
    if records is not None:
        counts = run.counts if old != records else Counts()  # unchanged: counted before, only its span is wanted
        span = Span()
        counts.count(records.interactions, records.exchanges, RecordedDay(run.today, span))
        batch.insert("engine_derived", [(path, blob or store.dump((records,)), span.first, span.last)])
        owners = sorted(records.names() | ({records.contact.path} if records.contact else set()))
        batch.insert("engine_refs", [(owner, path) for owner in owners])
        facts.insert_records(batch, records)
        if run.state.owners is not None:
            for owner in owners:
                run.state.owners.setdefault(owner, set()).add(path)
    linked = records is not None and records.contact is not None
    if linked or (old is not None and old.contact is not None):
        batch.update("UPDATE engine_entities SET linked = ? WHERE path = ?", (int(linked), path))
    if old != records:
        before = old.names() if old is not None else set()
        after = records.names() if records is not None else set()
        run.changed.update(f"rec\0{owner}" for owner in before | after)
        before_contact = old.contact if old else None
        after_contact = records.contact if records else None
        if before_contact != after_contact:
            run.changed.update((f"contact\0{path}", "contacts*", f"rec\0{path}"))
            if getattr(before_contact, "name", None) != getattr(after_contact, "name", None):
                run.changed.add(f"name\0{path}")


def count_for_the_day(run, before) -> None:
    """On a new day, move to it the vault-wide counts of the notes whose records' count
    (``reports.tallies.Counts``) differs between ``before`` and the run's day: those whose
    span of days does not hold it."""
    day = run.today.toordinal()
    for path, blob in run.connection.execute(
            "SELECT path, blob FROM engine_derived WHERE first_day > ? OR last_day < ?", (day, day)).fetchall():
        records = store.load(blob)[0]
        run.counts.count(records.interactions, records.exchanges, before, -1)
        span = Span()
        run.counts.count(records.interactions, records.exchanges, RecordedDay(run.today, span))
        run.connection.execute("UPDATE engine_derived SET first_day = ?, last_day = ? WHERE path = ?",
                               (span.first, span.last, path))
