"""What to know about a contact before reaching out: last interaction, balance, goals, interests."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.model import Exchange, Interaction, Vault, compact


@compact
@dataclass(frozen=True)
class Context:
    last: Interaction | None  # the latest past interaction, whatever its outcome
    balance: float  # weighted gives minus asks up to today
    shared_goals: tuple[str, ...]  # active goals the contact is linked to (their note or your meetings)
    interests: tuple[str, ...]
    recent_asks: tuple[Exchange, ...]  # your last asks of them, newest first


def context_of(vault: Vault, contact: str) -> Context:
    past = vault.interactions_with(contact, vault.today)
    person = vault.contacts[contact]
    goal_paths = set(person.goals) | {g for i in vault.interactions_with(contact) for g in i.goals}
    shared = tuple(sorted(g for g in goal_paths if vault.goal_active(g)))
    asks = [e for e in vault.exchanges_with(contact, vault.today) if e.kind == "ask"]
    return Context(
        last=past[-1] if past else None,
        balance=vault.balance(contact),
        shared_goals=shared,
        interests=person.interests,
        recent_asks=tuple(reversed(asks[-3:])),
    )
