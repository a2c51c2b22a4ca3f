"""Vault-wide counts the shared pages show: give and ask totals, reply rates, events, who was helped.

``Counts`` come from the records (past gives, asks, outcomes and events) and can be updated
note by note: add a note's records, take away what it held before. The per-contact facts
(helped, last seen, met at) come from each contact's part (``pages.parts``). Sums are taken
with ``math.fsum``, so they do not depend on the order records came in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from typing import Iterable

from vaultkit.model import Exchange, Interaction, Vault


@dataclass
class Counts:
    weights: Counter = field(default_factory=Counter)  # (kind, weight) -> past gives or asks of that weight
    outcomes: Counter = field(default_factory=Counter)  # (channel, outcome) -> past outreach with that outcome
    events: dict[str, Interaction] = field(default_factory=dict)  # past events, by interaction id

    def count(self, interactions: Iterable[Interaction], exchanges: Iterable[Exchange], today: dt.date,
              sign: int = 1) -> None:
        """Add (``sign=1``) or take away (``-1``) these records' part of the counters and events."""
        for exchange in exchanges:
            if exchange.date <= today:
                self.weights[(exchange.kind, exchange.weight)] += sign
        for interaction in interactions:
            if interaction.date > today:
                continue
            if interaction.outcome is not None:
                self.outcomes[(interaction.channel, interaction.outcome)] += sign
            if interaction.channel == "event":
                if sign > 0:
                    self.events[interaction.id] = interaction
                else:
                    self.events.pop(interaction.id, None)
        for counter in (self.weights, self.outcomes):
            for key in [k for k, n in counter.items() if n <= 0]:
                del counter[key]


@dataclass
class Tallies:
    counts: Counts
    helped: int = 0  # contacts who received a past give
    last_seen: dict[str, dt.date] = field(default_factory=dict)  # contact -> latest past interaction, any outcome
    met_at: dict[str, set[str]] = field(default_factory=dict)  # an interaction id -> contacts first met there

    def total(self, kind: str) -> float:
        return math.fsum(w for (k, weight), n in self.counts.weights.items() if k == kind for w in repeat(weight, n))


@dataclass(frozen=True)
class ContactFacts:
    """What one contact adds to the tallies."""

    helped: bool  # received a past give
    last_seen: dt.date | None  # the latest past interaction, whatever its outcome
    met_at: str | None  # where you first met: the note its ``met_at`` links, else its first past interaction


def contact_facts(vault: Vault, contact: str) -> ContactFacts:
    past = vault.interactions_with(contact, vault.today)
    helped = any(e.kind == "give" for e in vault.exchanges_with(contact, vault.today))
    first = vault.contacts[contact].met_at or (past[0].id if past else None)
    return ContactFacts(helped, past[-1].date if past else None, first)


def vault_tallies(vault: Vault) -> Tallies:
    """The tallies of a whole vault in memory."""
    counts = Counts()
    counts.count(vault.interactions, vault.exchanges, vault.today)
    return tallies_of(counts, ((c, contact_facts(vault, c)) for c in vault.contacts))


def tallies_of(counts: Counts, facts: Iterable[tuple[str, ContactFacts]]) -> Tallies:
    """The tallies of ``counts`` and every contact's (path, facts)."""
    tallies = Tallies(counts)
    for contact, found in facts:
        tallies.helped += found.helped
        if found.last_seen is not None:
            tallies.last_seen[contact] = found.last_seen
        if found.met_at is not None:
            tallies.met_at.setdefault(found.met_at, set()).add(contact)
    return tallies
