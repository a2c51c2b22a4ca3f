"""Who moved your goals: each person's share of each goal's progress, over the goal's window.

A goal-linked interaction moves an ``interactions`` goal by one, shared among the people
in it; a give moves a ``gives`` goal by its weight, shared among those it was for; a person
counted by a ``contacts`` goal moves it by one. ``new_contacts`` and ``manual`` goals are
moved by the people too, but not in a way one can split: their interactions are counted,
their share is none.
"""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.model import Vault, compact


@compact
@dataclass(frozen=True)
class Carried:
    """One person's part in one goal."""

    contact: str
    goal: str
    interactions: int  # goal-linked interactions with them in the goal's window
    share: float  # the part of the goal's target they carried (0.25: a quarter of it)


def goal_movers(vault: Vault, goal: str) -> tuple[Carried, ...]:
    """The people who moved ``goal``, by contact path."""
    progress = vault.progress[goal]
    found = progress.goal
    by_id = {i.id: i for i in vault.interactions_for(goal)}
    linked = [by_id[i] for i in progress.interactions if i in by_id]
    counts: dict[str, int] = {}
    units: dict[str, float] = {}
    for interaction in linked:
        for person in interaction.participants:
            counts[person] = counts.get(person, 0) + 1
            if found.metric == "interactions":
                units[person] = units.get(person, 0.0) + 1 / len(interaction.participants)
    if found.metric == "gives":
        ids = {i.id for i in linked}
        for exchange in vault.exchanges_for(goal):
            if exchange.kind == "give" and exchange.interaction in ids and exchange.contacts:
                for person in exchange.contacts:
                    units[person] = units.get(person, 0.0) + exchange.weight / len(exchange.contacts)
    if found.metric == "contacts":
        units.update((person, 1.0) for person in progress.contacts)
    target = found.target if found.measurable and found.target else None
    return tuple(Carried(person, goal, counts.get(person, 0), units.get(person, 0.0) / target if target else 0.0)
                 for person in sorted(counts.keys() | units.keys()) if person in vault.contacts)


@dataclass(frozen=True)
class Mover:
    """One person across every goal."""

    contact: str
    interactions: int
    carried: tuple[Carried, ...]  # by the share they carried, largest first

    @property
    def share(self) -> float:
        return sum(c.share for c in self.carried)


def most_fruitful(carried: list[Carried], names: dict[str, str], limit: int) -> list[Mover]:
    """The ``limit`` people who moved the goals most: by the summed share of targets they
    carried, then goal-linked interactions, then name (``names``: contact path -> name)."""
    people: dict[str, list[Carried]] = {}
    for part in carried:
        people.setdefault(part.contact, []).append(part)
    movers = [Mover(person, sum(c.interactions for c in parts),
                    tuple(sorted(parts, key=lambda c: (-c.share, c.goal))))
              for person, parts in people.items()]
    movers.sort(key=lambda m: (-m.share, -m.interactions, names.get(m.contact, m.contact).casefold(), m.contact))
    return movers[:limit]
