"""Pieces several pages share: contact and goal links, follow-up lines, context lines."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from vaultkit.i18n import Words, words
from vaultkit.model import Vault
from vaultkit.pages.naming import OutputNames
from vaultkit.render import link, text
from vaultkit.reports.context import Context, context_of
from vaultkit.reports.followups import FollowUp


def contact_link(vault: Vault, contact: str, table: bool = False) -> str:
    return link(contact, vault.name(contact), table)


def goal_link(vault: Vault, goal: str, table: bool = False) -> str:
    return link(goal, vault.goal_title(goal), table)


def due_text(say: Words, item: FollowUp, today: dt.date) -> str:
    """When ``item`` is due, in words, on ``today``: the one part of a follow-up that moves with the day."""
    if item.due is None:
        return say("due.none")
    days = (today - item.due).days
    if days == 0:
        return say("due.today")
    if days < 0:
        return say("due.future", date=say.date(item.due))
    return say("due.overdue_one" if days == 1 else "due.overdue", date=say.date(item.due), days=days)


def why_text(vault: Vault, item: FollowUp, fmt: Callable[[str], str] = text) -> str:
    """The reason in words, e.g. 'every 1w, last contact 2026-11-02'; ``fmt`` escapes user text."""
    say = words(vault.config.language)
    if item.reason == "cadence":
        cadence = say.cadence(vault.contacts[item.contact].cadence)
        if item.since is None:
            return say("why.cadence_never", cadence=cadence)
        return say("why.cadence", cadence=cadence, last=say.date(item.since))
    if item.reason == "new_contact":
        return say("why.new_contact", met=say.date(item.since))
    if item.reason == "awaiting_reply":
        return say("why.awaiting_reply", text=fmt(item.text), date=say.date(item.since))
    shown = say(f"why.{item.reason}", text=fmt(item.text))
    others = [p for p in item.people if p != item.contact]
    if others:  # one task for several people, listed with the first: it names the others
        shown += " " + say("why.with", people=", ".join(fmt(vault.name(p)) for p in others))
    return shown


def who_link(vault: Vault, item: FollowUp) -> str:
    """Whom a follow-up is with, as its list item starts: ``**[[Contacts/Ana|Ana]]**``."""
    return f"**{contact_link(vault, item.contact) if item.contact else goal_link(vault, item.goal)}**"


def reason_line(vault: Vault, item: FollowUp) -> str:
    """A reason to follow up, in Markdown, up to its due date (``due_text``, which moves with the day)."""
    say = words(vault.config.language)
    return f"{say('reason.' + item.reason)}: {why_text(vault, item)}"


def source_line(vault: Vault, item: FollowUp) -> str:
    say = words(vault.config.language)
    return say("context.source", link=link(item.source.path), line=item.source.line)


def context_line(vault: Vault, names: OutputNames, contact: str, upcoming: bool = False,
                 context: Context | None = None) -> str:
    """What to know before reaching out to ``contact`` (``context``: ``context_of``'s, when known)."""
    say = words(vault.config.language)
    context = context if context is not None else context_of(vault, contact)
    parts = []
    last = context.last
    if last is None:
        parts.append(say("context.never"))
    else:
        shown = link(last.source.path, last.title)
        key = "context.last" if last.channel else "context.last_no_channel"
        parts.append(say(key, link=shown, channel=text(last.channel or ""), date=say.date(last.date)))
    balance = say("context.balance", balance=say.signed(context.balance))
    if vault.exchanges_with(contact, vault.today):
        balance = link(names.vault_path(names.balance_pages[contact]), balance)
    parts.append(balance)
    if context.shared_goals:
        parts.append(say("context.goals", goals=", ".join(goal_link(vault, g) for g in context.shared_goals)))
    if context.interests:
        parts.append(say("context.interests", interests=", ".join(text(i) for i in context.interests)))
    if upcoming and context.recent_asks:
        parts.append(say("context.asks", asks="; ".join(text(a.text) for a in context.recent_asks)))
    return " · ".join(parts)


def percent(say: Words, value: float, target: float | None) -> str:
    """``value`` as a share of ``target``, written the language's way: ``75%``, ``75 %``."""
    return say.percent(100 * value / target if target else 0)


def state_text(say: Words, progress) -> str:
    """A goal's state in words (``model.GoalProgress``): "on track, 9 days late at this pace";
    empty when it has none."""
    if progress.state is None:
        return ""
    shown = say(f"state.{progress.state}")
    if progress.late_days:
        shown = say("state.late_one" if progress.late_days == 1 else "state.late", state=shown,
                    days=progress.late_days)
    return shown
