"""``RecordedDay``: every answer it gives holds on every day of the span it records."""

from __future__ import annotations

import datetime as dt
import operator
import pickle

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.incremental.days import RecordedDay, Span

TODAY = dt.date(2026, 11, 22)
OPS = [operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne]


def recorded(today: dt.date = TODAY) -> tuple[RecordedDay, Span]:
    span = Span()
    return RecordedDay(today, span), span


@given(st.sampled_from(OPS), st.integers(-60, 60), st.integers(-60, 60), st.booleans(), st.integers(-90, 90))
def test_a_comparison_gives_the_same_answer_on_every_day_of_its_span(op, other, shift, today_left, later):
    """Compared either way round, shifted by a timedelta or not: any day the span holds gives
    the answer today gave, and the span always holds today."""
    day, span = recorded()
    moved = day + dt.timedelta(days=shift) if shift >= 0 else day - dt.timedelta(days=-shift)
    date = TODAY + dt.timedelta(days=other)
    answer = op(moved, date) if today_left else op(date, moved)
    assert span.holds(TODAY)
    elsewhere = TODAY + dt.timedelta(days=later)
    plain = elsewhere + dt.timedelta(days=shift)
    if span.holds(elsewhere):
        assert (op(plain, date) if today_left else op(date, plain)) == answer


def test_a_comparison_narrows_the_span_to_the_days_that_agree():
    day, span = recorded()
    assert dt.date(2026, 11, 20) <= day
    assert day + dt.timedelta(days=30) < dt.date(2027, 1, 1)
    assert (span.first, span.last) == (dt.date(2026, 11, 20).toordinal(), dt.date(2026, 12, 1).toordinal())


def test_comparing_two_shifts_of_today_does_not_narrow():
    day, span = recorded()
    assert day < day + dt.timedelta(days=1)
    assert day - dt.timedelta(days=1) != day
    assert (span.holds(dt.date.min), span.holds(dt.date.max)) == (True, True)


def test_any_other_use_pins_the_span_to_today():
    for use in (lambda d: (d - dt.date(2026, 11, 1)).days, lambda d: (dt.date(2026, 12, 1) - d).days,
                lambda d: d.isoformat(), lambda d: f"{d:%d %B}", lambda d: str(d), lambda d: hash(d),
                lambda d: d.year, lambda d: d.toordinal(), lambda d: d.weekday(), lambda d: d.strftime("%Y")):
        day, span = recorded()
        use(day)
        assert (span.first, span.last) == (TODAY.toordinal(), TODAY.toordinal()), use


def test_a_recorded_day_is_stored_as_a_plain_date():
    day, span = recorded()
    back = pickle.loads(pickle.dumps((day + dt.timedelta(days=3), 1)))
    assert back == (dt.date(2026, 11, 25), 1) and type(back[0]) is dt.date
    assert span.holds(TODAY) and not span.holds(TODAY + dt.timedelta(days=1))


def test_comparing_with_something_else_than_a_date_records_nothing():
    day, span = recorded()
    assert day != None  # noqa: E711
    assert (span.holds(dt.date.min), span.holds(dt.date.max)) == (True, True)
