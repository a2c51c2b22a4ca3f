"""Follow-ups (contract section 6): who to reach out to, when, and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.model import Contact, Source, Vault, compact

REASONS = ("task", "follow_up", "cadence", "new_contact", "awaiting_reply", "goal_review", "upcoming")
GROUPS = ("overdue", "today", "next_7_days", "later", "undated")
SOON_DAYS = 7
CADENCE_HORIZON_DAYS = 30  # keep-in-touch reminders further out than this are not listed yet
WARM_FOLLOW_UP_DAYS = 2  # a new contact is due this many days after you met
DEFAULT_PERIOD_DAYS = 30  # ranks items of contacts without a cadence


@compact
@dataclass(frozen=True)
class FollowUp:
    reason: str
    due: dt.date | None
    contact: str | None  # contact path; None for a goal review
    goal: str | None  # goal path, for a goal review
    text: str  # the task text, or the title of the interaction or goal it is about
    source: Source
    period: int  # the contact's cadence in days (``DEFAULT_PERIOD_DAYS`` without one): ranks overdue items
    since: dt.date | None = None  # last contact (cadence), met date (new_contact), sent date (awaiting_reply)
    people: tuple[str, ...] = ()  # a task for several contacts: all of them (it is listed once, with the first)

    def urgency(self, today: dt.date) -> float:
        """Days overdue divided by the cadence period (0 when undated)."""
        return 0.0 if self.due is None else (today - self.due).days / self.period

    def group(self, today: dt.date) -> str:
        if self.due is None:
            return "undated"
        if self.due < today:
            return "overdue"
        if self.due == today:
            return "today"
        return "next_7_days" if (self.due - today).days <= SOON_DAYS else "later"


def follow_ups(vault: Vault) -> list[FollowUp]:
    """Every follow-up due, in group order, most urgent first within a group."""
    items = [item for contact in vault.contacts for item in contact_follow_ups(vault, contact)]
    items += [item for goal in vault.progress for item in goal_follow_ups(vault, goal)]
    return sorted(items, key=lambda item: order(item, vault.today, vault.name(item.contact) if item.contact else item.text))


def contact_follow_ups(vault: Vault, contact: str) -> list[FollowUp]:
    """The follow-ups with one contact, unsorted: its tasks, follow-up dates, replies awaited,
    upcoming meetings, keep-in-touch and new-contact reminders."""
    person = vault.contacts.get(contact)
    if not eligible(person, vault.today):
        return []
    items = [_item(vault, "task", task.due, contact, task.text, task.source, people=task.contacts)
             for task in vault.tasks_with(contact)
             if (task.start is None or task.start <= vault.today) and _task_owner(vault, task) == contact]
    nudge = dt.timedelta(days=vault.config.reply_nudge_days)
    horizon = vault.today + dt.timedelta(days=vault.config.upcoming_days)
    in_motion = False  # a meeting booked, or a message awaiting its reply: no keep-in-touch nudge
    for interaction in vault.interactions_with(contact):
        if interaction.follow_up is not None and not _touched_after(vault, contact, interaction.date):
            items.append(_item(vault, "follow_up", interaction.follow_up, contact, interaction.title,
                               Source(interaction.source.path, interaction.follow_up_line), since=interaction.date))
        if interaction.outcome == "awaiting" and not _contacted_after(vault, contact, interaction.date):
            in_motion = in_motion or interaction.date <= vault.today
            if interaction.date + nudge <= vault.today:
                items.append(_item(vault, "awaiting_reply", interaction.date + nudge, contact, interaction.title,
                                   interaction.source, since=interaction.date))
        if vault.today < interaction.date:
            in_motion = True
            if interaction.date <= horizon:
                items.append(_item(vault, "upcoming", interaction.date, contact, interaction.title, interaction.source))
    if not in_motion:
        items += _cadence(vault, contact, person)
    items += _new_contact(vault, contact, person)
    return items


def goal_follow_ups(vault: Vault, goal: str) -> list[FollowUp]:
    """A goal's review, when it is due."""
    progress = vault.progress[goal]
    if not progress.review_due(vault.today):
        return []
    return [_item(vault, "goal_review", progress.next_review, None, progress.goal.title, Source(goal, 1),
                  since=progress.goal.last_review, goal=goal)]


def grouped(vault: Vault, items: list[FollowUp]) -> dict[str, list[FollowUp]]:
    groups: dict[str, list[FollowUp]] = {group: [] for group in GROUPS}
    for item in items:
        groups[item.group(vault.today)].append(item)
    return groups


def order(item: FollowUp, today: dt.date, name: str) -> tuple:
    """The sort key of follow-ups on ``today``: a total order, so lists merged from parts sort the
    same way. ``name``: the contact's (the item's text for a goal review). Its first part is the
    index of the item's group in ``GROUPS``."""
    group = GROUPS.index(item.group(today))
    tie = (item.reason, item.source.path, item.source.line, item.contact or "", item.goal or "", item.text,
           item.since or dt.date.min)
    if group <= 1:  # overdue and today: most overdue relative to the cadence first
        return (group, -item.urgency(today), item.due, name, *tie)
    return (group, item.due or dt.date.max, -item.urgency(today), name, *tie)


def eligible(contact: Contact | None, today: dt.date) -> bool:
    """Archived contacts and contacts snoozed past today get no follow-ups."""
    if contact is None or contact.status == "archived":
        return False
    return contact.snooze_until is None or contact.snooze_until <= today


def _period(vault: Vault, contact: str | None) -> int:
    cadence = vault.contacts[contact].cadence if contact in vault.contacts else None
    return cadence.days if cadence else DEFAULT_PERIOD_DAYS


def _item(vault: Vault, reason: str, due, contact, text: str, source: Source, since=None, goal=None,
          people: tuple[str, ...] = ()) -> FollowUp:
    return FollowUp(reason, due, contact, goal, text, source, _period(vault, contact), since,
                    people if len(people) > 1 else ())


def _task_owner(vault: Vault, task) -> str | None:
    """A task for several people is one follow-up, listed with the first of them who gets
    follow-ups (not archived, not snoozed)."""
    return next((c for c in task.contacts if eligible(vault.contacts.get(c), vault.today)), None)


def _contacted_after(vault: Vault, contact: str, day: dt.date) -> bool:
    """Whether a past interaction with ``contact`` that counts as contact came after ``day``."""
    return any(day < i.date <= vault.today and i.counts_as_contact for i in vault.interactions_with(contact))


def _touched_after(vault: Vault, contact: str, day: dt.date) -> bool:
    """Whether you reached out to ``contact`` after ``day``: contact made, or a message still
    awaiting its reply (the nudge for that is the reply's)."""
    return any(day < i.date <= vault.today and (i.counts_as_contact or i.outcome == "awaiting")
               for i in vault.interactions_with(contact))


def _cadence(vault: Vault, path: str, contact: Contact) -> list[FollowUp]:
    if contact.cadence is None or contact.status != "active":
        return []
    last = vault.last_contact.get(path)
    start = last or max((d for d in (contact.met, contact.created) if d is not None), default=None)
    due = contact.cadence.after(start) if start else vault.today
    if due > vault.today + dt.timedelta(days=CADENCE_HORIZON_DAYS):  # not listed yet
        return []
    return [_item(vault, "cadence", due, path, contact.name, Source(path, 1), since=last)]


def _new_contact(vault: Vault, path: str, contact: Contact) -> list[FollowUp]:
    met = contact.met
    if met is None or contact.status != "active" or not met <= vault.today <= met + dt.timedelta(days=vault.config.warm_days):
        return []
    if len(vault.interactions_with(path, vault.today)) > 1:  # something came after the first meeting
        return []
    return [_item(vault, "new_contact", met + dt.timedelta(days=WARM_FOLLOW_UP_DAYS), path, contact.name,
                  Source(path, 1), since=met)]
