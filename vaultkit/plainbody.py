"""The facts of a body written in plain Markdown, read line by line without markdown-it-py.

Most notes are headings, paragraphs, one-level ``-`` lists and fenced code. For such a body
this reader gives exactly the facts ``body.read_body`` reads from markdown-it-py's tokens
(a property test compares the two on every shape below and on random text), in a fraction
of the time. Anything else (indentation, nested lists, quotes, tables, HTML blocks, setext
headings, numbered lists; emphasis in text with a tag; code spans, escapes or inline HTML
in text with a link or a tag) makes it answer ``None``, and the note goes through the full
parser.
"""

from __future__ import annotations

import re

from vaultkit.body import TAG_RE, TASK_RE, WIKILINK_AT, BodyFacts, Item, heading_key
from vaultkit.links import Link, split_target

# Characters that start a block construct, or may, at the beginning of a line.
_BLOCK_STARTS = frozenset("#>-*+_=<|`~:[ \t\\")
# Characters with an inline meaning this reader does not follow (code spans, escapes, inline
# HTML): their text goes to the full parser. Emphasis and strikethrough marks matter only
# where there is a tag: they never stop a wikilink, but they cut the text a tag is read from.
_INLINE_SPECIAL = re.compile(r"[`\\<]")
_EMPHASIS = re.compile(r"[*_~]")
_THEMATIC_BREAK = re.compile(r"(?:[*_-][ \t]*){3,}$")
_HEADING = re.compile(r"(#{1,6})(?:[ \t]+(.*))?$")
_HEADING_START = re.compile(r"#{1,6}(?:[ \t\n]|$)")  # \n: an item's first line alone, "- #"
_ITEM = re.compile(r"([-*+]) (?=\S)(.*)$")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
_ORDERED = re.compile(r"\d{1,9}[.)](?:[ \t]|$)")


def read_plain_body(body: str, first_line: int, sections: dict[str, str]) -> BodyFacts | None:
    """The facts of ``body`` (first line is file line ``first_line``), or ``None`` when the body
    uses Markdown this reader does not follow."""
    lines = body.split("\n")
    links: list[Link] = []
    items: list[Item] = []
    section: str | None = None
    section_level = 0
    count = len(lines)
    index = 0
    while index < count:
        line = lines[index]
        if not line.strip(" \t"):
            index += 1
            continue
        first = line[0]
        if first == "#" and _HEADING_START.match(line):
            match = _HEADING.match(line)
            if match is None:
                return None
            title = (match.group(2) or "").strip()
            if title.endswith("#") or not _inline_plain(title):
                return None
            level = len(match.group(1))
            role = sections.get(heading_key(title))
            if role is not None:
                section, section_level = role, level
            elif section is not None and level <= section_level:
                section = None
            links.extend(_links(title, first_line + index))
            index += 1
        elif first in "`~":
            match = _FENCE_OPEN.match(line)
            if match is None or (first == "`" and "`" in match.group(2)):
                return None
            index = _after_fence(lines, index, match.group(1))
        elif first in "-*+" and (first != "*" or _ITEM.match(line)):
            match = _ITEM.match(line)
            if match is None or _THEMATIC_BREAK.match(line) or _THEMATIC_BREAK.match(match.group(2)):
                return None  # '* **', '- - -': a rule, not an item; '+ ****': an item holding a rule
            start = index
            text_lines = [match.group(2)]
            index += 1
            while index < count and _is_paragraph_line(lines[index]):
                text_lines.append(lines[index])  # a lazy continuation of the item's paragraph
                index += 1
            text = "\n".join(text_lines).strip()
            if not _item_text_plain(text):
                return None
            own_links = _links(text, first_line + start)
            links.extend(own_links)
            task = TASK_RE.match(text)
            items.append(Item(
                line=first_line + start,
                text=text[task.end():] if task else text,
                links=tuple(own_links),
                tags=frozenset(_tags(text)),
                section=section,
                depth=1,
                task=task.group(1) if task else None,
            ))
        elif _is_paragraph_line(line):
            start = index
            index += 1
            while index < count and _is_paragraph_line(lines[index]):
                index += 1
            text = "\n".join(lines[start:index]).strip()
            if not _inline_plain(text):
                return None
            links.extend(_links(text, first_line + start))
        else:
            return None
    return BodyFacts(tuple(links), tuple(items))


def _is_paragraph_line(line: str) -> bool:
    """A line that can only be (or continue) a paragraph; anything doubtful is not."""
    return bool(line) and _opens_paragraph(line)


def _opens_paragraph(text: str) -> bool:
    """Whether text starting a line (or an item) can only be paragraph text."""
    first = text[0]
    if first == "#":
        return _HEADING_START.match(text) is None  # '#tag' is text, '# Title' a heading
    if first == "[":  # not a link reference definition: a wikilink or a task mark
        return text.startswith("[[") or TASK_RE.match(text) is not None
    if first == "!":  # an embed, an image (left as text) or a word: never a block
        return True
    if first in "*_":  # emphasis opening a line ('**Attendees**'), not a list item or a rule
        return text[1:2] not in ("", " ", "\t") and _THEMATIC_BREAK.match(text) is None
    if first in _BLOCK_STARTS or first.isspace():
        return False
    return not (first.isdigit() and _ORDERED.match(text))


def _item_text_plain(text: str) -> bool:
    """An item's text this reader can take as is: no block opening inside it, plain inline."""
    return _opens_paragraph(text) and _inline_plain(text)


def _inline_plain(text: str) -> bool:
    """Whether the links and tags of ``text`` can be read without markdown-it's inline rules.
    Text with no ``[[`` and no ``#`` holds none, whatever else it holds."""
    if "[[" not in text and "#" not in text:
        return True
    return _INLINE_SPECIAL.search(text) is None and ("#" not in text or _EMPHASIS.search(text) is None)


def _after_fence(lines: list[str], index: int, opening: str) -> int:
    """The index after the fenced block opening at ``index`` (its end, or the end of the body)."""
    closing = re.compile(rf" {{0,3}}{re.escape(opening[0])}{{{len(opening)},}}[ \t]*$")
    for after in range(index + 1, len(lines)):
        if closing.match(lines[after]):
            return after + 1
    return len(lines)


def _links(text: str, first_line: int) -> list[Link]:
    """The wikilinks of inline ``text`` whose first line is file line ``first_line``."""
    if "[[" not in text:
        return []
    found = []
    line, counted = first_line, 0  # the line at offset ``counted``: newlines are counted once
    for match in WIKILINK_AT.finditer(text):
        target, shown = split_target(match.group(1))
        if target:
            line += text.count("\n", counted, match.start())
            counted = match.start()
            found.append(Link(target, line, shown))
    return found


def _tags(text: str) -> set[str]:
    if "#" not in text:
        return set()
    outside_links = WIKILINK_AT.sub(" ", text) if "[[" in text else text
    return {tag.casefold() for tag in TAG_RE.findall(outside_links)}
