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
    met: tuple[str, ...]  # contacts first met there: their met_at links it, or it was their first interaction
    met_again: tuple[str, ...]  # those with a later past interaction


@dataclass(frozen=True)
class OrganizerScore:
    organizer: str
    events: int  # past events they ran
    met: int  # people first met at them
    met_again: int  # of those, people met again afterwards


def reply_rates(tallies: Tallies) -> list[ChannelReplies]:
    """Outreach with an ``outcome``, by channel (past only), sorted by channel name."""
    counts: dict[str | None, list[int]] = {}
    for (channel, outcome), n in tallies.counts.outcomes.items():
        counts.setdefault(channel, [0, 0, 0])[("replied", "awaiting", "no-reply").index(outcome)] += n
    return [ChannelReplies(channel, *row) for channel, row in sorted(counts.items(), key=lambda kv: kv[0] or "")]


def events(tallies: Tallies) -> list[EventScore]:
    """Each past event: the people first met there (not everyone there: people you knew
    before are no new relationship) and which of them you met again afterwards."""
    scores = []
    for event in sorted(tallies.counts.events.values(), key=lambda i: (i.date, i.source.path, i.source.line)):
        met = tallies.met_at.get(event.id, set())
        again = {p for p in met if tallies.last_seen.get(p, event.date) > event.date}
        scores.append(EventScore(event, tuple(sorted(met)), tuple(sorted(again))))
    return scores


def organizers(scores: list[EventScore]) -> list[OrganizerScore]:
    """The events' organizers (``organizer:``), most relationships that followed first: choose
    events by who runs them."""
    found: dict[str, list[int]] = {}
    for score in scores:
        for organizer in score.event.organizers:
            row = found.setdefault(organizer, [0, 0, 0])
            row[0] += 1
            row[1] += len(score.met)
            row[2] += len(score.met_again)
    ranked = sorted(found.items(), key=lambda item: (-item[1][2], -item[1][1], item[0].casefold()))
    return [OrganizerScore(name, *row) for name, row in ranked]
