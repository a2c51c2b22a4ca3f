"""Follow-ups as an iCalendar file: all-day events with a reminder, or to-dos (``--todo``).

The follow-ups are a build's (``pages.parts.FollowUpEntry``, in order); only those with a due
date are exported. Each one's UID hashes what identifies it (reason, contact or goal, source note,
text) and not its date, so a calendar that imports the file again moves the event instead of
adding a second one. DTSTAMP is midnight UTC of ``today`` and items come in a fixed order, so the same
vault on the same day gives the same bytes.

Events of overdue follow-ups are placed on ``today`` (a reminder in the past never rings);
their description keeps the date they were due. To-dos keep their real due date, which task
apps show as overdue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from vaultkit.i18n import words
from vaultkit.ondisk import atomic_write
from vaultkit.pages.parts import FollowUpEntry, plain
from vaultkit.reports.followups import FollowUp

PRODID = "-//vaultkit//follow-ups//EN"
REMINDER = dt.timedelta(hours=9)  # all-day events: remind at 09:00 on the day
class ExportRefused(Exception):
    """The calendar cannot be written where asked; nothing was written."""


@dataclass(frozen=True)
class Entry:
    """One follow-up as calendar text."""

    uid: str
    day: dt.date
    summary: str
    description: str


def entries(follow_ups: list[FollowUpEntry], today: dt.date, language: str, todo: bool = False) -> list[Entry]:
    """The dated follow-ups as calendar entries, one for each dated reason of each person, by
    day; within a day, in the follow-up list's order."""
    say = words(language)
    seen: dict[str, int] = {}
    found = []
    for entry, reason in ((shown, reason) for shown in follow_ups for reason in shown.reasons):
        item = reason.item
        if item.due is None:
            continue
        uid = _unique(follow_up_uid(item), seen)
        if item.goal:
            summary = say("ics.goal", title=entry.who)
        else:
            what = item.text if item.reason == "task" else say("reason." + item.reason)
            summary = say("ics.summary", who=entry.who, reason=what)
        description = "\n".join((
            f"{say('reason.' + item.reason)}: {reason.why}",
            reason.due,
            say("ics.source", path=item.source.path, line=item.source.line),
        ))
        day = item.due if todo else max(item.due, today)
        found.append(Entry(uid, day, plain(summary), description))
    return sorted(found, key=lambda e: e.day)  # stable: keeps the list's ranking within a day


def follow_up_uid(item: FollowUp) -> str:
    """What identifies a follow-up, hashed: its date is left out on purpose."""
    who = item.contact or item.goal or ""
    key = "\x1f".join((item.reason, who, item.source.path, item.text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@vaultkit"


def _unique(uid: str, seen: dict[str, int]) -> str:
    """Two identical follow-ups (the same task twice in one note) get distinct UIDs, in order."""
    seen[uid] = seen.get(uid, 0) + 1
    return uid if seen[uid] == 1 else uid.replace("@", f"-{seen[uid]}@", 1)


def calendar_bytes(items: list[Entry], today: dt.date, language: str, todo: bool = False) -> bytes:
    """The iCalendar document of ``items`` (from ``entries``), stamped with ``today``."""
    from icalendar import Alarm, Calendar, Event, Todo

    say = words(language)
    stamp = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", say("ics.calendar"))
    for entry in items:
        component = Todo() if todo else Event()
        component.add("uid", entry.uid)
        component.add("dtstamp", stamp)
        if todo:
            component.add("due", entry.day)
            component.add("status", "NEEDS-ACTION")
        else:
            component.add("dtstart", entry.day)
            component.add("dtend", entry.day + dt.timedelta(days=1))
            component.add("transp", "TRANSPARENT")
        component.add("summary", entry.summary)
        component.add("description", entry.description)
        if not todo:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", entry.summary)
            alarm.add("trigger", REMINDER)
            component.add_component(alarm)
        calendar.add_component(component)
    return calendar.to_ical()


def write_calendar(target: Path, data: bytes, root: Path, output_folder: str) -> Path:
    """Write ``data`` to ``target`` atomically (temp file + rename).

    Inside the vault only the output folder is allowed: everything else there is your notes.
    Raises ExportRefused with a one-line reason.
    """
    target = Path(target)
    where = target.parent.resolve() / target.name
    vault = Path(root).resolve()
    output = (vault / output_folder).resolve()
    if where.is_relative_to(vault) and not where.is_relative_to(output):
        raise ExportRefused(f"{target}: refusing to write inside the vault's notes; "
                            f"write it outside the vault or into {output_folder}/")
    if where.is_dir():
        raise ExportRefused(f"{target}: is a folder")
    if not where.parent.is_dir():
        raise ExportRefused(f"{target}: no such folder {target.parent}")
    try:
        atomic_write(where, data)
    except OSError as exc:
        raise ExportRefused(f"{target}: cannot write it ({exc.strerror or exc})") from None
    return where

