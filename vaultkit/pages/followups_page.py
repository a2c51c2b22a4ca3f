"""``Follow-ups.md``: grouped overdue / today / next 7 days / later / undated."""

from __future__ import annotations

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.common import follow_up_lines
from vaultkit.pages.naming import OutputNames
from vaultkit.render import Page, page
from vaultkit.reports.followups import FollowUp, grouped


def render(vault: Vault, names: OutputNames, items: list[FollowUp]) -> Page:
    say = words(vault.config.language)
    groups = grouped(vault, items)
    body = [say("followups.summary", overdue=len(groups["overdue"]), today=len(groups["today"]),
                soon=len(groups["next_7_days"]), later=len(groups["later"]), undated=len(groups["undated"]))
            if items else say("followups.none")]
    for group, members in groups.items():
        if not members:
            continue
        body.append(f"## {say('group.' + group)} ({len(members)})")
        body.append("\n".join(line for item in members for line in follow_up_lines(vault, names, item)))
    return Page(names.follow_ups, page(say("followups.title"), vault.today, "\n\n".join(body)))
