"""Pages written back into the vault, rendered from the reports; all words come from ``i18n``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vaultkit.model import Vault
from vaultkit.problems import Problem
from vaultkit.cache import Memo
from vaultkit.render import Page

if TYPE_CHECKING:  # the page modules load with the first render
    from vaultkit.pages.naming import OutputNames
    from vaultkit.pages.pieces import Pieces
    from vaultkit.reports.tallies import Tallies


@dataclass
class Rendered:
    pages: list[Page]  # sorted by path
    pieces: Pieces  # what each contact and goal put on the shared pages (for the index)


def render_pages(vault: Vault, problems: list[Problem], memo: Memo | None = None) -> list[Page]:
    """Every page of a build, sorted by path. ``problems`` is what ``Problems.md`` lists.

    With a ``memo`` (kept by ``watch``), pieces whose inputs did not change are not rendered again.
    """
    return render_all(vault, problems, memo).pages


def render_all(vault: Vault, problems: list[Problem], memo: Memo | None = None) -> Rendered:
    """``render_pages``, with the pieces the shared pages were assembled from."""
    from vaultkit.pages import balance_pages, goal_pages
    from vaultkit.pages.naming import OutputNames
    from vaultkit.pages.pieces import make_pieces
    from vaultkit.reports.balance import balances
    from vaultkit.reports.followups import follow_ups
    from vaultkit.reports.tallies import tallies_of

    if memo is not None:
        memo.next_build()
    names = OutputNames(vault, memo)
    found = balances(vault, names.memo)
    pieces = make_pieces(vault, names, follow_ups(vault), found)
    pages = [*shared_pages(vault, names, pieces, tallies_of(vault), problems),
             *(goal_pages.goal_page(vault, names, p) for p in vault.progress.values()),
             *(balance_pages.contact_page(vault, names, b) for b in found)]
    return Rendered(sorted(pages, key=lambda page: page.path), pieces)


def shared_pages(vault: Vault, names: OutputNames, pieces: Pieces, tallies: Tallies,
                 problems: list[Problem]) -> list[Page]:
    """The pages every contact or goal may show on: assembled from all their ``pieces``, the
    vault-wide ``tallies`` and the goals' progress (``vault.progress`` must hold every goal)."""
    from vaultkit.pages import balance_pages, dashboard_page, followups_page, goal_pages, problems_page
    items = pieces.sorted_follow_ups()
    return [
        followups_page.render(vault, names, items),
        goal_pages.overview(vault, names),
        balance_pages.overview(vault, names, pieces.sorted_balance_rows(), tallies),
        dashboard_page.render(vault, names, items, tallies, problems),
        problems_page.render(vault, names, problems),
    ]
