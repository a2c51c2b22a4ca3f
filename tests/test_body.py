"""read_body: wikilinks with their file lines, list items with sections, depth, tags and tasks."""

from __future__ import annotations

import textwrap
import unicodedata

import pytest

from vaultkit.body import read_body
from vaultkit.config import Config, parse_config
from vaultkit.reader import section_roles

ROLES = section_roles(Config())


def body(text: str, first_line: int = 1, roles: dict[str, str] = ROLES):
    return read_body(textwrap.dedent(text).lstrip("\n"), first_line, roles)


def links(text: str, first_line: int = 1) -> list[tuple[str, int]]:
    return [(link.target, link.line) for link in body(text, first_line).links]


def items(text: str, roles: dict[str, str] = ROLES):
    return body(text, roles=roles).items


# --- wikilinks and their lines --------------------------------------------------------------

def test_link_lines_are_offset_by_first_line():
    assert links("intro\n\nsee [[Ana]]\n", first_line=5) == [("Ana", 7)]


def test_links_on_later_lines_of_a_paragraph():
    text = """
        first line [[A]]
        second line [[B]]
        third line [[C]] and [[D]]
        """
    assert links(text, first_line=10) == [("A", 10), ("B", 11), ("C", 12), ("D", 12)]


def test_links_after_hard_breaks():
    assert links("a [[A]]  \nb [[B]]\\\nc [[C]]\n") == [("A", 1), ("B", 2), ("C", 3)]


def test_links_in_table_cells():
    text = """
        | who | note |
        |-----|------|
        | [[Ana]] | x |
        | y | [[Bo]] |
        """
    assert links(text, first_line=3) == [("Ana", 5), ("Bo", 6)]


def test_links_in_multi_line_list_item_and_blockquote():
    text = """
        - item one
          continues [[A]]
        > quote
        > more [[B]]
        """
    assert links(text) == [("A", 2), ("B", 4)]


@pytest.mark.parametrize(
    "text",
    [
        "text `code\nspan` then [[Ana]]\n",
        "text <span\nclass=\"x\"> then [[Ana]]\n",
    ],
    ids=["code-span", "inline-html"],
)
def test_link_after_a_construct_spanning_two_lines_is_on_line_two(text):
    assert links(text) == [("Ana", 2)]


def test_alias_link_keeps_target_and_shown_text():
    [link] = body("[[Ana García|Ana]]\n").links
    assert (link.target, link.shown, link.line) == ("Ana García", "Ana", 1)


@pytest.mark.parametrize(
    "written, target",
    [
        ("[[Ana#Work]]", "Ana"),
        ("[[Ana#^block-1]]", "Ana"),
        ("[[People/Ana]]", "People/Ana"),
        ("[[Ana.md]]", "Ana"),
        ("![[Ana]]", "Ana"),
        ("![[Balance/Ana García]]", "Balance/Ana García"),
        ("[[Ana#Work|shown]]", "Ana"),
    ],
)
def test_link_forms_reduce_to_their_target(written, target):
    assert links(f"see {written} here\n") == [(target, 1)]


def test_link_to_own_heading_has_no_target():
    assert links("see [[#Heading]]\n") == []


def test_links_in_fenced_code_never_count():
    text = """
        before [[A]]
        ```
        [[Fenced]]
        ```
        ~~~python
        x = "[[Tilde]]"
        ~~~
        after [[B]]
        """
    assert links(text) == [("A", 1), ("B", 8)]


def test_links_in_indented_code_never_count():
    text = "para [[A]]\n\n    [[Indented]]\n\nafter [[B]]\n"
    assert links(text) == [("A", 1), ("B", 5)]


def test_links_in_inline_code_never_count():
    assert links("`[[One]]` and ``[[Two]]`` but [[Three]]\n") == [("Three", 1)]


def test_fenced_code_in_list_item_gives_no_item_links():
    text = """
        - ```
          [[Hidden]]
          ```
        - real [[Ana]]
        """
    found = body(text)
    assert [(link.target, link.line) for link in found.links] == [("Ana", 4)]
    assert [(item.line, item.text) for item in found.items] == [(4, "real [[Ana]]")]


# --- sections -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "heading, role",
    [
        ("## Gave", "gave"),
        ("## Given", "gave"),
        ("## Give", "gave"),
        ("## Di", "gave"),
        ("## Aporté", "gave"),
        ("## Ofrecí", "gave"),
        ("## Asked", "asked"),
        ("## Ask", "asked"),
        ("## Pedí", "asked"),
        ("## Pido", "asked"),
        ("## Log", "log"),
        ("## Registro", "log"),
        ("## GAVE", "gave"),
        ("## Gave 🎁:", "gave"),
        ("### **Asked**", "asked"),
        ("# Notes", None),
    ],
)
def test_section_roles_from_headings(heading, role):
    [item] = items(f"{heading}\n- something\n")
    assert item.section == role


def test_decomposed_accent_heading_is_recognized():
    heading = unicodedata.normalize("NFD", "## Aporté")
    assert heading != "## Aporté"
    [item] = items(f"{heading}\n- intro\n")
    assert item.section == "gave"


def test_setext_heading_sets_section():
    # no link, tag or task in the body: the ask under the heading must still be read
    [item] = items("Asked\n-----\n\n- a reference\n")
    assert (item.line, item.text, item.section) == (4, "a reference", "asked")


def test_setext_heading_with_link_sets_section():
    [item] = items("Gave\n====\n\n- intro to [[Luis]]\n")
    assert (item.line, item.section) == (4, "gave")


def test_configured_heading_adds_to_defaults():
    config, problems = parse_config('[headings]\ngave = ["Ayudé", "Helped"]\n')
    assert problems == []
    roles = section_roles(config)
    found = items("## Helped\n- one\n## Ayudé\n- two\n## Gave\n- three\n## Other\n- four\n", roles=roles)
    assert [(item.text, item.section) for item in found] == [
        ("one", "gave"), ("two", "gave"), ("three", "gave"), ("four", None)
    ]


def test_configured_heading_unknown_without_config():
    [item] = items("## Helped\n- one\n")
    assert item.section is None


def test_section_ends_at_same_level_heading():
    text = """
        ## Gave
        - intro
        ## Notes
        - chat
        """
    assert [(item.text, item.section) for item in items(text)] == [("intro", "gave"), ("chat", None)]


def test_section_ends_at_higher_level_heading():
    text = """
        ## Asked
        - a
        # Next
        - b
        """
    assert [(item.text, item.section) for item in items(text)] == [("a", "asked"), ("b", None)]


def test_sub_heading_keeps_the_section():
    text = """
        ## Gave
        - intro
        ### Details
        - deck
        #### More
        - notes
        ## Asked
        - job lead
        """
    assert [(item.text, item.section) for item in items(text)] == [
        ("intro", "gave"), ("deck", "gave"), ("notes", "gave"), ("job lead", "asked")
    ]


def test_items_before_any_heading_have_no_section():
    [item] = items("- loose [[Ana]]\n")
    assert item.section is None


# --- items: lines, depth, own text ----------------------------------------------------------

def test_item_lines_and_depth():
    text = """
        ## Gave
        - top
          - second
            - third
        - top again
        """
    found = body(text, first_line=5).items
    assert [(item.line, item.text, item.depth) for item in found] == [
        (6, "top", 1), (7, "second", 2), (8, "third", 3), (9, "top again", 1)
    ]


def test_ordered_list_items_count():
    found = items("## Asked\n1. one\n2. two\n   - sub\n")
    assert [(item.line, item.text, item.depth) for item in found] == [(2, "one", 1), (3, "two", 1), (4, "sub", 2)]


def test_item_keeps_only_its_own_links_and_tags():
    text = """
        - parent [[Ana]]
          - child [[Bo]] #gave
        """
    parent, child = items(text)
    assert [link.target for link in parent.links] == ["Ana"]
    assert parent.tags == frozenset()
    assert [link.target for link in child.links] == ["Bo"]
    assert child.tags == frozenset({"gave"})


def test_multi_line_item_text_and_links():
    [item] = items("- first line\n  second [[Ana]]\n")
    assert item.line == 1
    assert item.text == "first line\nsecond [[Ana]]"
    assert [(link.target, link.line) for link in item.links] == [("Ana", 2)]


# --- tags -----------------------------------------------------------------------------------

def test_tags_are_read_case_folded():
    [item] = items("- intro to [[Luis]] #Gave and #met\n")
    assert item.tags == frozenset({"gave", "met"})


def test_gavel_is_not_gave():
    [item] = items("- bought a #gavel\n")
    assert item.tags == frozenset({"gavel"})


def test_tags_in_code_spans_do_not_count():
    [item] = items("- literal `#gave` text #asked\n")
    assert item.tags == frozenset({"asked"})


def test_heading_text_is_not_a_tag():
    [item] = items("# Gave\n- plain item\n")
    assert item.tags == frozenset()
    assert item.section == "gave"


def test_hash_with_space_is_not_a_tag():
    [item] = items("- call # gave later\n")
    assert item.tags == frozenset()


def test_hash_inside_words_urls_and_links_is_not_a_tag():
    [item] = items("- C#gave https://x.org/#gave [[Note#gave]] #ask.\n")
    assert item.tags == frozenset({"ask"})


def test_tags_in_fenced_code_do_not_count():
    found = body("- item\n\n  ```\n  #gave\n  ```\n").items
    assert [(item.text, item.tags) for item in found] == [("item", frozenset())]


# --- tasks ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "mark, is_open",
    [(" ", True), ("/", True), ("x", False), ("X", False), ("-", False), (">", False)],
)
def test_task_marks(mark, is_open):
    [item] = items(f"- [{mark}] send the deck [[Ana]]\n")
    assert item.task == mark
    assert item.open_task is is_open
    assert item.text == "send the deck [[Ana]]"


def test_plain_item_is_not_a_task():
    [item] = items("- [[Ana]] met #met\n")
    assert item.task is None
    assert item.open_task is False
    assert item.text == "[[Ana]] met #met"


def test_task_under_gave_heading_keeps_section_and_due_text():
    [item] = items("## Gave\n- [ ] send intro 📅 2026-11-30\n")
    assert (item.section, item.task, item.text) == ("gave", " ", "send intro 📅 2026-11-30")
