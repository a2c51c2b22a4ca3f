"""``Follow-ups.md``: grouped overdue / today / next 7 days / later / undated."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.naming import OutputNames
from vaultkit.render import Page, page
from vaultkit.reports.followups import GROUPS


def focus(items: list, size: int) -> list:
    """The Focus list: of what is due within a week, goal-linked, warm and reciprocal
    relationships first, then the most urgent; imports never contacted are left out."""
    return sorted((item for item in items if item.focus is not None), key=lambda item: item.focus)[:size]


def render(vault: Vault, names: OutputNames, shared) -> Page:
    """The page of every follow-up (``pages.parts.Shared``): the Focus list, then every entry by group."""
    say = words(vault.config.language)
    items = shared.follow_ups
    groups: dict[str, list] = {group: [] for group in GROUPS}
    for item in items:
        groups[GROUPS[item.group]].append(item)
    body = [say("followups.summary", overdue=len(groups["overdue"]), today=len(groups["today"]),
                soon=len(groups["next_7_days"]), later=len(groups["later"]), undated=len(groups["undated"]))
            if items else say("followups.none")]
    first = focus(items, vault.config.focus_size)
    if first:
        body.append(f"## {say('followups.focus')}")
        body.append("\n".join(item.short.split("\n", 1)[0] for item in first))
    for group, members in groups.items():
        if not members:
            continue
        body.append(f"## {say('group.' + group)} ({len(members)})")
        body.append("\n".join(item.lines for item in members))
    return Page(names.follow_ups, page(say("followups.title"), vault.today, "\n\n".join(body)))
