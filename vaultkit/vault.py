"""Load a vault: find and read every note, resolve names and links, measure it on ``today``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from vaultkit import goals as goal_rules
from vaultkit import interactions as interaction_rules
from vaultkit import people
from vaultkit.config import Config, load_config
from vaultkit.kinds import CONTACT, DAILY, GOAL, INTERACTION, classify, daily_date
from vaultkit.links import Linker, Resolver
from vaultkit.model import Vault
from vaultkit.problems import Problem, sort_problems, warning
from vaultkit.reader import Note, file_too_large, parse_note
from vaultkit.walk import Found, find_notes


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
    note, note_problems = parse_note(found.path, data, config)
    problems += note_problems
    return note


def resolve(root: str, notes: list[Note], config: Config, today: dt.date, problems: list[Problem]) -> Vault:
    """Turn parsed notes into contacts, interactions and goals, and measure them on ``today``."""
    notes = sorted(notes, key=lambda n: n.path)
    by_path = {note.path: note for note in notes}
    kinds = {note.path: classify(note, config) for note in notes}

    everything = Resolver()
    for note in notes:
        everything.claim(note.path[:-3], note.path, "path")
        everything.claim(note.stem, note.path, "stem")

    contacts = {}
    contact_names = Resolver()
    for note in notes:
        if kinds[note.path][0] == CONTACT:
            contact = people.read_contact(note, config, problems)
            contacts[note.path] = contact
            people.claim_names(contact_names, contact, note.stem)
    problems += people.ambiguity_problems(contact_names, contacts, by_path)

    goals = {}
    goal_names = Resolver()
    for note in notes:
        if kinds[note.path][0] == GOAL:
            goal = goal_rules.read_goal(note, problems)
            goals[note.path] = goal
            goal_rules.claim_goal_names(goal_names, goal, note)
    problems += goal_rules.too_many_active(goals, config.max_active_goals, by_path)

    linker = Linker(contact_names, goal_names, everything, problems)
    contacts = {path: people.link_contact(c, by_path[path], linker, problems) for path, c in contacts.items()}

    interactions, exchanges, tasks = [], [], []
    for note in notes:
        kind, channel = kinds[note.path]
        if kind == INTERACTION:
            interaction, found_exchanges, found_tasks = interaction_rules.read_interaction(note, channel, linker, problems)
            if interaction is not None:
                interactions.append(interaction)
            exchanges += found_exchanges
            tasks += found_tasks
        elif kind == DAILY:
            found_interactions, found_exchanges, found_tasks = interaction_rules.read_daily(
                note, daily_date(note.stem), linker, problems)
            interactions += found_interactions
            exchanges += found_exchanges
            tasks += found_tasks
        elif kind == CONTACT:
            tasks += interaction_rules.contact_tasks(note, note.path, problems)

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
