"""A vault in memory: each note's records, names resolved, measured on ``today``.

Two steps per note, both pure: ``entity_of`` reads what a contact or goal note claims to be
(no other note needed), ``derive`` reads its records once every name is known (the links it
resolves go through ``linker``). ``load_vault`` runs them over a whole vault; the engine
(``vaultkit.incremental``) runs the same functions on the notes an edit reaches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from vaultkit import goals as goal_rules
from vaultkit import interactions as interaction_rules
from vaultkit import people
from vaultkit.config import Config, load_config
from vaultkit.kinds import CONTACT, DAILY, GOAL, INTERACTION, daily_date, stem_of
from vaultkit.links import Linker, Resolver
from vaultkit.model import Contact, Exchange, Goal, Interaction, Task, Vault
from vaultkit.problems import Problem, sort_problems
from vaultkit.reader import Note
from vaultkit.reading import internal_error, read_note
from vaultkit.walk import find_notes

DERIVED_KINDS = (CONTACT, INTERACTION, DAILY)  # the kinds of notes records come from


@dataclass(frozen=True)
class NoteRecords:
    """What one note says once names are known: a contact note's contact (its links resolved)
    and its open tasks; a meeting's or daily note's interactions, gives, asks and tasks."""

    contact: Contact | None = None
    interactions: tuple[Interaction, ...] = ()
    exchanges: tuple[Exchange, ...] = ()
    tasks: tuple[Task, ...] = ()

    def names(self) -> set[str]:
        """The contacts and goals these records involve (a contact note: the goals it links too)."""
        found = {p for i in self.interactions for p in (*i.participants, *i.goals)}
        found.update(c for record in (*self.exchanges, *self.tasks) for c in record.contacts)
        if self.contact is not None:
            found.update(self.contact.goals)
        return found


def entity_of(note: Note, config: Config, problems: list[Problem]) -> Contact | Goal | None:
    """A contact note's contact (links not resolved yet) or a goal note's goal; else None."""
    if note.kind == CONTACT:
        return people.read_contact(note, config, problems)
    if note.kind == GOAL:
        return goal_rules.read_goal(note, problems)
    return None


class _Claims:
    """Collects the names an entity claims, as a Resolver would receive them."""

    def __init__(self) -> None:
        self.claims: list[tuple[str, str]] = []  # (name, how)

    def claim(self, name: str, _note: str, how: str) -> None:
        self.claims.append((name, how))


def claims_of(note: Note, entity: Contact | Goal) -> list[tuple[str, str]]:
    """Every (name, how) ``entity`` answers to: vault path, file stem, name or title, aliases."""
    found = _Claims()
    if isinstance(entity, Contact):
        people.claim_names(found, entity, note.stem)
    else:
        goal_rules.claim_goal_names(found, entity, note)
    return found.claims


def derive(note: Note, entity: Contact | Goal | None, linker: Linker, config: Config,
           problems: list[Problem]) -> NoteRecords | None:
    """The records of a contact, meeting or daily note (None for other notes)."""
    if note.kind == CONTACT:
        contact = people.link_contact(entity, note, linker, problems)
        return NoteRecords(contact, tasks=tuple(interaction_rules.contact_tasks(note, note.path, problems)))
    if note.kind == INTERACTION:
        found, exchanges, tasks = interaction_rules.read_interaction(note, note.channel, linker, problems)
        return NoteRecords(None, (found,) if found else (), tuple(exchanges), tuple(tasks))
    if note.kind == DAILY:
        found, exchanges, tasks = interaction_rules.read_daily(note, daily_date(note.stem), linker,
                                                               config.daily_mentions == "any", problems)
        return NoteRecords(None, tuple(found), tuple(exchanges), tuple(tasks))
    return None


def guarded(path: str, problems: list[Problem], step: Callable, *args):
    """``step(*args, own_problems)``; a bug in vaultkit costs this note (``internal-error``), not the build."""
    own: list[Problem] = []
    try:
        result = step(*args, own)
    except Exception as exc:  # a bug must cost one note, not the build
        problems.append(internal_error(path, exc))
        return None
    problems += own
    return result


def load_vault(root: Path | str, today: dt.date, config: Config | None = None) -> Vault:
    """Everything vaultkit knows about the vault at ``root`` on ``today``, read afresh. Never
    raises for bad notes: they are problems."""
    return load_with_names(root, today, config)[0]


def load_with_names(root: Path | str, today: dt.date, config: Config | None = None) -> tuple[Vault, Resolver, Resolver]:
    """``load_vault``, with the resolvers of contact and goal names its links went through."""
    root = Path(root)
    problems: list[Problem] = []
    if config is None:
        config, config_problems = load_config(root)
        problems += config_problems
    found, walk_problems = find_notes(root, config)
    problems += walk_problems
    notes = []
    for listed in found:
        read = read_note(listed, config)
        problems += read.problems
        if read.note is not None:
            notes.append(read.note)
    return resolve_with_names(str(root), notes, config, today, problems)


def resolve(root: str, notes: list[Note], config: Config, today: dt.date, problems: list[Problem]) -> Vault:
    """Turn parsed notes into contacts, interactions and goals, and measure them on ``today``."""
    return resolve_with_names(root, notes, config, today, problems)[0]


def resolve_with_names(root: str, notes: list[Note], config: Config, today: dt.date,
                       problems: list[Problem]) -> tuple[Vault, Resolver, Resolver]:
    """``resolve``, with the resolvers of contact and goal names."""
    notes = sorted(notes, key=lambda n: n.path)
    by_path = {note.path: note for note in notes}
    entities = {n.path: e for n in notes if n.kind in (CONTACT, GOAL)
                and (e := guarded(n.path, problems, entity_of, n, config)) is not None}
    contact_names, goal_names = Resolver(), Resolver()
    for path, entity in entities.items():
        resolver = contact_names if isinstance(entity, Contact) else goal_names
        for name, how in claims_of(by_path[path], entity):
            resolver.claim(name, path, how)
    unlinked = {p: e for p, e in entities.items() if isinstance(e, Contact)}
    goals = {p: e for p, e in entities.items() if isinstance(e, Goal)}
    problems += people.ambiguity_problems(contact_names, unlinked, by_path)
    problems += goal_rules.too_many_active(goals, config.max_active_goals, by_path)
    linker = Linker(contact_names, goal_names, LazyResolver(lambda: any_note_names(by_path)))
    records = [r for n in notes if n.kind in DERIVED_KINDS and (n.kind != CONTACT or n.path in unlinked)
               and (r := guarded(n.path, problems, derive, n, unlinked.get(n.path), linker, config)) is not None]
    contacts = {r.contact.path: r.contact for r in records if r.contact is not None}
    interactions, exchanges, tasks = in_order(records)
    progress = {path: goal_rules.measure(goal, today, interactions, exchanges, contacts) for path, goal in goals.items()}
    vault = Vault(
        root=root,
        config=config,
        today=today,
        note_count=len(notes),
        contacts=contacts,
        interactions=interactions,
        exchanges=exchanges,
        tasks=tasks,
        goals=goals,
        progress=progress,
        last_contact=people.last_contacts(contacts, interactions, today),
        problems=tuple(sort_problems(problems)),
    )
    return vault, contact_names, goal_names


def in_order(records: Iterable[NoteRecords]
             ) -> tuple[tuple[Interaction, ...], tuple[Exchange, ...], tuple[Task, ...]]:
    """Records of many notes joined and sorted as a vault holds them (totally: the order they
    came in does not matter)."""
    interactions, exchanges, tasks = [], [], []
    for found in records:
        interactions += found.interactions
        exchanges += found.exchanges
        tasks += found.tasks
    interactions.sort(key=interaction_order)
    exchanges.sort(key=exchange_order)
    tasks.sort(key=task_order)
    return tuple(interactions), tuple(exchanges), tuple(tasks)


def interaction_order(i: Interaction) -> tuple:
    return i.date, i.source.path, i.source.line


def exchange_order(e: Exchange) -> tuple:
    return e.date, e.source.path, e.source.line, e.kind


def task_order(t: Task) -> tuple:
    return t.due or dt.date.max, t.source.path, t.source.line


class LazyResolver:
    """A Resolver built the first time it is asked something."""

    def __init__(self, build: Callable[[], Resolver]) -> None:
        self._build = build
        self._resolver: Resolver | None = None

    def __getattr__(self, name: str):
        if self._resolver is None:
            self._resolver = self._build()
        return getattr(self._resolver, name)


def any_note_names(paths: Iterable[str]) -> Resolver:
    """Every note by vault path and file stem, to tell 'not a contact' from 'no such note'."""
    resolver = Resolver()
    for path in paths:
        resolver.claim(path[:-3], path, "path")
        resolver.claim(stem_of(path), path, "stem")
    return resolver
