"""Load a vault: find and read every note, resolve names and links, measure it on ``today``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from vaultkit import goals as goal_rules
from vaultkit import interactions as interaction_rules
from vaultkit import people
from vaultkit.config import Config, load_config
from vaultkit.kinds import CONTACT, DAILY, GOAL, INTERACTION, daily_date
from vaultkit.links import Linker, Resolver
from vaultkit.model import Vault
from vaultkit.problems import Problem, error, sort_problems, warning
from vaultkit.reader import Note, file_too_large, parse_note
from vaultkit.walk import Found, find_notes

T = TypeVar("T")


def load_vault(root: Path | str, today: dt.date, config: Config | None = None) -> Vault:
    """Everything vaultkit knows about the vault at ``root`` on ``today``. Never raises for bad notes."""
    root = Path(root)
    problems: list[Problem] = []
    if config is None:
        config, config_problems = load_config(root)
        problems += config_problems
    found, walk_problems = find_notes(root, config)
    problems += walk_problems
    notes = [note for note in (read_found(f, config, problems) for f in found) if note is not None]
    return resolve(str(root), notes, config, today, problems)


def read_found(found: Found, config: Config, problems: list[Problem]) -> Note | None:
    """Read one listed file; a file that vanished or cannot be read is a problem, not a crash."""
    try:
        size = os.stat(found.real).st_size
        if size > config.max_note_bytes:
            problems.append(file_too_large(found.path, size, config))
            return None
        with open(found.real, "rb") as handle:
            data = handle.read(config.max_note_bytes + 1)
    except OSError as exc:
        problems.append(warning(found.path, 1, "unreadable", f"cannot read: {exc.strerror or exc}; skipped"))
        return None
    try:
        note, note_problems = parse_note(found.path, data, config)
    except Exception as exc:  # a bug must cost one note, not the build
        problems.append(internal_error(found.path, exc))
        return None
    problems += note_problems
    return note


def internal_error(path: str, exc: Exception) -> Problem:
    return error(path, 1, "internal-error",
                 f"vaultkit failed on this note ({type(exc).__name__}: {exc}); it was skipped, please report it")


def resolve(root: str, notes: list[Note], config: Config, today: dt.date, problems: list[Problem]) -> Vault:
    """Turn parsed notes into contacts, interactions and goals, and measure them on ``today``."""
    notes = sorted(notes, key=lambda n: n.path)
    by_path = {note.path: note for note in notes}
    of_kind = {kind: [n for n in notes if n.kind == kind] for kind in (CONTACT, GOAL, INTERACTION, DAILY)}

    contacts = dict(guarded(of_kind[CONTACT], problems, lambda n: people.read_contact(n, config, problems)))
    contact_names = Resolver()
    for path, contact in contacts.items():
        people.claim_names(contact_names, contact, by_path[path].stem)
    problems += people.ambiguity_problems(contact_names, contacts, by_path)

    goals = dict(guarded(of_kind[GOAL], problems, lambda n: goal_rules.read_goal(n, problems)))
    goal_names = Resolver()
    for path, goal in goals.items():
        goal_rules.claim_goal_names(goal_names, goal, by_path[path])
    problems += goal_rules.too_many_active(goals, config.max_active_goals, by_path)

    linker = Linker(contact_names, goal_names, any_note_names(notes), problems)
    contacts = dict(guarded([by_path[p] for p in contacts], problems,
                            lambda n: people.link_contact(contacts[n.path], n, linker, problems)))

    interactions, exchanges, tasks = [], [], []
    for _path, (found, found_exchanges, found_tasks) in guarded(
            of_kind[INTERACTION], problems,
            lambda n: interaction_rules.read_interaction(n, n.channel, linker, problems)):
        interactions += [found] if found else []
        exchanges += found_exchanges
        tasks += found_tasks
    for _path, (found, found_exchanges, found_tasks) in guarded(
            of_kind[DAILY], problems, lambda n: interaction_rules.read_daily(n, daily_date(n.stem), linker, problems)):
        interactions += found
        exchanges += found_exchanges
        tasks += found_tasks
    for _path, found_tasks in guarded(of_kind[CONTACT], problems,
                                      lambda n: interaction_rules.contact_tasks(n, n.path, problems)):
        tasks += found_tasks

    interactions.sort(key=lambda i: (i.date, i.source.path, i.source.line))
    exchanges.sort(key=lambda e: (e.date, e.source.path, e.source.line, e.kind))
    tasks.sort(key=lambda t: (t.due or dt.date.max, t.source.path, t.source.line))
    interactions_t, exchanges_t = tuple(interactions), tuple(exchanges)
    progress = {path: goal_rules.measure(goal, today, interactions_t, exchanges_t, contacts)
                for path, goal in goals.items()}
    return Vault(
        root=root,
        config=config,
        today=today,
        note_count=len(notes),
        contacts=contacts,
        interactions=interactions_t,
        exchanges=exchanges_t,
        tasks=tuple(tasks),
        goals=goals,
        progress=progress,
        last_contact=people.last_contacts(contacts, interactions_t, today),
        problems=tuple(sort_problems(problems)),
    )


def guarded(notes: list[Note], problems: list[Problem], build: Callable[[Note], T]) -> Iterator[tuple[str, T]]:
    """``(path, build(note))`` for each note; a note that makes vaultkit fail is reported and skipped."""
    for note in notes:
        try:
            yield note.path, build(note)
        except Exception as exc:  # a bug must cost one note, not the build
            problems.append(internal_error(note.path, exc))


def any_note_names(notes: list[Note]) -> Resolver:
    """Every note by vault path and file stem, to tell 'not a contact' from 'no such note'."""
    resolver = Resolver()
    for note in notes:
        resolver.claim(note.path[:-3], note.path, "path")
        resolver.claim(note.stem, note.path, "stem")
    return resolver
