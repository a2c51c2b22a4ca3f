"""The terminal views' line wrapping: its shortcut for short lines gives what textwrap gives."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.views import INDENT, WIDTH, _wrap


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab -·é\t\r\n\x0b\x0c")), max_size=100))
def test_wrap_equals_textwrap(line):
    assert _wrap(line) == textwrap.fill(line, WIDTH, subsequent_indent=INDENT, break_on_hyphens=False)
