"""Typed values read from front matter: dates, cadences, numbers, link lists."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from dataclasses import dataclass

DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
DAILY_LINK_RE = re.compile(r"^\s*\[\[(\d{4}-\d{2}-\d{2})(?:[|#][^\]]*)?\]\]\s*$")


class ValueProblem(ValueError):
    """A front matter value that cannot be used; the message is shown to the user."""


def parse_date(value: object) -> dt.date:
    """A date from YAML: a date, a datetime, ``YYYY-MM-DD[THH:MM]`` text or a ``[[YYYY-MM-DD]]`` link."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
        value = f"[[{value[0][0]}]]"  # an unquoted [[2026-11-20]] reads as a nested list
    if isinstance(value, str):
        link = DAILY_LINK_RE.match(value)
        text = link.group(1) if link else value
        match = DATE_RE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueProblem(f"'{value.strip()}' is not a real date") from None
    raise ValueProblem(f"{shown(value)} is not a date (use YYYY-MM-DD)")


def parse_number(value: object) -> float:
    if isinstance(value, bool):
        raise ValueProblem(f"{shown(value)} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise ValueProblem(f"{shown(value)} is not a number")


def shown(value: object, limit: int = 60) -> str:
    """A short, single-line rendering of a user value for messages."""
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Cadence:
    """How often to be in touch: every ``count`` days, weeks, months or years."""

    count: int
    unit: str  # one of "d", "w", "m", "y"

    def after(self, day: dt.date) -> dt.date:
        """The date one period after ``day`` (calendar months and years, clamped to month end)."""
        if self.unit == "d":
            return day + dt.timedelta(days=self.count)
        if self.unit == "w":
            return day + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        return add_months(day, months)

    def before(self, day: dt.date) -> dt.date:
        if self.unit == "d":
            return day - dt.timedelta(days=self.count)
        if self.unit == "w":
            return day - dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "y" else 1)
        return add_months(day, -months)

    @property
    def days(self) -> int:
        """Approximate length in days, for ranking."""
        return self.count * {"d": 1, "w": 7, "m": 30, "y": 365}[self.unit]

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


NEVER = "never"
CADENCE_RE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
NAMED_CADENCES = {
    "daily": Cadence(1, "d"),
    "weekly": Cadence(1, "w"),
    "biweekly": Cadence(2, "w"),
    "fortnightly": Cadence(2, "w"),
    "monthly": Cadence(1, "m"),
    "quarterly": Cadence(3, "m"),
    "yearly": Cadence(1, "y"),
    "annually": Cadence(1, "y"),
}


def did_you_mean(word: str, choices) -> str:
    """``"; did you mean 'x'?"`` for the choice closest to a misspelt ``word`` (else empty)."""
    found = difflib.get_close_matches(str(word).strip().lower(), sorted(choices), n=1, cutoff=0.75)
    return f"; did you mean '{found[0]}'?" if found else ""


def parse_cadence(value: object) -> Cadence | str:
    """``Nd``/``Nw``/``Nm``/``Ny`` or a named period; ``never`` returns the string ``NEVER``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == NEVER:
            return NEVER
        if text in NAMED_CADENCES:
            return NAMED_CADENCES[text]
        match = CADENCE_RE.match(text)
        if match and int(match.group(1)) > 0:
            return Cadence(int(match.group(1)), match.group(2).lower())
    hint = did_you_mean(value, [*NAMED_CADENCES, NEVER]) if isinstance(value, str) else ""
    raise ValueProblem(
        f"{shown(value)} is not a cadence{hint} (use Nd, Nw, Nm, Ny, weekly, biweekly, monthly, quarterly, yearly or never)"
    )


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        return dt.date.max if months > 0 else dt.date.min
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def as_text_list(value: object) -> list[str]:
    """A front matter value as a list of strings (a scalar becomes one item; None, none)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            items.extend(as_text_list(item) if isinstance(item, (list, tuple)) else [text_of(item)])
        return [i for i in items if i]
    return [text_of(value)] if text_of(value) else []


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
