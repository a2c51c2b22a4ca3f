"""The parts of the shared pages that belong to one contact or goal, with their sort keys.

``Follow-ups.md``, ``Balance.md`` and the dashboard are assembled from these pieces, sorted
by key: a build that changed a few notes makes again only the pieces of the contacts those
notes name and keeps the rest from the index (``vaultkit.delta``). A full build assembles
the pages the same way, so the two cannot differ. Keys are bytes (``sortkey``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, NamedTuple

from vaultkit.i18n import words
from vaultkit.model import Vault
from vaultkit.pages.common import follow_up_lines
from vaultkit.pages.naming import OutputNames
from vaultkit.render import cell, link, table_row
from vaultkit.reports.balance import ContactBalance
from vaultkit.reports.followups import GROUPS, FollowUp, order
from vaultkit.sortkey import sort_key


class FollowUpPiece(NamedTuple):
    key: bytes  # ``reports.followups.order``, a total order
    group: int  # the index of its group in ``GROUPS``
    lines: str  # the Markdown list item with its sub-items
    context: bool  # its second line is the context line (the dashboard leaves it out)

    def short_lines(self) -> str:
        if not self.context:
            return self.lines
        lines = self.lines.split("\n")
        return "\n".join([lines[0], *lines[2:]])


class BalanceRow(NamedTuple):
    key: bytes  # (balance, name folded, contact path): the order of ``reports.balance.balances``
    line: str  # the contact's row of the table


@dataclass
class Pieces:
    """Pieces with the contact or goal each belongs to."""

    follow_ups: list[tuple[str, FollowUpPiece]] = field(default_factory=list)
    balance_rows: list[tuple[str, BalanceRow]] = field(default_factory=list)

    def replacing(self, owners: Collection[str], new: Pieces) -> Pieces:
        """These pieces without those of ``owners``, plus ``new``."""
        return Pieces([p for p in self.follow_ups if p[0] not in owners] + new.follow_ups,
                      [r for r in self.balance_rows if r[0] not in owners] + new.balance_rows)

    def sorted_follow_ups(self) -> list[FollowUpPiece]:
        return sorted((piece for _owner, piece in self.follow_ups), key=lambda piece: piece.key)

    def sorted_balance_rows(self) -> list[BalanceRow]:
        return sorted((row for _owner, row in self.balance_rows), key=lambda row: row.key)


def make_pieces(vault: Vault, names: OutputNames, items: list[FollowUp], found: list[ContactBalance]) -> Pieces:
    """The pieces of ``items`` (follow-ups) and ``found`` (balances)."""
    follow_ups = []
    for item in items:
        key = order(item, vault)
        piece = FollowUpPiece(sort_key(key), key[0], "\n".join(follow_up_lines(vault, names, item)), bool(item.contact))
        follow_ups.append((item.contact or item.goal, piece))
    rows = [(b.contact, BalanceRow(sort_key((b.balance, vault.name(b.contact).casefold(), b.contact)),
                                   balance_line(vault, names, b))) for b in found]
    return Pieces(follow_ups, rows)


def balance_line(vault: Vault, names: OutputNames, found: ContactBalance) -> str:
    """A contact's row of the ``Balance.md`` table; rendered again only when something it shows changed."""
    say = words(vault.config.language)

    def line() -> str:
        return table_row([link(names.vault_path(names.balance_pages[found.contact]), vault.name(found.contact),
                               table=True),
                          say.number(found.given), say.number(found.asked), say.signed(found.balance),
                          cell(say(f"verdict.{found.verdict}"))])

    return names.remembered(lambda: ("balance-row", found.contact, vault.name(found.contact),
                                     names.balance_pages[found.contact], found.given, found.asked, names.folder,
                                     vault.config.language), line)
