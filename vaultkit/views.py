"""Terminal views and JSON documents of the follow-ups, goals and balances (80 columns)."""

from __future__ import annotations

import textwrap

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.balance_pages import suggestion
from vaultkit.pages.common import due_text, why_text
from vaultkit.render import plain_links
from vaultkit.reports.balance import balances, totals
from vaultkit.reports.context import context_of
from vaultkit.reports.followups import FollowUp, follow_ups, grouped

WIDTH = 80
INDENT = " " * 4


def _plain(value: str) -> str:
    return " ".join(plain_links(value).split())


def _wrap(first: str, rest_indent: str = INDENT) -> str:
    return textwrap.fill(first, WIDTH, subsequent_indent=rest_indent, break_on_hyphens=False)


def followups_text(vault: Vault) -> str:
    say = words(vault.config.language)
    items = follow_ups(vault)
    if not items:
        return say("followups.none")
    out = []
    for group, members in grouped(vault, items).items():
        if not members:
            continue
        out.append(f"{say('group.' + group)} ({len(members)})")
        for item in members:
            who = vault.name(item.contact) if item.contact else vault.goals[item.goal].title
            out.append(_wrap(f"  {who} - {say('reason.' + item.reason)}: {why_text(vault, item, _plain)}"))
            out.append(_wrap(f"{INDENT}{due_text(vault, item)} · {item.source.path}:{item.source.line}"))
        out.append("")
    return "\n".join(out).rstrip()


def _follow_up_json(vault: Vault, item: FollowUp) -> dict:
    context = None
    if item.contact:
        found = context_of(vault, item.contact)
        last = found.last
        context = {
            "last_interaction": None if last is None else {
                "path": last.source.path, "line": last.source.line, "title": last.title,
                "channel": last.channel, "date": last.date.isoformat()},
            "balance": found.balance,
            "shared_goals": [{"path": g, "title": vault.goals[g].title} for g in found.shared_goals],
            "interests": list(found.interests),
        }
    return {
        "reason": item.reason,
        "group": item.group(vault.today),
        "due": item.due.isoformat() if item.due else None,
        "contact": {"path": item.contact, "name": vault.name(item.contact)} if item.contact else None,
        "goal": {"path": item.goal, "title": vault.goals[item.goal].title} if item.goal else None,
        "text": item.text,
        "source": {"path": item.source.path, "line": item.source.line},
        "urgency": round(item.urgency, 4),
        "context": context,
    }


def followups_json(vault: Vault) -> dict:
    return {"today": vault.today.isoformat(), "followups": [_follow_up_json(vault, i) for i in follow_ups(vault)]}


def goals_text(vault: Vault) -> str:
    say = words(vault.config.language)
    if not vault.goals:
        return say("goals.none")
    out = []
    for progress in sorted(vault.progress.values(), key=lambda p: (not p.goal.active, p.goal.title)):
        goal = progress.goal
        amount = (f"{say.number(progress.value)}/{say.number(goal.target)}" if goal.measurable else say("metric.none"))
        expected = (f" ({say('col.expected').lower()} {say.number(progress.expected)})"
                    if progress.expected is not None else "")
        status = "" if goal.active else f" [{say('status.' + goal.status)}]"
        out.append(_wrap(f"{goal.title}{status}: {amount}{expected}, {say('state.' + progress.state)}", INDENT))
        if progress.review_due(vault.today):
            out.append(f"{INDENT}{say('col.review')}: {say('review.due', date=say.date(progress.next_review))}")
    return "\n".join(out)


def goals_json(vault: Vault) -> dict:
    rows = []
    for path, progress in sorted(vault.progress.items()):
        goal = progress.goal
        rows.append({
            "path": path, "title": goal.title, "metric": goal.metric, "target": goal.target,
            "value": progress.value, "expected": progress.expected, "progress": progress.progress,
            "state": progress.state, "status": goal.status,
            "start": goal.start.isoformat() if goal.start else None,
            "deadline": goal.deadline.isoformat() if goal.deadline else None,
            "projected": progress.projected.isoformat() if progress.projected else None,
            "next_review": progress.next_review.isoformat() if progress.next_review else None,
            "review_due": progress.review_due(vault.today),
            "interactions": list(progress.interactions), "contacts": list(progress.contacts),
        })
    return {"today": vault.today.isoformat(), "goals": rows}


def balance_text(vault: Vault) -> str:
    say = words(vault.config.language)
    found = balances(vault)
    if not found:
        return say("balance.none")
    sums = totals(vault)
    out = [say("balance.summary", people=sums.people_helped, given=say.number(sums.given), asked=say.number(sums.asked)), ""]
    width = min(40, max(len(vault.name(b.contact)) for b in found))
    for b in found:
        name = vault.name(b.contact)[:width].ljust(width)
        out.append(f"{name}  {say.signed(b.balance):>5}  {say('verdict.' + b.verdict)}"[:WIDTH])
        if b.verdict == "asked_more":
            out.append(_wrap(INDENT + suggestion(vault, b.contact, _plain)))
    return "\n".join(out)


def balance_json(vault: Vault) -> dict:
    sums = totals(vault)
    return {
        "today": vault.today.isoformat(),
        "totals": {"people_helped": sums.people_helped, "given": sums.given, "asked": sums.asked},
        "contacts": [{
            "path": b.contact, "name": vault.name(b.contact), "given": b.given, "asked": b.asked,
            "balance": b.balance, "verdict": b.verdict,
            "suggestion": suggestion(vault, b.contact, _plain) if b.verdict == "asked_more" else None,
            "entries": [{"date": e.exchange.date.isoformat(), "kind": e.exchange.kind, "text": e.exchange.text,
                         "weight": e.exchange.weight, "running": e.running,
                         "source": {"path": e.exchange.source.path, "line": e.exchange.source.line}}
                        for e in b.entries],
        } for b in balances(vault)],
    }
