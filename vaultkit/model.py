"""Immutable records of a resolved vault. Every record carries its source (path, line)."""

from __future__ import annotations

import datetime as dt
import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from vaultkit.config import Config
from vaultkit.problems import Problem
from vaultkit.values import Cadence

def compact(cls):
    """Pickle a frozen dataclass as (class, field values): smaller and faster to load than its
    ``__dict__`` (the index keeps hundreds of thousands of these records)."""
    names = tuple(f.name for f in dataclasses.fields(cls))

    def __reduce__(self):
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = __reduce__
    return cls


CONTACT_STATUSES = ("active", "dormant", "archived")
GOAL_STATUSES = ("active", "achieved", "paused", "dropped")
GOAL_METRICS = ("interactions", "contacts", "new_contacts", "gives", "manual")
OUTCOMES = ("replied", "awaiting", "no-reply")
NOT_CONTACT_OUTCOMES = ("awaiting", "no-reply")
GOAL_STATES = ("achieved", "ahead", "on track", "behind", "missed", "paused", "dropped")


@compact
@dataclass(frozen=True)
class Source:
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@compact
@dataclass(frozen=True)
class Contact:
    path: str
    name: str
    aliases: tuple[str, ...] = ()
    company: str | None = None
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin: str | None = None
    location: str | None = None
    tags: tuple[str, ...] = ()
    met: dt.date | None = None
    met_at: str | None = None  # the linked note's path when it resolves, else the link text
    created: dt.date | None = None  # when the note was made (``created:``, as kepano's templates and imports write it)
    imported_from: str | None = None  # ``source:`` an import wrote (linkedin, vcard)
    strengths: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()  # goal paths
    status: str = "active"
    snooze_until: dt.date | None = None
    last_contact_field: dt.date | None = None
    cadence: Cadence | None = None
    cadence_from: str | None = None  # "cadence", "tier" or "default_cadence"
    tier: str | None = None


@compact
@dataclass(frozen=True)
class Interaction:
    """A meeting, call, message or event; or one tagged line of a daily note."""

    id: str  # the note path, or "path:line" for a daily-note line
    source: Source
    title: str
    date: dt.date
    participants: tuple[str, ...]  # contact paths
    channel: str | None = None
    outcome: str | None = None
    follow_up: dt.date | None = None
    follow_up_line: int = 1
    goals: tuple[str, ...] = ()  # goal paths
    mentions: tuple[str, ...] = ()  # contacts linked in the note who are not participants
    organizers: tuple[str, ...] = ()  # who ran an event (``organizer:``), as named

    @property
    def counts_as_contact(self) -> bool:
        """Outreach still waiting for (or never given) a reply is not contact made."""
        return self.outcome not in NOT_CONTACT_OUTCOMES


@compact
@dataclass(frozen=True)
class Exchange:
    """A give or an ask, owned by the participants it links (else all participants)."""

    kind: str  # "give" or "ask"
    contacts: tuple[str, ...]
    date: dt.date
    text: str
    weight: float
    source: Source
    interaction: str


@compact
@dataclass(frozen=True)
class Task:
    """An open task (``- [ ]``): a follow-up for the contacts it belongs to."""

    contacts: tuple[str, ...]
    due: dt.date | None
    text: str
    source: Source
    interaction: str | None = None
    start: dt.date | None = None  # not a follow-up before this day (``🛫``)


@compact
@dataclass(frozen=True)
class LogEntry:
    date: dt.date
    value: float
    comment: str
    source: Source


@compact
@dataclass(frozen=True)
class Goal:
    path: str
    title: str
    metric: str | None
    target: float | None
    start: dt.date | None
    deadline: dt.date | None
    status: str = "active"
    review: Cadence | None = Cadence(1, "w")  # None: review: never
    last_review: dt.date | None = None
    aggregate: str = "latest"
    log: tuple[LogEntry, ...] = ()

    @property
    def measurable(self) -> bool:
        return self.metric in GOAL_METRICS and self.target is not None and self.target > 0

    @property
    def active(self) -> bool:
        return self.status == "active"


@compact
@dataclass(frozen=True)
class GoalProgress:
    """A goal measured on a given day."""

    goal: Goal
    value: float
    expected: float | None
    progress: float | None  # value / target
    state: str | None  # ``GOAL_STATES``; None for a goal that cannot be judged (no metric, no window)
    interactions: tuple[str, ...]  # ids of the interactions that moved it
    contacts: tuple[str, ...]
    projected: dt.date | None  # when the target is reached at the current pace
    next_review: dt.date | None
    late_days: int | None = None  # on track, but the current pace reaches the target this many days late

    def review_due(self, today: dt.date) -> bool:
        return self.goal.active and self.next_review is not None and self.next_review <= today


@dataclass(frozen=True)
class Vault:
    """Everything vaultkit knows about a vault on ``today``; problems included, never raised."""

    root: str
    config: Config
    today: dt.date
    note_count: int
    contacts: dict[str, Contact] = field(default_factory=dict)
    interactions: tuple[Interaction, ...] = ()
    exchanges: tuple[Exchange, ...] = ()
    tasks: tuple[Task, ...] = ()
    goals: dict[str, Goal] = field(default_factory=dict)
    progress: dict[str, GoalProgress] = field(default_factory=dict)
    last_contact: dict[str, dt.date | None] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @cached_property
    def _interactions_by_contact(self) -> dict[str, list[Interaction]]:
        return _by_contact(self.interactions, lambda i: i.participants)

    @cached_property
    def _exchanges_by_contact(self) -> dict[str, list[Exchange]]:
        return _by_contact(self.exchanges, lambda e: e.contacts)

    @cached_property
    def _tasks_by_contact(self) -> dict[str, list[Task]]:
        return _by_contact(self.tasks, lambda t: t.contacts)

    @cached_property
    def _interactions_by_goal(self) -> dict[str, list[Interaction]]:
        return _by_contact(self.interactions, lambda i: i.goals)

    @cached_property
    def _exchanges_by_interaction(self) -> dict[str, list[Exchange]]:
        return _by_contact(self.exchanges, lambda e: (e.interaction,))

    def interactions_with(self, contact: str, until: dt.date | None = None) -> list[Interaction]:
        """Interactions ``contact`` took part in, in date order (up to ``until`` when given)."""
        found = self._interactions_by_contact.get(contact, [])
        return found if until is None else [i for i in found if i.date <= until]

    def exchanges_with(self, contact: str, until: dt.date | None = None) -> list[Exchange]:
        """Gives and asks owned by ``contact``, in date order (up to ``until`` when given)."""
        found = self._exchanges_by_contact.get(contact, [])
        return found if until is None else [e for e in found if e.date <= until]

    def tasks_with(self, contact: str) -> list[Task]:
        """Open tasks that belong to ``contact``, by due date (undated last)."""
        return self._tasks_by_contact.get(contact, [])

    def interactions_for(self, goal: str) -> list[Interaction]:
        """Interactions linked to ``goal``, in date order."""
        return self._interactions_by_goal.get(goal, [])

    def exchanges_for(self, goal: str) -> list[Exchange]:
        """Gives and asks made in the interactions linked to ``goal``, in date order."""
        found = [e for i in self.interactions_for(goal) for e in self._exchanges_by_interaction.get(i.id, [])]
        return sorted(found, key=lambda e: (e.date, e.source.path, e.source.line, e.kind))

    @cached_property
    def _contacts_by_goal(self) -> dict[str, list[Contact]]:
        return _by_contact(self.contacts.values(), lambda c: c.goals)

    def contacts_for(self, goal: str) -> dict[str, Contact]:
        """The contacts that link ``goal`` (their ``goals:``) or took part in an interaction
        linked to it: the ones that can count for it."""
        found = {c.path: c for c in self._contacts_by_goal.get(goal, [])}
        for interaction in self.interactions_for(goal):
            found.update((p, self.contacts[p]) for p in interaction.participants if p in self.contacts)
        return found

    def name(self, contact: str) -> str:
        return self.contacts[contact].name if contact in self.contacts else contact

    def goal_title(self, goal: str) -> str | None:
        return self.goals[goal].title if goal in self.goals else None

    def goal_active(self, goal: str) -> bool:
        return goal in self.goals and self.goals[goal].active

    def balance(self, contact: str) -> float:
        """Weighted gives minus asks with ``contact`` up to today."""
        return sum(e.weight if e.kind == "give" else -e.weight for e in self.exchanges_with(contact, self.today))


def _by_contact(records, contacts_of) -> dict[str, list]:
    """Records indexed by each contact (or goal, or interaction) they involve, keeping their order."""
    index: dict[str, list] = {}
    for record in records:
        for person in contacts_of(record):
            index.setdefault(person, []).append(record)
    return index
