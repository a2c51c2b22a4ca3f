"""Pages written back into the vault, rendered from the reports; all words come from ``i18n``."""

from __future__ import annotations

from typing import Iterator

from vaultkit.model import Vault
from vaultkit.problems import Problem
from vaultkit.cache import Memo
from vaultkit.render import Page


def render_pages(vault: Vault, problems: list[Problem], memo: Memo | None = None) -> list[Page]:
    """Every page of a build, sorted by path. ``problems`` is what ``Problems.md`` lists.

    With a ``memo`` (kept by ``watch``), pieces whose inputs did not change are not rendered again.
    """
    return sorted(iter_pages(vault, problems, memo), key=lambda page: page.path)


def iter_pages(vault: Vault, problems: list[Problem], memo: Memo | None = None) -> Iterator[Page]:
    """``render_pages``' pages one at a time, as they are rendered (in no particular order)."""
    from vaultkit.pages import balance_pages, dashboard_page, followups_page, goal_pages, problems_page
    from vaultkit.pages.naming import OutputNames
    from vaultkit.reports.followups import follow_ups

    if memo is not None:
        memo.next_build()
    names = OutputNames(vault, memo)
    items = follow_ups(vault)
    yield followups_page.render(vault, names, items)
    yield from goal_pages.render(vault, names)
    yield from balance_pages.render(vault, names)
    yield dashboard_page.render(vault, names, items, problems)
    yield problems_page.render(vault, names, problems)
