"""Which channels and events pay off: reply rates by channel and the events scorecard."""

from __future__ import annotations

from dataclasses import dataclass

from vaultkit.model import Interaction
from vaultkit.reports.tallies import Tallies


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


def reply_rates(tallies: Tallies) -> list[ChannelReplies]:
    """Outreach with an ``outcome``, by channel (past only), sorted by channel name."""
    counts: dict[str | None, list[int]] = {}
    for (channel, outcome), n in tallies.counts.outcomes.items():
        counts.setdefault(channel, [0, 0, 0])[("replied", "awaiting", "no-reply").index(outcome)] += n
    return [ChannelReplies(channel, *row) for channel, row in sorted(counts.items(), key=lambda kv: kv[0] or "")]


def events(tallies: Tallies) -> list[EventScore]:
    """Each past event: the people met there and how many you met again afterwards."""
    scores = []
    for event in sorted(tallies.counts.events.values(), key=lambda i: (i.date, i.source.path, i.source.line)):
        met = set(event.participants) | tallies.met_at.get(event.source.path, set())
        again = {p for p in met if tallies.last_seen.get(p, event.date) > event.date}
        scores.append(EventScore(event, tuple(sorted(met)), tuple(sorted(again))))
    return scores
