"""Interactions, gives, asks and tasks, from meeting notes, daily notes and contact notes."""

from __future__ import annotations

import datetime as dt
import re

from vaultkit import tasks
from vaultkit.body import Item
from vaultkit.fields import Fields
from vaultkit.links import Linker
from vaultkit.model import OUTCOMES, Exchange, Interaction, Source, Task
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note
from vaultkit.values import ValueProblem, parse_number

PARTICIPANT_KEYS = ("with", "people", "attendees")
# Where an interaction's date is, by channel: an event's may be its start (kepano's Event
# template), an email's the day its note was created (kepano's Email template).
DATE_KEYS = {None: ("date",), "event": ("date", "start"), "email": ("date", "created")}
GIVE_TAGS = frozenset({"gave", "give"})
ASK_TAGS = frozenset({"asked", "ask"})
DAILY_CHANNELS = {"call": "call", "met": "meeting"}
DAILY_TAGS = GIVE_TAGS | ASK_TAGS | frozenset(DAILY_CHANNELS)
# No "\s*" before "[^\]]*" (both take spaces: a long run of them took quadratic time); the
# value is stripped in code instead.
WEIGHT_RE = re.compile(r"\[weight::([^\]]*)\]", re.IGNORECASE)


def read_interaction(note: Note, channel: str | None, linker: Linker, problems: list[Problem]):
    """-> (Interaction or None, exchanges, tasks) for a meeting/call/message/event note."""
    if note.unread_front_matter:  # its one problem is said: nothing that follows from it is
        return None, [], []
    fields = Fields(note, problems)
    kind_of_note = (fields.text("channel") or channel or "").casefold()
    date_key = fields.first_key(*DATE_KEYS.get(kind_of_note, DATE_KEYS[None]))
    day = fields.date(date_key, required=True) if date_key else None
    event = kind_of_note == "event"  # needs no participants: the people met there link it with met_at
    if date_key is None and event:  # an event not scheduled yet (kepano's template leaves start: empty)
        problems.append(warning(note.path, 1, "missing-date", "event has no date yet: add 'start: YYYY-MM-DD' "
                                                              "(or date:); it counts from then"))
    elif date_key is None:
        problems.append(error(note.path, 1, "missing-date", "interaction has no date: add 'date: YYYY-MM-DD'"))
    participants = _participants(note, fields, linker)
    if not event and not any(fields.has(k) for k in PARTICIPANT_KEYS):
        problems.append(error(note.path, 1, "missing-participants",
                              "interaction names nobody: add 'with: [\"[[Name]]\"]'"))
    if day is None or not (participants or event):
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
        organizers=_organizers(fields),
    )
    exchanges, to_do = items_of(note, interaction, participants, linker, problems)
    return interaction, exchanges, to_do


def _organizers(fields: Fields) -> tuple[str, ...]:
    """``organizer:`` (or ``organizers``, ``organiser``): links shown as their names, or plain names."""
    key = fields.first_key("organizer", "organizers", "organiser", "organisers")
    if key is None:
        return ()
    return _unique(" ".join((link.shown or link.target.rsplit("/", 1)[-1]).split()) for link in fields.links(key))


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
    """Gives, asks and open tasks of an interaction note, each owned by the participants it links.
    A checkbox item is a task, never a give or an ask: ticking it never changes a balance."""
    exchanges: list[Exchange] = []
    to_do: list[Task] = []
    for item in note.body.items:
        owners = _owners(item, participants, linker)
        if item.task is not None:
            to_do += _tasks(note, item, owners, interaction.id, problems)
            continue
        for kind in item_kinds(item):
            exchanges.append(_exchange(note, item, kind, owners, interaction, problems))
    return exchanges, to_do


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
    return Exchange(kind, owners, interaction.date, tasks.shown_text(item.text), _weight(note, item, problems),
                    Source(note.path, item.line), interaction.id)


def _tasks(note: Note, item: Item, owners: tuple[str, ...], interaction: str | None,
           problems: list[Problem]) -> list[Task]:
    """An open task; or the next occurrence of a done recurring one the note does not hold yet."""
    if item.open_task:
        due = _date(note, item, tasks.DUE_RE, "due date", problems)
        if due is None:
            due = _date(note, item, tasks.SCHEDULED_RE, "scheduled date", problems)
        start = _date(note, item, tasks.START_RE, "start date", problems)
        return [Task(owners, due, tasks.shown_text(item.text), Source(note.path, item.line), interaction, start)]
    if item.task not in tasks.DONE_MARKS:
        return []
    try:
        rule = tasks.recurrence(item.text)
    except ValueProblem as exc:
        problems.append(warning(note.path, item.line, "bad-value", f"recurrence: {exc}"))
        return []
    text = tasks.shown_text(item.text)
    if rule is None or any(other.open_task and tasks.shown_text(other.text) == text for other in note.body.items):
        return []  # not recurring, or the Tasks plugin already wrote the next occurrence
    due = _date(note, item, tasks.DUE_RE, "due date", problems) or _date(
        note, item, tasks.SCHEDULED_RE, "scheduled date", problems)
    following = tasks.next_occurrence(rule, due, _date(note, item, tasks.DONE_RE, "done date", problems))
    return [Task(owners, following, text, Source(note.path, item.line), interaction)] if following else []


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


def _date(note: Note, item: Item, pattern, what: str, problems: list[Problem]) -> dt.date | None:
    """A Tasks plugin or Dataview date field of an item (``tasks``); a bad one is a warning."""
    try:
        return tasks.field_date(pattern, item.text)
    except ValueProblem as exc:
        problems.append(warning(note.path, item.line, "bad-date", f"{what}: {exc}"))
        return None


def read_daily(note: Note, day: dt.date, linker: Linker, any_mention: bool, problems: list[Problem]):
    """Section 4.3: each tagged line linking a contact is an interaction on the note's date (with
    ``any_mention``, each line linking a contact), and so is each done task linking one."""
    interactions: list[Interaction] = []
    exchanges: list[Exchange] = []
    found: list[Task] = []
    for item in note.body.items:
        contacts = _unique(c for c in (linker.contact(link) for link in item.links) if c)
        if item.task is not None:  # a task, never a give or an ask; done, it is contact that day
            if contacts:
                found += _tasks(note, item, contacts, None, problems)
                if item.task in tasks.DONE_MARKS:
                    interactions.append(_daily_interaction(note, item, day, contacts, None, linker))
            continue
        tags = item.tags & DAILY_TAGS
        if not tags and not (any_mention and contacts):
            continue
        for link in item.links:
            if linker.contact(link) is None and linker.goal(link) is None and (
                    not contacts or linker.note(link.target) is None):
                problems.append(linker.unknown_contact(note.path, item.line, link))
        if not contacts:
            continue
        channel = next((DAILY_CHANNELS[t] for t in sorted(tags) if t in DAILY_CHANNELS), None)
        interaction = _daily_interaction(note, item, day, contacts, channel, linker)
        interactions.append(interaction)
        for kind in item_kinds(item):
            exchanges.append(_exchange(note, item, kind, contacts, interaction, problems))
    return interactions, exchanges, found


def _daily_interaction(note: Note, item: Item, day: dt.date, contacts: tuple[str, ...], channel: str | None,
                       linker: Linker) -> Interaction:
    return Interaction(
        id=f"{note.path}:{item.line}",
        source=Source(note.path, item.line),
        title=tasks.shown_text(item.text),
        date=day,
        participants=contacts,
        channel=channel,
        goals=_unique(g for g in (linker.goal(link) for link in item.links) if g),
    )


def contact_tasks(note: Note, contact: str, problems: list[Problem]) -> list[Task]:
    """Tasks written in a contact's own note are follow-ups with that contact."""
    return [task for item in note.body.items if item.task is not None
            for task in _tasks(note, item, (contact,), None, problems)]


def _unique(values) -> tuple:
    return tuple(dict.fromkeys(v for v in values if v))
