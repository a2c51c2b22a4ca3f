"""``render.text`` skips work for text that needs no escaping; the shortcut must never change a result."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.render import TAG_START, text


def slow_text(value: str) -> str:
    """The escaping rules applied in full, without the shortcut."""
    out = " ".join(value.split())
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace("%%", "%&#37;").replace("$", "\\$")
    return TAG_START.sub("\\\\#", out)


@given(st.text(alphabet=st.sampled_from(list("ab #&<>%$\t\n\r\u00a0\u2028\u3000é ")), max_size=30))
def test_the_shortcut_never_changes_the_result(value):
    assert text(value) == slow_text(value)


@given(st.text(max_size=40))
def test_any_text_gives_the_full_escaping(value):
    assert text(value) == slow_text(value)
