"""``Follow-ups.md``: grouped overdue / today / next 7 days / later / undated."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.naming import OutputNames
from vaultkit.render import Page, page
from vaultkit.reports.followups import GROUPS


def render(vault: Vault, names: OutputNames, shared) -> Page:
    """The page of every follow-up (``pages.parts.Shared``)."""
    say = words(vault.config.language)
    items = shared.follow_ups
    groups: dict[str, list] = {group: [] for group in GROUPS}
    for item in items:
        groups[GROUPS[item.group]].append(item)
    body = [say("followups.summary", overdue=len(groups["overdue"]), today=len(groups["today"]),
                soon=len(groups["next_7_days"]), later=len(groups["later"]), undated=len(groups["undated"]))
            if items else say("followups.none")]
    for group, members in groups.items():
        if not members:
            continue
        body.append(f"## {say('group.' + group)} ({len(members)})")
        body.append("\n".join(item.lines for item in members))
    return Page(names.follow_ups, page(say("followups.title"), vault.today, "\n\n".join(body)))
