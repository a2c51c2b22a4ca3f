"""The plain readers (``plainyaml``, ``plainbody``) are shortcuts: whatever they accept they
must read exactly as PyYAML and markdown-it-py would, and they must accept the shapes most
notes have (else the shortcut silently stops paying)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import vaultkit.body as body
from vaultkit.config import DEFAULT_HEADINGS
from vaultkit.plainbody import read_plain_body
from vaultkit.plainyaml import read_plain_front_matter
from vaultkit.reader import shown_key, yaml_loader

from test_body_inline_gate import full_parser

SECTIONS = {body.heading_key(name): role for role, names in DEFAULT_HEADINGS.items() for name in names}


def typed(value):
    """``value`` with every type spelled out: True is not 1, "1" is not 1."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, value


def pyyaml(text: str):
    try:
        _yaml, handler, loader = yaml_loader()
        loaded = handler.load(text, Loader=loader)
    except Exception as exc:  # the plain reader must never accept what PyYAML refuses
        return f"PyYAML refused it: {exc}"
    if loaded is None:
        return {}  # as ``reader.load_yaml`` takes it
    return {shown_key(key): value for key, value in loaded.items()} if isinstance(loaded, dict) else loaded


def full_body(text: str, first_line: int):
    original = body.parser, body.may_hold_facts
    body.parser, body.may_hold_facts = full_parser, lambda _text: True
    try:
        return body.read_body(text, first_line, SECTIONS)
    finally:
        body.parser, body.may_hold_facts = original


# -- front matter ---------------------------------------------------------------------------------

PLAIN_KEYS = st.sampled_from(["type", "with", "goals", "last_review", "último", "_x", "follow-up"])
KEYS = st.one_of(PLAIN_KEYS, PLAIN_KEYS, PLAIN_KEYS,
                 st.sampled_from(["on", "Yes", "null", "a b", "1st", "key ", " key", "k\u00a0", "a:b"]))
PLAIN_SCALARS = st.sampled_from([
    "contact", "Ana Müller", "yes", "Yes", "YES", "no", "On", "off", "OFF", "true", "False", "null", "Null", "NULL",
    "0", "7", "12", "2w", "3m", "12mo", "2026-11-22", "2026-1-5", "a#b", "C#", "http://x.org/a?b=c", "O'Brien",
    '"quoted"', "'single'", "'a, b'", '"a, b"', "[a, b]", "[]", "[ ]", '["[[Ana]]", "[[Luis Pérez]]"]',
    "[yes, 2w, 3]", "a, b", "x  ", "[a,b]", "['a', \"b\"]", "a ? b", "yEs",
])
TRICKY_SCALARS = st.sampled_from([
    "~", "007", "-3", "+4", "1_000", "0x1F", "0b11", "0o7", "1e5", "1.5", ".5", ".inf", "1:30", "2026-11-22T10:00:00",
    "2026-11-22 10:00:00", "a: b", "a #b", "ends:", '"a \\" b"', '"tab\there"', "'it''s'", "[a, ]", "[a: b]",
    "[[a]]", "[a, [b]]", "{a: 1}", "&x a", "*x", "!!str 1", "|", "> x", "- a", "@x", "`x`", "%x", "a\tb",
    "\u00a0x", "[a #b]", "=", "<<", "?x", "📅 2026-11-30",
])
SCALARS = st.one_of(PLAIN_SCALARS, PLAIN_SCALARS, PLAIN_SCALARS, TRICKY_SCALARS)
INDENTS = st.sampled_from(["", "  ", "    ", " "])


@st.composite
def front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(KEYS)
        shape = draw(st.sampled_from(["value"] * 10 + ["empty", "list", "list", "list", "blank", "comment", "stray"]))
        if shape == "value":
            lines.append(f"{key}: {draw(SCALARS)}")
        elif shape == "empty":
            lines.append(f"{key}:" + draw(st.sampled_from(["", " ", "  "])))
        elif shape == "list":
            lines.append(f"{key}:")
            indent = draw(INDENTS)
            for _ in range(draw(st.integers(0, 3))):
                item = draw(st.one_of(SCALARS, st.just("")))
                shift = draw(INDENTS) if draw(st.integers(0, 9)) == 0 else indent
                lines.append(f"{shift}-{' ' + item if item else ''}")
        elif shape == "comment":
            lines.append(f"# {draw(SCALARS)}")
        elif shape == "blank":
            lines.append("")
        else:
            lines.append(f"{draw(INDENTS)}{draw(SCALARS)}")
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(front_matter())
def test_plain_front_matter_is_what_pyyaml_loads_or_none(text):
    plain = read_plain_front_matter(text)
    if plain is not None:
        assert typed(plain) == typed(pyyaml(text))


@st.composite
def plain_front_matter(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        key = draw(PLAIN_KEYS)
        if draw(st.integers(0, 3)):
            lines.append(f"{key}: {draw(PLAIN_SCALARS)}")
        else:
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["", "  "]))
            lines += [f"{indent}- {draw(PLAIN_SCALARS)}" for _ in range(draw(st.integers(0, 3)))]
    return "\n".join(lines)


@settings(max_examples=1000, deadline=None)
@given(plain_front_matter())
def test_plain_shapes_of_front_matter_are_read_without_pyyaml(text):
    plain = read_plain_front_matter(text)
    assert plain is not None
    assert typed(plain) == typed(pyyaml(text))


@pytest.mark.parametrize("text, expected", [
    ("type: contact\nmet: 2025-11-02\ncadence: 2w\ntarget: 40\ninterests: [mentoring, trail running]",
     {"type": "contact", "met": "2025-11-02", "cadence": "2w", "target": 40, "interests": ["mentoring", "trail running"]}),
    ('with: ["[[Omar Carter]]", "[[Ana Müller]]"]\noutcome: awaiting\npublish: false\nnext:',
     {"with": ["[[Omar Carter]]", "[[Ana Müller]]"], "outcome": "awaiting", "publish": False, "next": None}),
    ('tags:\n  - people\n  - "[[Ana]]"\naliases:\n- Ana M\ncategories: []',  # what Obsidian's property editor writes
     {"tags": ["people", "[[Ana]]"], "aliases": ["Ana M"], "categories": []}),
])
def test_the_usual_shapes_are_read_without_pyyaml(text, expected):
    assert typed(read_plain_front_matter(text)) == typed(expected) == typed(pyyaml(text))


@pytest.mark.parametrize("text", ["a: 1.5", "a: 0123", "a:\n  b: 1", "a: |\n  text", "a: x # note", "yes: 1",
                                  "a: &anchor x", "a: !!int 3", "a: [x,", "a: 'it''s'", "a:\n- b\n  c"])
def test_anything_else_goes_to_pyyaml(text):
    assert read_plain_front_matter(text) is None


# -- bodies ---------------------------------------------------------------------------------------

LINE_STARTS = st.sampled_from([
    "", "- ", "* ", "+ ", "-  ", "-\t", "1. ", "2) ", "  - ", "    ", "\t", "> ", "# ", "## ", "####### ", "#", "|",
    "---", "***", "___", "===", "<div>", "[x]: ", "[ ] ", "[[", "![[", "```", "~~~", "````", " ```", "\u00a0",
    "*", "**", "_", "__", "* * *", "*\t", "!", "![", "_ _ _",
])
TEXTS = st.sampled_from([
    "text", "Gave", "Asked", "Log", "Notes", "[[Ana]]", "[[Ana|A]]", "[[Ana#Work]]", "![[Luis]]", "#gave", "#met",
    " #asked", "[ ] task [[Ana]]", "[x] done", "[-] dropped", "\\#x", "`[[code]]`", "*#em*", "_x_", "~~[[Del]]~~",
    "<b>#x</b>", "&#35;x", "[link](url)", "| a | [[B]] |", "2026-11-12: 0 entry", "📅 2026-11-30", "a\u00a0", "ends #",
    "[[a\nb]]", "x [[", "]] y", "Title", "Gave ##", "[[x]]: y", "C# and #tag-x", "#", "text  ", "a | b",
    "**#tag**", "*a* #b", "_x_", "**", "*", "__", "`", "``", "<a href='[[x]]'>", "<!-- [[y]] -->", "!", "![x](y)",
])


PLAIN_LINES = st.sampled_from([
    "", "## Gave", "## Asked", "# Notes", "### Log", "- Intro to [[Marcus Núñez]] for their hiring", "* Feedback #cv",
    "+ [ ] Send the follow-up to [[Omar]] 📅 2025-02-27", "- [x] done [[Ana|A]]", "We talked about [[Luis]].",
    "A second line of it", "- 2026-11-12: 0 entry", "```", "- [ ] not a task [[Omar]] inside a fence?", "~~~~",
    "[[Ana]] said hi #met", "- #gave a book", "Spoke with [[Hannah]] #gave", "![image](x.png) of [[Ana]]", "!important",
])


@st.composite
def bodies(draw) -> str:
    """Mostly plain lines, with a few made of any line start and any text: each odd one is
    met inside plain Markdown, where it changes the most."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 9)) < 7:
            lines.append(draw(PLAIN_LINES))
        else:
            lines.append(draw(LINE_STARTS) + "".join(draw(st.lists(TEXTS, max_size=3))))
    return "\n".join(lines)


@settings(max_examples=2000, deadline=None)
@given(bodies(), st.integers(min_value=1, max_value=40))
@example("+ ****\nWe talked about [[Luis]].", 1)  # an item holding a rule: the next line is no continuation
def test_a_plain_body_reads_as_markdown_it_reads_it_or_not_at_all(text, first_line):
    plain = read_plain_body(text, first_line, SECTIONS)
    if plain is not None:
        assert plain == full_body(text, first_line)




@settings(max_examples=500, deadline=None)
@given(st.lists(PLAIN_LINES, max_size=20).map("\n".join), st.integers(min_value=1, max_value=40))
def test_bodies_of_headings_paragraphs_lists_and_fences_take_the_plain_path(text, first_line):
    plain = read_plain_body(text, first_line, SECTIONS)
    assert plain is not None
    assert plain == full_body(text, first_line)


def test_emphasis_code_and_html_take_the_plain_path_where_no_fact_is_near_them():
    """Marks that cut text only matter where a tag or a link can be cut: elsewhere the plain
    reader keeps going; beside a tag or a link, markdown-it decides."""
    text = ("**Attendees**\n- **Ana** and _Luis_ met [[Ana]]\n\nUse `code` and <br> here.\n\n"
            "## Gave\n- a book on ~~chess~~ go [[Luis]]\n")
    plain = read_plain_body(text, 5, SECTIONS)
    assert plain is not None and plain == full_body(text, 5)
    assert [(item.text, item.section) for item in plain.items] == [
        ("**Ana** and _Luis_ met [[Ana]]", None), ("a book on ~~chess~~ go [[Luis]]", "gave")]
    for beside_a_fact in ("- **#gave** a book\n", "See `[[Ana]]`.\n", "<a href='[[x]]'>x</a>\n"):
        assert read_plain_body(beside_a_fact, 1, SECTIONS) is None


def test_the_benchmark_vault_takes_the_plain_paths(tmp_path):
    """The synthetic vault's notes (the shapes of the benchmark) all go the plain way, and
    read the same as through PyYAML and markdown-it-py."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    generate(tmp_path, 600, seed=7)
    notes = sorted(tmp_path.rglob("*.md"))
    plain_yaml = plain_body = 0
    for path in notes:
        text = path.read_text(encoding="utf-8")
        body_text, first_line = text, 1
        if text.startswith("---\n"):
            end = text.index("\n---\n", 3)
            fm = text[4:end]
            plain = read_plain_front_matter(fm)
            assert plain is None or typed(plain) == typed(pyyaml(fm)), path
            plain_yaml += plain is not None
            body_text, first_line = text[end + 5:], fm.count("\n") + 4
        facts = read_plain_body(body_text, first_line, SECTIONS)
        assert facts is None or facts == full_body(body_text, first_line), path
        plain_body += facts is not None
    assert plain_yaml == sum(1 for p in notes if p.read_text(encoding="utf-8").startswith("---\n"))
    assert plain_body == len(notes)


def test_an_item_that_is_only_a_heading_mark_goes_to_markdown_it():
    """``- #`` is an empty heading inside the item: the next line is not its continuation."""
    assert read_plain_body("- #\n[[Ana]] said hi #met", 1, SECTIONS) is None


def test_a_rule_that_looks_like_an_item_goes_to_markdown_it():
    for text in ("* **", "- - -", "+ ++"):
        facts = read_plain_body(text, 1, SECTIONS)
        assert facts is None or facts == body.read_body(text, 1, SECTIONS)
    assert read_plain_body("* **", 1, SECTIONS) is None
