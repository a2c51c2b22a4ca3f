"""Byte sort keys order exactly as the tuples they encode."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.sortkey import sort_key

DATES = st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30))
FLOATS = st.floats(allow_nan=False)
ROW = st.tuples(st.integers(-10**12, 10**12), FLOATS, DATES, st.text(), st.text(), st.integers(0, 10**6))


@given(ROW, ROW)
def test_keys_order_as_tuples(first, second):
    assert (sort_key(first) < sort_key(second)) == (first < second)
    assert (sort_key(first) == sort_key(second)) == (first == second)


def test_strings_with_nul_and_prefixes():
    words = ["", "\x00", "\x00a", "a", "a\x00", "a\x00b", "ab", "b", "é", "\U0001f600", "\ud800"]
    assert sorted(words, key=lambda w: sort_key((w, 1))) == sorted(words)


def test_zero_signs_and_extremes():
    assert sort_key((-0.0,)) == sort_key((0.0,))
    values = [float("-inf"), -1e308, -1.0, -5e-324, 0.0, 5e-324, 1.0, float("inf")]
    assert sorted(values, key=lambda v: sort_key((v,))) == values


@pytest.mark.parametrize("value", [True, None, dt.datetime(2026, 1, 1), b"x"])
def test_other_values_are_refused(value):
    with pytest.raises(TypeError):
        sort_key((value,))
