"""Goals (section 5): reading goal notes and measuring them on a given day."""

from __future__ import annotations

import datetime as dt
import re

from vaultkit.fields import Fields
from vaultkit.model import (GOAL_METRICS, GOAL_STATUSES, Contact, Exchange, Goal, GoalProgress, Interaction,
                            LogEntry, Source)
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note
from vaultkit.links import Resolver
from vaultkit.values import NEVER, Cadence, add_months, as_text_list, shown

WINDOW_MONTHS = 6
DEFAULT_REVIEW = Cadence(1, "w")
LOG_RE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*:\s*([-+]?\d+(?:[.,]\d+)?)\b\s*(.*)$", re.DOTALL)
ON_TRACK_SHARE = 0.9


def read_goal(note: Note, problems: list[Problem]) -> Goal:
    fields = Fields(note, problems)
    metric = fields.text("metric")
    metric = metric.casefold().replace("-", "_").replace(" ", "_") if metric else None
    if metric is not None and metric not in GOAL_METRICS:
        problems.append(warning(note.path, note.line_of("metric"), "bad-value",
                                f"metric: {shown(metric)} is not one of {', '.join(GOAL_METRICS)}"))
    target = fields.number("target")
    log = tuple(_log_entries(note, problems))
    start = fields.date("start")
    deadline = fields.date("deadline")
    created = fields.date("created")
    if start is None:
        start = created or (add_months(deadline, -WINDOW_MONTHS) if deadline else None)
        start = start or (min(e.date for e in log) if log else None)
    if deadline is None and start is not None:
        deadline = add_months(start, WINDOW_MONTHS)
    review = fields.cadence("review")
    goal = Goal(
        path=note.path,
        title=fields.text("title") or note.stem,
        metric=metric,
        target=target,
        start=start,
        deadline=deadline,
        status=fields.choice("status", GOAL_STATUSES, "active") or "active",
        review=review if isinstance(review, Cadence) else (None if review == NEVER else DEFAULT_REVIEW),
        last_review=fields.date("last_review"),
        aggregate=fields.choice("aggregate", ("latest", "sum"), "latest") or "latest",
        log=log,
    )
    _check_goal(note, goal, problems)
    return goal


def _check_goal(note: Note, goal: Goal, problems: list[Problem]) -> None:
    if not goal.measurable:
        missing = [k for k, ok in (("metric", goal.metric in GOAL_METRICS),
                                   ("a positive target", goal.target is not None and goal.target > 0)) if not ok]
        line = note.line_of("metric" if "metric" in missing else "target")
        problems.append(warning(note.path, line, "goal-not-measurable",
                                f"goal is not measurable: set {' and '.join(missing)}"))
    if goal.start and goal.deadline and goal.deadline < goal.start:
        problems.append(error(note.path, note.line_of("deadline"), "goal-bad-window",
                              f"deadline {goal.deadline} is before start {goal.start}"))
    if goal.start is None and goal.deadline is None:
        problems.append(warning(note.path, 1, "goal-no-window",
                                "goal has no start, deadline, created date or log: add 'start:' and 'deadline:'"))


def _log_entries(note: Note, problems: list[Problem]):
    for item in note.body.items:
        if item.section != "log" or item.depth != 1:
            continue
        match = LOG_RE.match(item.text)
        day = None
        if match:
            try:
                day = dt.date.fromisoformat(match.group(1))
            except ValueError:
                day = None
        if day is None:
            problems.append(warning(note.path, item.line, "bad-log-entry",
                                    "log items look like '- YYYY-MM-DD: N comment'"))
            continue
        yield LogEntry(day, float(match.group(2).replace(",", ".")), " ".join(match.group(3).split()),
                       Source(note.path, item.line))


def claim_goal_names(resolver: Resolver, goal: Goal, note: Note) -> None:
    """A goal answers to its vault path, file stem, title and aliases."""
    resolver.claim(note.path[:-3], note.path, "path")
    resolver.claim(note.stem, note.path, "stem")
    resolver.claim(goal.title, note.path, "name")
    for alias in as_text_list(note.meta.get("aliases")):
        resolver.claim(alias, note.path, "alias")


def too_many_active(goals: dict[str, Goal], limit: int, notes: dict[str, Note]) -> list[Problem]:
    """A warning on each active goal past ``max_active_goals`` (the latest started ones)."""
    active = sorted((g for g in goals.values() if g.active), key=lambda g: (g.start or dt.date.min, g.path))
    return [
        warning(goal.path, notes[goal.path].line_of("status"), "too-many-goals",
                f"{len(active)} active goals; keep at most {limit} (max_active_goals): pause or drop one")
        for goal in active[limit:]
    ]


PACED = ("ahead", "on track", "behind")  # the states a projection at the current pace is shown for


def in_window(goal: Goal, day: dt.date, today: dt.date) -> bool:
    return day <= today and (goal.start is None or day >= goal.start) and (goal.deadline is None or day <= goal.deadline)


def measure(goal: Goal, today: dt.date, interactions: tuple[Interaction, ...], exchanges: tuple[Exchange, ...],
            contacts: dict[str, Contact]) -> GoalProgress:
    """Value, expected value and state of ``goal`` on ``today``.

    ``interactions`` and ``exchanges`` may be all of them or only those linked to the goal
    (``Vault.interactions_for``, ``exchanges_for``); ``contacts`` all of them or only those that can count for it
    (``Vault.contacts_for``): the result is the same.
    """
    linked_all = [i for i in interactions if goal.path in i.goals]
    linked = [i for i in linked_all if in_window(goal, i.date, today)]
    people = tuple(dict.fromkeys(p for i in linked for p in i.participants))
    value = _value(goal, today, linked, linked_all, exchanges, contacts)
    expected = _expected(goal, today)
    progress = value / goal.target if goal.measurable else None
    state = _state(goal, value, expected, today)
    projected = _projected(goal, value, today) if state in PACED else None
    late = (projected - goal.deadline).days if state == "on track" and projected and goal.deadline else None
    return GoalProgress(
        goal=goal,
        value=value,
        expected=expected,
        progress=progress,
        state=state,
        interactions=tuple(i.id for i in linked),
        contacts=people,
        projected=projected,
        next_review=_next_review(goal),
        late_days=late if late is not None and late > 0 else None,
    )


def _value(goal, today, linked, linked_all, exchanges, contacts) -> float:
    if goal.metric == "interactions":
        return float(len(linked))
    if goal.metric == "contacts":
        return float(len({p for i in linked for p in i.participants}))
    if goal.metric == "gives":
        ids = {i.id for i in linked}
        return float(sum(e.weight for e in exchanges if e.kind == "give" and e.interaction in ids))
    if goal.metric == "new_contacts":
        touched = {p for i in linked_all for p in i.participants}
        return float(sum(1 for c in contacts.values()
                         if c.met and in_window(goal, c.met, today) and (goal.path in c.goals or c.path in touched)))
    if goal.metric == "manual":
        entries = [e for e in goal.log if in_window(goal, e.date, today)]
        if not entries:
            return 0.0
        if goal.aggregate == "sum":
            return sum(e.value for e in entries)
        return max(entries, key=lambda e: (e.date, e.source.line)).value
    return 0.0


def _next_review(goal: Goal) -> dt.date | None:
    """Last review plus the review period; a goal never reviewed, one period after its start."""
    if goal.review is None:
        return None
    since = goal.last_review or goal.start
    return goal.review.after(since) if since else None


def _elapsed_share(goal: Goal, today: dt.date) -> float | None:
    if goal.start is None or goal.deadline is None or goal.deadline < goal.start:
        return None
    length = (goal.deadline - goal.start).days
    if length == 0:
        return 1.0 if today >= goal.start else 0.0
    return min(1.0, max(0.0, (today - goal.start).days / length))


def _expected(goal: Goal, today: dt.date) -> float | None:
    share = _elapsed_share(goal, today)
    if share is None or not goal.measurable:
        return None
    return goal.target * share


def _state(goal: Goal, value: float, expected: float | None, today: dt.date) -> str | None:
    """achieved; paused or dropped (its status says so); missed (deadline passed); then ahead,
    on track (>= 90% of expected) or behind. None when it cannot be judged: no metric or
    target, or no window to expect a value in."""
    if goal.status == "achieved" or (goal.measurable and value >= goal.target):
        return "achieved"
    if goal.status in ("paused", "dropped"):
        return goal.status
    if not goal.measurable:
        return None
    if goal.deadline is not None and today > goal.deadline:
        return "missed"
    if expected is None:
        return None
    if value > expected:
        return "ahead"
    if value >= ON_TRACK_SHARE * expected:
        return "on track"
    return "behind"


def _projected(goal: Goal, value: float, today: dt.date) -> dt.date | None:
    """The day the target is reached if the pace so far holds (None without progress or a window)."""
    if not goal.measurable or goal.start is None or value <= 0 or today <= goal.start:
        return None
    if value >= goal.target:
        return None
    days_so_far = (today - goal.start).days
    total_days = days_so_far * goal.target / value
    try:
        return goal.start + dt.timedelta(days=round(total_days))
    except OverflowError:
        return None
