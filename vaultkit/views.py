"""Terminal views and JSON documents of the follow-ups, goals and balances (80 columns).

They are made from the parts of a build (``pages.parts``): what each contact and goal
showed on the pages, so a view never reads a note.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap

from vaultkit.i18n import words
from vaultkit.model import GoalProgress
from vaultkit.pages.common import state_text
from vaultkit.pages.parts import BalanceView, FollowUpEntry
from vaultkit.reports.balance import totals
from vaultkit.reports.followups import GROUPS
from vaultkit.reports.tallies import Tallies

WIDTH = 80
INDENT = " " * 4


_REPLACED = re.compile(r"[\t\n\x0b\x0c\r]")  # what textwrap turns into spaces


def _wrap(first: str, rest_indent: str = INDENT) -> str:
    if len(first) <= WIDTH and not _REPLACED.search(first) and not first.endswith(" ") and first.strip():
        return first  # what textwrap would give, without its cost (a view lists thousands of lines)
    return textwrap.fill(first, WIDTH, subsequent_indent=rest_indent, break_on_hyphens=False)


def followups_text(shown: list[tuple[int, str]], language: str) -> str:
    """The follow-ups in order, each as (its group, ``followup_text``), under their group's heading."""
    say = words(language)
    if not shown:
        return say("followups.none")
    out = []
    for number, group in enumerate(GROUPS):
        members = [text for in_group, text in shown if in_group == number]
        if not members:
            continue
        out.append(f"{say('group.' + group)} ({len(members)})")
        out.extend(members)
        out.append("")
    return "\n".join(out).rstrip()


def followup_text(entry: FollowUpEntry, language: str) -> str:
    """A person's (or goal's) lines in ``followups``: the most urgent reason, its due date and
    source, then one line for each other reason (wrapped at 80 columns)."""
    say = words(language)
    item = entry.item
    lines = [_wrap(f"  {entry.who} - {say('reason.' + item.reason)}: {entry.why}"),
             _wrap(f"{INDENT}{entry.due} · {item.source.path}:{item.source.line}")]
    lines += [_wrap(f"{INDENT}{say('followups.also')} {say('reason.' + r.item.reason)}: {r.why} · {r.due} · "
                    f"{r.item.source.path}:{r.item.source.line}", INDENT * 2) for r in entry.reasons[1:]]
    return "\n".join(lines)


def followups_json(entries: list[FollowUpEntry], today: dt.date) -> dict:
    return {"today": today.isoformat(), "followups": [entry.json for entry in entries]}


def _by_state(progress: list[GoalProgress]) -> list[GoalProgress]:
    return sorted(progress, key=lambda p: (not p.goal.active, p.goal.title))


def goals_text(progress: list[GoalProgress], today: dt.date, language: str) -> str:
    say = words(language)
    if not progress:
        return say("goals.none")
    out = []
    for found in _by_state(progress):
        goal = found.goal
        amount = (f"{say.number(found.value)}/{say.number(goal.target)}" if goal.measurable else say("metric.none"))
        expected = (f" ({say('col.expected').lower()} {say.number(found.expected)})"
                    if found.expected is not None else "")
        state = state_text(say, found)
        out.append(_wrap(f"{goal.title}: {amount}{expected}" + (f", {state}" if state else ""), INDENT))
        if found.review_due(today):
            out.append(f"{INDENT}{say('col.review')}: {say('review.due', date=say.date(found.next_review))}")
    return "\n".join(out)


def goals_json(progress: list[GoalProgress], today: dt.date) -> dict:
    rows = []
    for found in sorted(progress, key=lambda p: p.goal.path):
        goal = found.goal
        rows.append({
            "path": goal.path, "title": goal.title, "metric": goal.metric, "target": goal.target,
            "value": found.value, "expected": found.expected, "progress": found.progress,
            "state": found.state, "late_days": found.late_days, "status": goal.status,
            "start": goal.start.isoformat() if goal.start else None,
            "deadline": goal.deadline.isoformat() if goal.deadline else None,
            "projected": found.projected.isoformat() if found.projected else None,
            "next_review": found.next_review.isoformat() if found.next_review else None,
            "review_due": found.review_due(today),
            "interactions": list(found.interactions), "contacts": list(found.contacts),
        })
    return {"today": today.isoformat(), "goals": rows}


def balance_text(parts: list[BalanceView], tallies: Tallies, language: str) -> str:
    """``parts``: the contacts with a give or an ask, in ``Balance.md``'s order."""
    say = words(language)
    if not parts:
        return say("balance.none")
    sums = totals(tallies)
    out = [say("balance.summary", people=sums.people_helped, given=say.number(sums.given), asked=say.number(sums.asked)), ""]
    width = min(40, max(len(p.name) for p in parts))
    for part in parts:
        found = part.balance
        name = part.name[:width].ljust(width)
        out.append(f"{name}  {say.signed(found.balance):>5}  {say('verdict.' + found.verdict)}"[:WIDTH])
        if part.suggestion is not None:
            out.append(_wrap(INDENT + part.suggestion))
    return "\n".join(out)


def balance_json(parts: list[BalanceView], tallies: Tallies, today: dt.date) -> dict:
    sums = totals(tallies)
    return {
        "today": today.isoformat(),
        "totals": {"people_helped": sums.people_helped, "given": sums.given, "asked": sums.asked},
        "contacts": [{
            "path": part.contact, "name": part.name, "given": part.balance.given, "asked": part.balance.asked,
            "balance": part.balance.balance, "verdict": part.balance.verdict, "suggestion": part.suggestion,
            "entries": [{"date": e.exchange.date.isoformat(), "kind": e.exchange.kind, "text": e.exchange.text,
                         "weight": e.exchange.weight, "running": e.running,
                         "source": {"path": e.exchange.source.path, "line": e.exchange.source.line}}
                        for e in part.balance.entries],
        } for part in parts],
    }
