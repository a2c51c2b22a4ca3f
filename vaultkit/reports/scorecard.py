"""Which channels and events pay off: reply rates by channel and the events scorecard."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.model import Interaction, Vault
from vaultkit.reports.tallies import Tallies, tallies_of


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


def reply_rates(vault: Vault, tallies: Tallies | None = None) -> list[ChannelReplies]:
    """Outreach with an ``outcome``, by channel (past only), sorted by channel name."""
    tallies = tallies if tallies is not None else tallies_of(vault)
    counts: dict[str | None, list[int]] = {}
    for (channel, outcome), n in tallies.outcomes.items():
        counts.setdefault(channel, [0, 0, 0])[("replied", "awaiting", "no-reply").index(outcome)] += n
    return [ChannelReplies(channel, *row) for channel, row in sorted(counts.items(), key=lambda kv: kv[0] or "")]


def events(vault: Vault, tallies: Tallies | None = None) -> list[EventScore]:
    """Each past event: the people met there and how many you met again afterwards."""
    tallies = tallies if tallies is not None else tallies_of(vault)
    met_at: dict[str, set[str]] = {}
    for path, contact in vault.contacts.items():
        if contact.met_at is not None:
            met_at.setdefault(contact.met_at, set()).add(path)
    scores = []
    for event in sorted(tallies.events.values(), key=lambda i: (i.date, i.source.path, i.source.line)):
        met = set(event.participants) | met_at.get(event.source.path, set())
        again = {p for p in met if tallies.last_seen.get(p, event.date) > event.date}
        scores.append(EventScore(event, tuple(sorted(met)), tuple(sorted(again))))
    return scores
