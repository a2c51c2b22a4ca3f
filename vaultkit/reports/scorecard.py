"""Which channels and events pay off: reply rates by channel and the events scorecard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.model import Interaction, Vault


@dataclass(frozen=True)
class ChannelReplies:
    channel: str | None
    replied: int
    awaiting: int
    no_reply: int

    @property
    def rate(self) -> float:
        total = self.replied + self.awaiting + self.no_reply
        return self.replied / total if total else 0.0


@dataclass(frozen=True)
class EventScore:
    event: Interaction
    met: tuple[str, ...]  # contacts there, or whose met_at links the event
    met_again: tuple[str, ...]  # those with a later past interaction


def reply_rates(vault: Vault) -> list[ChannelReplies]:
    """Outreach with an ``outcome``, by channel (past only), sorted by channel name."""
    counts: dict[str | None, list[int]] = {}
    for interaction in vault.interactions:
        if interaction.outcome is None or interaction.date > vault.today:
            continue
        row = counts.setdefault(interaction.channel, [0, 0, 0])
        row[("replied", "awaiting", "no-reply").index(interaction.outcome)] += 1
    return [ChannelReplies(channel, *row) for channel, row in sorted(counts.items(), key=lambda kv: kv[0] or "")]


def events(vault: Vault) -> list[EventScore]:
    """Each past event: the people met there and how many you met again afterwards."""
    scores = []
    for event in vault.interactions:
        if event.channel != "event" or event.date > vault.today:
            continue
        met = set(event.participants) | {p for p, c in vault.contacts.items() if c.met_at == event.source.path}
        again = {p for p in met if _met_again(vault, p, event.date)}
        scores.append(EventScore(event, tuple(sorted(met)), tuple(sorted(again))))
    return scores


def _met_again(vault: Vault, contact: str, day: dt.date) -> bool:
    return any(day < i.date <= vault.today for i in vault.interactions_with(contact))
