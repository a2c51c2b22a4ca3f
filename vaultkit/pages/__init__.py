"""Pages written back into the vault, rendered from the reports; all words come from ``i18n``."""

from __future__ import annotations

from vaultkit.model import Vault
from vaultkit.problems import Problem
from vaultkit.cache import Memo
from vaultkit.render import Page


def render_pages(vault: Vault, problems: list[Problem], memo: Memo | None = None) -> list[Page]:
    """Every page of a build, sorted by path. ``problems`` is what ``Problems.md`` lists.

    With a ``memo`` (kept by ``watch``), pieces whose inputs did not change are not rendered again.
    """
    from vaultkit.pages import balance_pages, dashboard_page, followups_page, goal_pages, problems_page
    from vaultkit.pages.naming import OutputNames
    from vaultkit.reports.followups import follow_ups

    if memo is not None:
        memo.next_build()
    names = OutputNames(vault, memo)
    items = follow_ups(vault)
    pages = [
        followups_page.render(vault, names, items),
        *goal_pages.render(vault, names),
        *balance_pages.render(vault, names),
        dashboard_page.render(vault, names, items, problems),
        problems_page.render(vault, names, problems),
    ]
    return sorted(pages, key=lambda page: page.path)
