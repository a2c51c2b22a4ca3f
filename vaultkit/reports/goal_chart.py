"""Goal progress over time, for the chart on each goal page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vaultkit.goals import measure
from vaultkit.model import Goal, Vault

MAX_POINTS = 12


@dataclass(frozen=True)
class Series:
    days: tuple[dt.date, ...]
    actual: tuple[float, ...]  # the goal's value on each day
    target_line: tuple[float, ...]  # the expected value on each day


def progress_series(vault: Vault, goal: Goal) -> Series | None:
    """Evenly spaced days from the start to today (or the deadline), at most ``MAX_POINTS``."""
    if not goal.measurable or goal.start is None or goal.deadline is None or goal.deadline < goal.start:
        return None
    end = min(vault.today, goal.deadline)
    if end <= goal.start:
        return None
    span = (end - goal.start).days
    steps = min(MAX_POINTS - 1, span)
    days = tuple(goal.start + dt.timedelta(days=round(span * i / steps)) for i in range(steps + 1))
    interactions, exchanges = vault.interactions_for(goal.path), vault.exchanges_for(goal.path)
    contacts = vault.contacts_for(goal.path)
    points = [measure(goal, day, interactions, exchanges, contacts) for day in days]
    return Series(days, tuple(p.value for p in points), tuple(p.expected or 0.0 for p in points))
