"""The public tables of the index (``docs/index.md``): what ``vaultkit query`` reads.

Kept row by row as the engine derives notes and computes parts. Ids are stable: an
interaction is its note's path (``path:line`` for a daily-note line), a give or ask
``path:line:kind``, a task ``path:line``; none depends on the order of past builds.
"""

from __future__ import annotations

import datetime as dt

from vaultkit.model import Contact, GoalProgress
from vaultkit.vault import NoteRecords

LINK_TABLES = ("participants", "interaction_goals", "exchange_contacts", "task_contacts")
RECORD_TABLES = ("interactions", "exchanges", "tasks", *LINK_TABLES)  # each with a ``path`` column: the note's


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def exchange_id(exchange) -> str:
    return f"{exchange.source.path}:{exchange.source.line}:{exchange.kind}"


def task_id(task) -> str:
    return f"{task.source.path}:{task.source.line}"


def insert_records(batch, records: NoteRecords) -> None:
    """The rows of one note's records (``tables.Batch``)."""
    batch.insert("interactions", [
        (i.id, i.source.path, i.source.line, i.date.isoformat(), i.title, i.channel, i.outcome, day(i.follow_up))
        for i in records.interactions])
    batch.insert("participants", [(i.id, c, i.source.path) for i in records.interactions for c in i.participants])
    batch.insert("interaction_goals", [(i.id, g, i.source.path) for i in records.interactions for g in i.goals])
    batch.insert("exchanges", [
        (exchange_id(e), e.kind, e.date.isoformat(), e.text, e.weight, e.source.path, e.source.line, e.interaction)
        for e in records.exchanges])
    batch.insert("exchange_contacts", [(exchange_id(e), c, e.source.path) for e in records.exchanges for c in e.contacts])
    batch.insert("tasks", [(task_id(t), day(t.due), t.text, t.source.path, t.source.line, t.interaction)
                           for t in records.tasks])
    batch.insert("task_contacts", [(task_id(t), c, t.source.path) for t in records.tasks for c in t.contacts])


def contact_row(contact: Contact, part) -> tuple:
    """The ``contacts`` row of a contact and its part (``pages.parts.ContactPart``)."""
    found = part.balance
    return (contact.path, contact.name, contact.company, contact.role, contact.email, contact.status, contact.tier,
            str(contact.cadence) if contact.cadence else None, day(contact.met), day(part.last_contact),
            found.given, found.asked, found.balance)


def goal_row(progress: GoalProgress) -> tuple:
    goal = progress.goal
    return (goal.path, goal.title, goal.metric, goal.target, goal.status, day(goal.start), day(goal.deadline),
            progress.value, progress.expected, progress.state)
