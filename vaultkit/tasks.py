"""Checkbox items as the Tasks plugin and Dataview write them: dates, recurrence, shown text.

``- [ ] Send the deck 📅 2026-10-10`` is due on the 10th; with no due date, ``⏳`` (scheduled)
is the due date; ``🛫`` (start) keeps a task out of the follow-ups until that day; a done
``🔁 every week`` task gives its next occurrence (one period after its due or scheduled
date, or after its ``✅`` done date with ``when done``), unless the note already holds it.
The fields, the priorities and vaultkit's own tags are left out of the text shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from vaultkit.values import Cadence, ValueProblem, parse_date

DONE_MARKS = ("x", "X")
_FIELDS = "📅⏳🛫✅❌➕"
_PRIORITIES = "⏫🔼🔽🔺⏬"
DUE_RE = re.compile(r"📅\uFE0F?\s*(\S+)|\[due::([^\]]*)\]", re.IGNORECASE)
SCHEDULED_RE = re.compile(r"⏳\uFE0F?\s*(\S+)|\[scheduled::([^\]]*)\]", re.IGNORECASE)
START_RE = re.compile(r"🛫\uFE0F?\s*(\S+)|\[start::([^\]]*)\]", re.IGNORECASE)
DONE_RE = re.compile(r"✅\uFE0F?\s*(\S+)|\[completion::([^\]]*)\]", re.IGNORECASE)
RECURRENCE_RE = re.compile(rf"🔁\uFE0F?([^{_FIELDS}{_PRIORITIES}\[#]*)")
_EVERY = re.compile(r"every\s+(?:(\d+)\s+)?(day|week|month|year)s?(\s+when\s+done)?$", re.IGNORECASE)
NOISE_RE = re.compile(
    rf"\[(?:due|weight|scheduled|start|completion|created|cancelled)::[^\]]*\]"
    rf"|[{_FIELDS}]\uFE0F?\s*\S+|🔁\uFE0F?[^{_FIELDS}{_PRIORITIES}\[#]*|[{_PRIORITIES}]\uFE0F?"
    r"|(?<![\w#])#(?:gave|give|asked|ask|met|call)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Recurrence:
    every: Cadence
    when_done: bool  # counted from the day it was done, not from its date


def shown_text(text: str) -> str:
    """An item's text for display: one line, without the fields and tags vaultkit has read."""
    return " ".join(NOISE_RE.sub(" ", text).split())


def field_date(pattern: re.Pattern, text: str) -> dt.date | None:
    """The date a field holds (``ValueProblem`` when it is not one; None when absent)."""
    match = pattern.search(text)
    if not match:
        return None
    return parse_date(match.group(1) or match.group(2).strip())


def recurrence(text: str) -> Recurrence | None:
    """``🔁 every 2 weeks``, ``🔁 every month when done``... (``ValueProblem`` for a rule not read)."""
    match = RECURRENCE_RE.search(text)
    if not match:
        return None
    rule = " ".join(match.group(1).split())
    every = _EVERY.match(rule)
    if every is None:
        raise ValueProblem(f"'{rule}' is not a recurrence vaultkit reads (every N days, weeks, months or years)")
    return Recurrence(Cadence(int(every.group(1) or 1), every.group(2)[0].lower()), every.group(3) is not None)


def next_occurrence(rule: Recurrence, due: dt.date | None, done: dt.date | None) -> dt.date | None:
    """The date of the occurrence after a done one (None when it has no date to count from)."""
    base = done if rule.when_done else due
    return rule.every.after(base) if base is not None else None
