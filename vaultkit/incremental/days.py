"""``today`` as a recorded input: the range of days over which a result stays the same.

A part that only compares dates with today (``date <= today``, ``today + 30 days < due``)
gives the same result on every day for which each comparison gives the same answer. The
engine hands the domain a ``RecordedDay``: a ``date`` that narrows its ``Span`` at each
comparison, and pins it to the one day when today is used any other way (subtracted from a
date, printed, hashed, pickled...). A new day recomputes only the results whose span
does not hold it.
"""

from __future__ import annotations

import datetime as dt

NEVER_BEFORE = dt.date.min.toordinal()
NEVER_AFTER = dt.date.max.toordinal()


class Span:
    """The days (as ordinals, ``first`` to ``last``) on which what was computed stays the same."""

    __slots__ = ("first", "last")

    def __init__(self, first: int = NEVER_BEFORE, last: int = NEVER_AFTER) -> None:
        self.first, self.last = first, last

    def holds(self, day: dt.date) -> bool:
        return self.first <= day.toordinal() <= self.last

    def after(self, day: int) -> None:
        """Only days from ``day`` on give the same answers."""
        self.first = max(self.first, day)

    def before(self, day: int) -> None:
        """Only days up to ``day`` give the same answers."""
        self.last = min(self.last, day)

    def pin(self, day: int) -> None:
        self.after(day)
        self.before(day)

    def __repr__(self) -> str:
        return f"Span({self.first}, {self.last})"


class RecordedDay(dt.date):
    """Today (shifted by ``shift`` days, when the domain added or took a timedelta) recording
    into ``span`` the days on which every comparison made with it gives the same answer."""

    __slots__ = ("span", "shift", "today")

    def __new__(cls, today: dt.date, span: Span, shift: int = 0) -> RecordedDay:
        shown = dt.date.fromordinal(today.toordinal() + shift)
        self = super().__new__(cls, shown.year, shown.month, shown.day)
        self.span, self.shift, self.today = span, shift, today.toordinal()
        return self

    def _plain(self) -> dt.date:
        """This date used as a value: valid on today alone."""
        self.span.pin(self.today)
        return dt.date.fromordinal(self.today + self.shift)

    def _bound(self, other) -> int | None:
        """The day today must be on for this date to equal ``other`` (None: not a plain date)."""
        if isinstance(other, RecordedDay) or not isinstance(other, dt.date) or isinstance(other, dt.datetime):
            return None
        return other.toordinal() - self.shift

    def _compare(self, other, below: bool, equal: bool):
        """``self < other`` (``below``, ``equal``: ``<=``), ``self > other`` (not ``below``)..."""
        if type(other) is dt.date:  # the common case, first: a plain date
            bound = other.toordinal() - self.shift
        elif isinstance(other, RecordedDay) and other.span is self.span:  # both move with today
            mine, theirs = self.shift, other.shift
            return (mine < theirs or (equal and mine == theirs)) if below else (
                mine > theirs or (equal and mine == theirs))
        else:
            bound = self._bound(other)
            if bound is None:
                if not isinstance(other, dt.date):
                    return NotImplemented
                return _compare_plain(self._plain(), other._plain() if isinstance(other, RecordedDay) else other,
                                      below, equal)
        day = self.today
        if below:  # today < bound (or <=)
            limit = bound if equal else bound - 1
            if day <= limit:
                self.span.before(limit)
                return True
            self.span.after(limit + 1)
            return False
        limit = bound if equal else bound + 1  # today > bound (or >=)
        if day >= limit:
            self.span.after(limit)
            return True
        self.span.before(limit - 1)
        return False

    def __lt__(self, other):
        return self._compare(other, below=True, equal=False)

    def __le__(self, other):
        return self._compare(other, below=True, equal=True)

    def __gt__(self, other):
        return self._compare(other, below=False, equal=False)

    def __ge__(self, other):
        return self._compare(other, below=False, equal=True)

    def __eq__(self, other):
        if isinstance(other, RecordedDay) and other.span is self.span:
            return self.shift == other.shift
        bound = self._bound(other)
        if bound is None:
            return NotImplemented if not isinstance(other, dt.date) else self._plain() == other
        if bound == self.today:
            self.span.pin(bound)
            return True
        if bound > self.today:
            self.span.before(bound - 1)
        else:
            self.span.after(bound + 1)
        return False

    def __ne__(self, other):
        same = self.__eq__(other)
        return same if same is NotImplemented else not same

    def __add__(self, other):
        if isinstance(other, dt.timedelta):
            return RecordedDay(dt.date.fromordinal(self.today), self.span, self.shift + other.days)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, dt.timedelta):
            return RecordedDay(dt.date.fromordinal(self.today), self.span, self.shift - other.days)
        if isinstance(other, dt.date):
            return self._plain() - (other._plain() if isinstance(other, RecordedDay) else other)
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, dt.date):
            return other - self._plain()
        return NotImplemented

    # Any other use of the value pins the span to today.
    def __hash__(self):
        return hash(self._plain())

    def __reduce__(self):
        return self._plain().__reduce__()

    def __reduce_ex__(self, protocol):
        return self._plain().__reduce_ex__(protocol)

    def __repr__(self):
        return repr(self._plain())

    def __str__(self):
        return str(self._plain())

    def __format__(self, spec):
        return format(self._plain(), spec)

    def __copy__(self):
        return self._plain()

    def __deepcopy__(self, memo):
        return self._plain()

    @property
    def year(self):
        return self._plain().year

    @property
    def month(self):
        return self._plain().month

    @property
    def day(self):
        return self._plain().day


def _compare_plain(mine: dt.date, other, below: bool, equal: bool):
    if below:
        return mine <= other if equal else mine < other
    return mine >= other if equal else mine > other


def _pinning(name: str):
    def method(self, *args, **kwargs):
        return getattr(self._plain(), name)(*args, **kwargs)
    method.__name__ = name
    return method


for _name in ("isoformat", "strftime", "ctime", "timetuple", "toordinal", "weekday", "isoweekday", "isocalendar",
              "replace"):
    setattr(RecordedDay, _name, _pinning(_name))
