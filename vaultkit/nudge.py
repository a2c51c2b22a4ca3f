"""The daily nudge (``notify = "desktop"``): at the first build of ``watch`` after ``notify_at``,
one desktop notification, "N follow-ups due today", naming the first few. The day of the last
nudge is kept in ``.vaultkit/last-nudge.json``, so a restart never sends it twice.

Everything that depends on the time of day takes ``now``; the sending is ``send(title, body)``,
by default ``desktop.send`` (a failure is said once, and never stops a build).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from vaultkit.desktop import NotifyFailed, send as send_desktop
from vaultkit.reports.followups import GROUPS
from vaultkit.statefile import read_json, write_json

if TYPE_CHECKING:
    from vaultkit.pages.parts import FollowUpEntry

NUDGE_NAME = "last-nudge.json"
NAMED = 3  # people named in the notification; the rest are a count
DUE = (GROUPS.index("overdue"), GROUPS.index("today"))


@dataclass(frozen=True)
class Nudge:
    title: str
    body: str


def is_due(now: dt.datetime, notify_at: str, last: dt.date | None) -> bool:
    """Whether the day's nudge is to be sent at ``now``: past ``notify_at`` (HH:MM) and not yet today."""
    hour, minute = (int(part) for part in notify_at.split(":"))
    return (last is None or last < now.date()) and now.time() >= dt.time(hour, minute)


def nudge_for(entries: list[FollowUpEntry]) -> Nudge | None:
    """The notification for the follow-ups due today (overdue ones included); None when none is."""
    due = [entry.who for entry in entries if entry.group in DUE]
    if not due:
        return None
    title = f"{len(due)} follow-up{'' if len(due) == 1 else 's'} due today"
    named = ", ".join(due[:NAMED])
    rest = len(due) - NAMED
    return Nudge(title, named + (f" and {rest} more" if rest > 0 else "") + " (Follow-ups.md)")


def last_nudge(root: Path) -> dt.date | None:
    data = read_json(root, NUDGE_NAME) or {}
    try:
        return dt.date.fromisoformat(data.get("date", ""))
    except (TypeError, ValueError):
        return None


def due_follow_ups(root: Path) -> list[FollowUpEntry]:
    """The follow-ups as the index holds them (the build just made them current)."""
    from vaultkit.incremental import answers, store  # loaded once a day, when a nudge is due

    connection, _ = store.connect(Path(root), write=False)
    try:
        return answers.follow_ups(connection)
    finally:
        connection.close()


class Nudger:
    """Sends the day's nudge after a build of ``watch``, when the settings ask for it."""

    def __init__(self, root: Path, now: Callable[[], dt.datetime], say: Callable[[str], None],
                 send: Callable[[str, str], None] = send_desktop,
                 follow_ups: Callable[[Path], list[FollowUpEntry]] = due_follow_ups) -> None:
        self.root, self.now, self.say = Path(root), now, say
        self.send = send
        self.follow_ups = follow_ups
        self.sent: list[Nudge] = []  # what this watcher sent, for its tests

    def after_build(self, notify: str, notify_at: str) -> None:
        if notify != "desktop":
            return
        now = self.now()
        if not is_due(now, notify_at, last_nudge(self.root)):
            return
        try:
            nudge = nudge_for(self.follow_ups(self.root))
        except sqlite3.Error as exc:
            nudge = None
            self.say(f"the daily notification was not sent: the follow-ups could not be read ({exc})")
        if nudge is not None:
            try:
                self.send(nudge.title, nudge.body)
                self.sent.append(nudge)
            except NotifyFailed as exc:
                self.say(f"the daily notification was not sent: {exc}")
        try:
            write_json(self.root, NUDGE_NAME, {"date": now.date().isoformat()})
        except OSError as exc:
            self.say(f"the day of the last notification could not be kept ({exc.strerror or exc}): "
                     f"a restart today may send it again")

