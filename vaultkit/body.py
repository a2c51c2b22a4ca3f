"""Facts in a note's body, read from markdown-it-py tokens: links, list items, headings, tags.

Fenced and indented code never count: the wikilink rule runs inside the inline parser, so
code spans and code blocks are left alone, and tags are only read from text tokens.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from typing import TYPE_CHECKING

from vaultkit.links import Link, split_target

if TYPE_CHECKING:  # markdown-it loads with the first body that needs it (``parser``)
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline

WIKILINK_AT = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
TAG_RE = re.compile(r"(?<![\w&#/])#([^\s#\[\]()<>{},.;:!?\"'`|\\]+)")
TASK_RE = re.compile(r"^\[(.)\]\s+")
OPEN_TASK_MARKS = (" ", "/")


@dataclass(frozen=True, slots=True)
class Item:
    """One list item: its own text (not its sub-items'), where it sits, and what it carries."""

    line: int
    text: str
    links: tuple[Link, ...]
    tags: frozenset[str]
    section: str | None  # the role of the heading above it: "gave", "asked", "log" or None
    depth: int  # 1 for a list directly under the heading, 2 for its sub-items, ...
    task: str | None  # the status mark inside [ ], or None when the item is not a task

    @property
    def open_task(self) -> bool:
        return self.task in OPEN_TASK_MARKS


@dataclass(frozen=True, slots=True)
class BodyFacts:
    links: tuple[Link, ...] = ()
    items: tuple[Item, ...] = ()


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    """An inline rule, so code spans (and code blocks) never yield links.

    The token's ``meta["line"]`` is its line within the inline text, read from the source
    position: breaks inside code spans or inline HTML are counted too.
    """
    if not state.src.startswith("[[", state.pos) and not state.src.startswith("![[", state.pos):
        return False
    match = WIKILINK_AT.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = match.group(1)
        token.meta = {"line": _line_in(state, state.pos)}
    state.pos = match.end()
    return True


def _line_in(state: StateInline, pos: int) -> int:
    """0-based line of ``pos`` in the inline source (newline offsets cached on the state)."""
    newlines = getattr(state, "_vaultkit_newlines", None)
    if newlines is None:
        newlines = [i for i, char in enumerate(state.src) if char == "\n"]
        state._vaultkit_newlines = newlines
    return bisect.bisect_left(newlines, pos)


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one markdown parser (building one costs more than parsing a small note).

    Only what can hold a fact stays on: markdown links, images, autolinks and entities are
    left as text (their URL normalisation was most of the parse time).
    """
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.disable(["link", "image", "autolink", "entity"])
    md.core.ruler.at("inline", _inline_where_facts_can_be)
    return md


def _inline_where_facts_can_be(state) -> None:
    """markdown-it's core ``inline`` rule, run only on the inline tokens that can hold a fact.

    The facts read from inline tokens are wikilinks (which start with ``[[``) and tags (which
    start with ``#``); a list item's own text is the raw ``content``. Text holding neither
    gets no children, exactly what parsing it would have contributed.
    """
    for token in state.tokens:
        if token.type == "inline" and ("[[" in token.content or "#" in token.content):
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def heading_key(text: str) -> str:
    """A heading as compared with the configured names: NFC, case-folded, no decoration at the
    ends (anything not a letter or digit). A loop, not a regular expression: stripping a
    run of spaces from the end by regex took time quadratic in its length."""
    text = unicodedata.normalize("NFC", text).casefold()
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


LIST_ITEM_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)  # or more


def may_hold_facts(body: str) -> bool:
    """Cheap test: a body with no wikilink and no list item holds no fact (gives, asks, tasks
    and tags live on list items; headings only name their sections), so it needs no parse."""
    return "[[" in body or LIST_ITEM_RE.search(body) is not None


def read_body(body: str, first_line: int, sections: dict[str, str]) -> BodyFacts:
    """Parse ``body`` (whose first line is file line ``first_line``).

    ``sections`` maps heading keys (see ``heading_key``) to roles ("gave", "asked", "log").
    """
    if not may_hold_facts(body):
        return BodyFacts()
    tokens = parser().parse(body)
    links: list[Link] = []
    items: list[Item] = []
    section: str | None = None
    section_level = 0
    list_depth_at_section = 0
    list_depth = 0
    pending_item_line = None  # set from a list item's start until its first paragraph is read
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            level = int(token.tag[1:])
            title = tokens[index + 1].content if index + 1 < len(tokens) else ""
            role = sections.get(heading_key(title))
            if role is not None:
                section, section_level, list_depth_at_section = role, level, list_depth
            elif section is not None and level <= section_level:
                section = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "list_item_open":
            pending_item_line = token.map[0] if token.map else 0
        elif kind == "inline":
            base = first_line + (token.map[0] if token.map else 0)
            own_links, tags = _read_inline(token, base)
            links.extend(own_links)
            if pending_item_line is not None:
                text = token.content
                task_match = TASK_RE.match(text)
                items.append(
                    Item(
                        line=first_line + pending_item_line,
                        text=text[task_match.end():] if task_match else text,
                        links=tuple(own_links),
                        tags=frozenset(tags),
                        section=section,
                        depth=max(1, list_depth - list_depth_at_section),
                        task=task_match.group(1) if task_match else None,
                    )
                )
                pending_item_line = None
        elif kind in ("fence", "code_block", "html_block", "hr", "table_open", "list_item_close"):
            pending_item_line = None  # an item that opens with one of these has no text of its own
    return BodyFacts(tuple(links), tuple(items))


def _read_inline(token, base_line: int) -> tuple[list[Link], set[str]]:
    """Links (with their lines) and tags of one inline token; code spans are skipped."""
    links: list[Link] = []
    tags: set[str] = set()
    for child in token.children or ():
        if child.type == "wikilink":
            target, shown = split_target(child.content)
            if target:
                links.append(Link(target, base_line + child.meta["line"], shown))
        elif child.type == "text":
            tags.update(t.casefold() for t in TAG_RE.findall(child.content))
    return links, tags
