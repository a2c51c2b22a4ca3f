"""Load a vault: find and read every note, resolve names and links, measure it on ``today``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from vaultkit import goals as goal_rules
from vaultkit import interactions as interaction_rules
from vaultkit import people
from vaultkit.config import Config, load_config
from vaultkit.kinds import CONTACT, DAILY, GOAL, INTERACTION, daily_date, stem_of
from vaultkit.links import Linker, Resolver
from vaultkit.model import Exchange, Interaction, Task, Vault
from vaultkit.problems import Problem, sort_problems
from vaultkit.reader import Note
from vaultkit.cache import Cache, Derived
from vaultkit.notes import Cancelled, internal_error, list_notes, read_notes
from vaultkit.split import Helper, start_helper

__all__ = ["Cancelled", "load_vault", "resolve"]  # Cancelled is raised through load_vault

T = TypeVar("T")


def load_vault(root: Path | str, today: dt.date, config: Config | None = None, cache: Cache | None = None,
               touched: frozenset[str] = frozenset(), stop: Callable[[], bool] | None = None,
               extra_problems: tuple[Problem, ...] = (), relist: bool = True, trust: bool | None = None,
               progress: Callable[[int, int], None] | None = None, split: bool = False) -> Vault:
    """Everything vaultkit knows about the vault at ``root`` on ``today``. Never raises for bad notes.

    With a ``cache`` (kept by a long-running process), unchanged notes are neither read nor
    resolved again; ``touched`` paths are re-read and compared by content whatever their mtime.
    ``extra_problems`` are reported with the vault's (a bad config that ``watch`` set aside).
    ``relist=False`` trusts the cached listing and looks again only at the ``touched`` paths
    (``watch`` between full rescans); ``trust=False`` still checks every cached file's
    (mtime, size) (a run that loaded the cache from the index). ``progress(done, total)``
    hears how reading the notes goes. ``split``: on two cores, a forked helper reads and
    derives a share of many notes to read (``vaultkit.split``; a one-off build only, as the
    helper's notes are not kept in ``cache``).
    """
    root = Path(root)
    problems: list[Problem] = list(extra_problems)
    if config is None:
        config, config_problems = load_config(root)
        problems += config_problems
    cache = cache if cache is not None else Cache()
    cache.use_config(config)
    found, walk_problems = list_notes(root, config, cache, touched, relist)
    problems += walk_problems
    cache.keep_only({f.path for f in found})
    trusted = not relist if trust is None else trust
    helper = start_helper(found, config, cache, touched, stop) if split else None
    try:
        if helper is None:
            notes = read_notes(found, config, cache, trusted, touched, problems, stop, progress)
        else:
            notes = read_notes(helper.ours, config, cache, trusted, touched, problems, stop, helper.progress(progress))
            notes += helper.early_notes(problems)
        return resolve(str(root), notes, config, today, problems, cache, helper)
    finally:
        if helper is not None:
            helper.close()


def resolve(root: str, notes: list[Note], config: Config, today: dt.date, problems: list[Problem],
            cache: Cache | None = None, helper: Helper | None = None) -> Vault:
    """Turn parsed notes into contacts, interactions and goals, and measure them on ``today``.

    With a ``helper`` (``vaultkit.split``), ``notes`` hold every contact and goal but only part
    of the rest: the helper derives its meetings and daily notes once the names are known.
    """
    note_paths = sorted([n.path for n in notes] + (helper.other_paths if helper is not None else []))
    by_path = {note.path: note for note in notes}
    of_kind = by_kind(notes)
    derive = Deriver(cache if cache is not None else Cache(), problems)

    contacts = dict(derive.each("contact", of_kind[CONTACT], lambda n, p: people.read_contact(n, config, p)))
    contact_names = derive.resolver("contacts", contacts, lambda r, path, c: people.claim_names(r, c, by_path[path].stem))
    problems += people.ambiguity_problems(contact_names, contacts, by_path)

    goals = dict(derive.each("goal", of_kind[GOAL], goal_rules.read_goal))
    goal_names = derive.resolver("goals", {p: (g, by_path[p]) for p, g in goals.items()},
                                 lambda r, path, pair: goal_rules.claim_goal_names(r, *pair))
    problems += goal_rules.too_many_active(goals, config.max_active_goals, by_path)

    derive.linker = Linker(contact_names, goal_names, derive.note_names(note_paths))
    if helper is not None:
        helper.send_names(contact_names, goal_names, note_paths)
    contacts = dict(derive.each("contact-links", [by_path[p] for p in contacts],
                                lambda n, p: people.link_contact(contacts[n.path], n, derive.linker, p)))

    found_meetings = derive_meetings(derive, of_kind)
    if helper is not None:  # its records join in a different order: the sorts below are total per note
        theirs, their_problems = helper.meetings(derive)
        found_meetings = {step: found_meetings[step] + theirs[step] for step in MEETING_STEPS}
        problems += their_problems
    found_meetings["contact-tasks"] = list(derive.each("contact-tasks", of_kind[CONTACT],
                                                       lambda n, p: interaction_rules.contact_tasks(n, n.path, p)))
    interactions_t, exchanges_t, tasks_t = in_order(
        records_of(step, result) for step, derived in found_meetings.items() for _path, result in derived)
    progress = {path: goal_rules.measure(goal, today, interactions_t, exchanges_t, contacts)
                for path, goal in goals.items()}
    return Vault(
        root=root,
        config=config,
        today=today,
        note_count=len(note_paths),
        contacts=contacts,
        interactions=interactions_t,
        exchanges=exchanges_t,
        tasks=tasks_t,
        goals=goals,
        progress=progress,
        last_contact=people.last_contacts(contacts, interactions_t, today),
        problems=tuple(sort_problems(problems)),
    )


MEETING_STEPS = ("interaction", "daily")
RECORD_STEPS = (*MEETING_STEPS, "contact-tasks")  # the steps whose results hold interactions, gives, asks, tasks


def records_of(step: str, result) -> tuple[list[Interaction], list[Exchange], list[Task]]:
    """The interactions, gives and asks, and tasks in what ``step`` (one of ``RECORD_STEPS``)
    derived from one note."""
    if step == "contact-tasks":
        return [], [], result
    found, exchanges, tasks = result
    if step == "interaction":
        return ([found] if found else []), exchanges, tasks
    return found, exchanges, tasks


def in_order(parts: Iterable[tuple[list[Interaction], list[Exchange], list[Task]]]
             ) -> tuple[tuple[Interaction, ...], tuple[Exchange, ...], tuple[Task, ...]]:
    """Records of many notes joined and sorted as a vault holds them (totally: the order they
    came in does not matter)."""
    interactions, exchanges, tasks = [], [], []
    for found, found_exchanges, found_tasks in parts:
        interactions += found
        exchanges += found_exchanges
        tasks += found_tasks
    interactions.sort(key=lambda i: (i.date, i.source.path, i.source.line))
    exchanges.sort(key=lambda e: (e.date, e.source.path, e.source.line, e.kind))
    tasks.sort(key=lambda t: (t.due or dt.date.max, t.source.path, t.source.line))
    return tuple(interactions), tuple(exchanges), tuple(tasks)


def by_kind(notes: list[Note]) -> dict[str, list[Note]]:
    """The notes of each kind vaultkit derives records from, in path order."""
    grouped: dict[str, list[Note]] = {kind: [] for kind in (CONTACT, GOAL, INTERACTION, DAILY)}
    for note in sorted(notes, key=lambda n: n.path):
        if note.kind in grouped:
            grouped[note.kind].append(note)
    return grouped


def derive_meetings(derive: Deriver, of_kind: dict[str, list[Note]]) -> dict[str, list[tuple[str, tuple]]]:
    """The records of meetings and daily notes, by step: (path, (interactions, exchanges, tasks)).
    ``derive.linker`` must be set."""
    return {
        "interaction": list(derive.each("interaction", of_kind[INTERACTION],
                                        lambda n, p: interaction_rules.read_interaction(n, n.channel, derive.linker, p))),
        "daily": list(derive.each("daily", of_kind[DAILY],
                                  lambda n, p: interaction_rules.read_daily(n, daily_date(n.stem), derive.linker, p))),
    }


class Deriver:
    """Runs one derivation per note, reusing the cached result when it still holds.

    A result holds while the note is the same parse and the name lookups it made (through
    the linker) still give the same answers. A note that makes vaultkit fail is reported
    (``internal-error``) and skipped, so a bug costs one note, not the build.
    """

    def __init__(self, cache: Cache, problems: list[Problem]) -> None:
        self.cache = cache
        self.problems = problems
        self.linker: Linker | None = None

    def resolver(self, name: str, records: dict, claim: Callable) -> Resolver:
        """A Resolver of ``records``' names, rebuilt only when a record changed."""
        signature = tuple(records.items())  # records compare by value; unchanged ones are the same objects
        known = self.cache.resolvers.get(name)
        if known is not None and known[0] == signature:
            return known[1]
        resolver = Resolver()
        for path, record in records.items():
            claim(resolver, path, record)
        self.cache.resolvers[name] = (signature, resolver)
        self.cache.names += 1
        return resolver

    def note_names(self, paths: list[str]) -> Resolver:
        """``any_note_names``, built on first use (only links that name no contact or goal need
        it) and rebuilt only when the set of notes changed."""
        paths = tuple(paths)
        if self.cache.note_names is None or self.cache.note_names[0] != paths:
            self.cache.note_names = (paths, LazyResolver(lambda: any_note_names(paths)))
            self.cache.names += 1
        return self.cache.note_names[1]

    def each(self, step: str, notes: list[Note], build: Callable[[Note, list[Problem]], T]) -> Iterator[tuple[str, T]]:
        for note in notes:
            key = (step, note.path)
            known = self.cache.records.get(key)
            if known is not None and known.note is note and self._still_holds(key, known):
                self.problems += known.problems
                yield note.path, known.result
                continue
            note_problems: list[Problem] = []
            trace: list = []
            if self.linker is not None:
                self.linker.problems, self.linker.trace = note_problems, trace
            try:
                result = build(note, note_problems)
            except Exception as exc:  # a bug must cost one note, not the build
                self.problems.append(internal_error(note.path, exc))
                self.cache.records.pop(key, None)
                continue
            finally:
                if self.linker is not None:
                    self.linker.trace = None
            self.cache.records[key] = Derived(note, tuple(trace), result, tuple(note_problems), self.cache.names)
            self.cache.dirty.add(note.path)
            self.problems += note_problems
            yield note.path, result


    def _still_holds(self, key: tuple[str, str], known: Derived) -> bool:
        """Its name lookups give the same answers: surely so when no resolver changed since it
        was last checked (resolvers never change once built), else asked again."""
        if not known.trace or known.names == self.cache.names:
            return True
        if not self.linker.replays(known.trace):
            return False
        self.cache.records[key] = replace(known, names=self.cache.names)
        return True


class LazyResolver:
    """A Resolver built the first time it is asked something."""

    def __init__(self, build: Callable[[], Resolver]) -> None:
        self._build = build
        self._resolver: Resolver | None = None

    def __getattr__(self, name: str):
        if self._resolver is None:
            self._resolver = self._build()
        return getattr(self._resolver, name)


def any_note_names(paths: tuple[str, ...]) -> Resolver:
    """Every note by vault path and file stem, to tell 'not a contact' from 'no such note'."""
    resolver = Resolver()
    for path in paths:
        resolver.claim(path[:-3], path, "path")
        resolver.claim(stem_of(path), path, "stem")
    return resolver
