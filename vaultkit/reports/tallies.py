"""Vault-wide counts the pages show: give and ask totals, reply rates, events, who was helped.

Kept in a form a build can update from the few notes that changed (``vaultkit.delta``):
counters of past gives, asks and outcomes, the past events, and two per-contact facts.
Sums are taken with ``math.fsum``, so they do not depend on the order records came in.
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
class Tallies:
    weights: Counter = field(default_factory=Counter)  # (kind, weight) -> past gives or asks of that weight
    outcomes: Counter = field(default_factory=Counter)  # (channel, outcome) -> past outreach with that outcome
    events: dict[str, Interaction] = field(default_factory=dict)  # past events, by interaction id
    helped: set[str] = field(default_factory=set)  # contacts who received a past give
    last_seen: dict[str, dt.date] = field(default_factory=dict)  # contact -> latest past interaction, any outcome

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

    def recount(self, vault: Vault, contacts: Iterable[str]) -> None:
        """``helped`` and ``last_seen`` again for ``contacts``, from ``vault`` (which must hold
        every record of theirs), in one pass over its records."""
        wanted = set(contacts)
        helped: set[str] = set()
        seen: dict[str, dt.date] = {}
        for exchange in vault.exchanges:
            if exchange.kind == "give" and exchange.date <= vault.today:
                helped.update(c for c in exchange.contacts if c in wanted)
        for interaction in vault.interactions:
            if interaction.date <= vault.today:
                for contact in interaction.participants:
                    if contact in wanted and (contact not in seen or seen[contact] < interaction.date):
                        seen[contact] = interaction.date
        self.helped = (self.helped - wanted) | helped
        for contact in wanted:
            self.last_seen.pop(contact, None)
        self.last_seen.update(seen)

    def total(self, kind: str) -> float:
        return math.fsum(w for (k, weight), n in self.weights.items() if k == kind for w in repeat(weight, n))


def tallies_of(vault: Vault) -> Tallies:
    tallies = Tallies()
    tallies.count(vault.interactions, vault.exchanges, vault.today)
    involved = {c for e in vault.exchanges for c in e.contacts} | {c for i in vault.interactions for c in i.participants}
    tallies.recount(vault, sorted(involved))
    return tallies
