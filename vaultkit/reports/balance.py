"""Give before you ask (contract section 7): per-contact ledgers, verdicts and totals."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.model import Exchange, Vault, compact
from vaultkit.reports.tallies import Tallies

VERDICTS = ("give_more", "even", "asked_more")


@compact
@dataclass(frozen=True)
class LedgerEntry:
    exchange: Exchange
    running: float  # gives minus asks so far, weighted


@compact
@dataclass(frozen=True)
class ContactBalance:
    contact: str
    given: float
    asked: float
    entries: tuple[LedgerEntry, ...]

    @property
    def balance(self) -> float:
        return self.given - self.asked

    @property
    def verdict(self) -> str:
        if self.balance > 0:
            return "give_more"
        return "even" if self.balance == 0 else "asked_more"


@dataclass(frozen=True)
class Totals:
    people_helped: int  # contacts who received at least one give
    given: float  # weighted gives, each counted once however many people shared it
    asked: float


def ledger(vault: Vault, contact: str) -> ContactBalance:
    """Gives and asks with ``contact`` up to today, in date order, with the running balance."""
    running = 0.0
    entries = []
    given = asked = 0.0
    for exchange in vault.exchanges_with(contact, vault.today):
        if exchange.kind == "give":
            running += exchange.weight
            given += exchange.weight
        else:
            running -= exchange.weight
            asked += exchange.weight
        entries.append(LedgerEntry(exchange, running))
    return ContactBalance(contact, given, asked, tuple(entries))


def balances(vault: Vault) -> list[ContactBalance]:
    """Every contact with a give or an ask, ranked: asked most first, then by name."""
    found = [b for b in (ledger(vault, path) for path in vault.contacts) if b.entries]
    return sorted(found, key=lambda b: (b.balance, vault.name(b.contact).casefold(), b.contact))


def totals(tallies: Tallies) -> Totals:
    """Past gives and asks of the whole vault."""
    return Totals(people_helped=tallies.helped, given=tallies.total("give"), asked=tallies.total("ask"))
