"""The body parser skips bodies with no wikilink and no list item, and markdown-it's inline
parse for text that holds no ``[[`` and no ``#``; the facts read must be exactly those of a
full parse of every body."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import vaultkit.body as body
from vaultkit.config import DEFAULT_HEADINGS

SECTIONS = {body.heading_key(name): role for role, names in DEFAULT_HEADINGS.items() for name in names}


def full_parser() -> MarkdownIt:
    """The same parser with markdown-it's own inline rule (every inline token parsed)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wikilink", body._wikilink_rule)
    md.disable(["link", "image", "autolink", "entity"])
    return md


PIECES = st.sampled_from([
    "\n", "\n\n", "- ", "* ", "1. ", "  - ", "> ", "## Gave\n", "## Asked\n", "# Notes\n", "[[Ana]]", "[[Ana|A]]",
    "![[Luis]]", "#gave", "#met", " #asked", "\\#x", "`[[code]]`", "``#no``", "[ ] ", "[x] ", "text", " and ",
    "[weight:: 2]", "📅 2026-11-30", "| a | [[B]] |\n|---|---|\n", "```\n[[fenced]]\n```\n", "&#35;x", "<b>#x</b>",
    "[", "]", "#", "[[", "]]", "\\[[Esc]]", "Title\n---\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join), st.integers(min_value=1, max_value=50))
def test_the_shortcuts_read_the_same_facts_as_a_full_parse(text, first_line):
    gated = body.read_body(text, first_line, SECTIONS)
    original = body.parser, body.may_hold_facts  # swap in the full parser, on every body
    body.parser, body.may_hold_facts = full_parser, lambda _text: True
    try:
        full = body.read_body(text, first_line, SECTIONS)
    finally:
        body.parser, body.may_hold_facts = original
    assert gated == full
