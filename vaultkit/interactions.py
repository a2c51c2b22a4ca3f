"""Interactions, gives, asks and tasks, from meeting notes, daily notes and contact notes."""

from __future__ import annotations

import datetime as dt
import re

from vaultkit.body import Item
from vaultkit.fields import Fields
from vaultkit.links import Linker
from vaultkit.model import OUTCOMES, Exchange, Interaction, Source, Task
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note
from vaultkit.values import ValueProblem, parse_date, parse_number

PARTICIPANT_KEYS = ("with", "people", "attendees")
GIVE_TAGS = frozenset({"gave", "give"})
ASK_TAGS = frozenset({"asked", "ask"})
DAILY_CHANNELS = {"call": "call", "met": "meeting"}
DAILY_TAGS = GIVE_TAGS | ASK_TAGS | frozenset(DAILY_CHANNELS)
# No "\s*" before "[^\]]*" (both take spaces: a long run of them took quadratic time); the
# value is stripped in code instead.
DUE_RE = re.compile(r"📅\uFE0F?\s*(\S+)|\[due::([^\]]*)\]", re.IGNORECASE)
WEIGHT_RE = re.compile(r"\[weight::([^\]]*)\]", re.IGNORECASE)
FIELD_NOISE_RE = re.compile(r"\[(?:due|weight)::[^\]]*\]|📅\uFE0F?\s*\S+|(?<![\w#])#(?:gave|give|asked|ask|met|call)\b",
                            re.IGNORECASE)


def read_interaction(note: Note, channel: str | None, linker: Linker, problems: list[Problem]):
    """-> (Interaction or None, exchanges, tasks) for a meeting/call/message/event note."""
    if note.unread_front_matter:  # its one problem is said: nothing that follows from it is
        return None, [], []
    fields = Fields(note, problems)
    day = fields.date("date", required=True)
    if day is None and not fields.has("date"):
        problems.append(error(note.path, 1, "missing-date", "interaction has no date: add 'date: YYYY-MM-DD'"))
    participants = _participants(note, fields, linker)
    if not any(fields.has(k) for k in PARTICIPANT_KEYS):
        problems.append(error(note.path, 1, "missing-participants",
                              "interaction names nobody: add 'with: [\"[[Name]]\"]'"))
    if day is None or not participants:
        return None, [], []
    goals = fields.goals(linker) + [linker.goal(link) for link in (*fields.all_links(), *note.body.links)]
    mentions = [linker.contact(link) for link in note.body.links]
    interaction = Interaction(
        id=note.path,
        source=Source(note.path, 1),
        title=fields.text("title") or note.stem,
        date=day,
        participants=participants,
        channel=(fields.text("channel") or channel or "").casefold() or None,
        outcome=fields.choice("outcome", OUTCOMES, None),
        follow_up=fields.date("follow_up"),
        follow_up_line=note.line_of("follow_up"),
        goals=_unique(goals),
        mentions=tuple(p for p in _unique(mentions) if p not in participants),
    )
    exchanges, tasks = items_of(note, interaction, participants, linker, problems)
    return interaction, exchanges, tasks


def _participants(note: Note, fields: Fields, linker: Linker) -> tuple[str, ...]:
    found = []
    for key in PARTICIPANT_KEYS:
        for link in fields.links(key):
            contact = linker.contact(link)
            if contact is None:
                fields.problems.append(linker.unknown_contact(note.path, note.line_of(key, link.target), link))
            else:
                found.append(contact)
    return _unique(found)


def items_of(note: Note, interaction: Interaction, participants: tuple[str, ...], linker: Linker,
             problems: list[Problem]) -> tuple[list[Exchange], list[Task]]:
    """Gives, asks and open tasks of an interaction note, each owned by the participants it links."""
    exchanges: list[Exchange] = []
    tasks: list[Task] = []
    for item in note.body.items:
        owners = _owners(item, participants, linker)
        if item.open_task:
            tasks.append(_task(note, item, owners, interaction.id, problems))
            continue
        for kind in item_kinds(item):
            exchanges.append(_exchange(note, item, kind, owners, interaction, problems))
    return exchanges, tasks


def item_kinds(item: Item) -> list[str]:
    """"give" and/or "ask": by tag, else by the heading the item sits under (top-level items only)."""
    kinds = []
    if item.tags & GIVE_TAGS:
        kinds.append("give")
    if item.tags & ASK_TAGS:
        kinds.append("ask")
    if not kinds and item.depth == 1 and item.section in ("gave", "asked"):
        kinds.append("give" if item.section == "gave" else "ask")
    return kinds


def _owners(item: Item, participants: tuple[str, ...], linker: Linker) -> tuple[str, ...]:
    linked = [c for c in (linker.contact(link) for link in item.links) if c in participants]
    return _unique(linked) or participants


def _exchange(note: Note, item: Item, kind: str, owners: tuple[str, ...], interaction: Interaction,
              problems: list[Problem]) -> Exchange:
    return Exchange(kind, owners, interaction.date, clean_text(item.text), _weight(note, item, problems),
                    Source(note.path, item.line), interaction.id)


def _task(note: Note, item: Item, owners: tuple[str, ...], interaction: str | None,
          problems: list[Problem]) -> Task:
    return Task(owners, due_date(note, item, problems), clean_text(item.text), Source(note.path, item.line),
                interaction)


def _weight(note: Note, item: Item, problems: list[Problem]) -> float:
    match = WEIGHT_RE.search(item.text)
    if not match:
        return 1.0
    try:
        weight = parse_number(match.group(1).lstrip())
        if weight > 0:
            return weight
    except ValueProblem:
        pass
    problems.append(warning(note.path, item.line, "bad-value",
                            f"weight '{match.group(1).strip()}' must be a positive number; counted as 1"))
    return 1.0


def due_date(note: Note, item: Item, problems: list[Problem]) -> dt.date | None:
    """``📅 YYYY-MM-DD`` (Tasks plugin) or ``[due:: YYYY-MM-DD]`` (Dataview)."""
    match = DUE_RE.search(item.text)
    if not match:
        return None
    raw = match.group(1) or match.group(2).lstrip()
    try:
        return parse_date(raw)
    except ValueProblem as exc:
        problems.append(warning(note.path, item.line, "bad-date", f"due date: {exc}"))
        return None


def clean_text(text: str) -> str:
    """An item's text for display: one line, without the fields and tags vaultkit has read."""
    return " ".join(FIELD_NOISE_RE.sub(" ", text).split())


def read_daily(note: Note, day: dt.date, linker: Linker, problems: list[Problem]):
    """Section 4.3: each tagged line linking a contact is an interaction on the note's date."""
    interactions: list[Interaction] = []
    exchanges: list[Exchange] = []
    tasks: list[Task] = []
    for item in note.body.items:
        contacts = _unique(c for c in (linker.contact(link) for link in item.links) if c)
        if item.open_task:
            if contacts:
                tasks.append(_task(note, item, contacts, None, problems))
            continue
        tags = item.tags & DAILY_TAGS
        if not tags:
            continue
        for link in item.links:
            if linker.contact(link) is None and linker.goal(link) is None and (
                    not contacts or linker.note(link.target) is None):
                problems.append(linker.unknown_contact(note.path, item.line, link))
        if not contacts:
            continue
        channel = next((DAILY_CHANNELS[t] for t in sorted(tags) if t in DAILY_CHANNELS), None)
        interaction = Interaction(
            id=f"{note.path}:{item.line}",
            source=Source(note.path, item.line),
            title=clean_text(item.text),
            date=day,
            participants=contacts,
            channel=channel,
            goals=_unique(g for g in (linker.goal(link) for link in item.links) if g),
        )
        interactions.append(interaction)
        for kind in item_kinds(item):
            exchanges.append(_exchange(note, item, kind, contacts, interaction, problems))
    return interactions, exchanges, tasks


def contact_tasks(note: Note, contact: str, problems: list[Problem]) -> list[Task]:
    """Open tasks written in a contact's own note are follow-ups with that contact."""
    return [_task(note, item, (contact,), None, problems) for item in note.body.items if item.open_task]


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(v for v in values if v))
