"""Property tests: the reader never crashes, link lines stay in range, resolution ignores order."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit import links
from vaultkit.body import read_body
from vaultkit.config import Config
from vaultkit.links import Resolver
from vaultkit.reader import Note, parse_note, section_roles
from vaultkit.vault import resolve

from conftest import TODAY

CONFIG = Config()
ROLES = section_roles(CONFIG)
FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=60, deadline=None)

# Text rich in the characters markdown, YAML and wikilinks care about, plus anything else.
MARKUP = st.sampled_from(
    ["[[", "]]", "[", "]", "|", "#", "^", "!", "`", "```", "~~~", "    ", "- ", "* ", "1. ", "- [ ] ",
     "- [x] ", "> ", "\n", "\n\n", "---", "...", ":", ": ", "&a ", "*a", "!!", "'", '"', "{", "}", "<", ">",
     "\\", "Ana", "Gave", "## ", "# ", "é", "🎁", "\t", "\r\n", "\x00", "\ufeff", "  \n", "| a | b |\n|---|---|\n"]
)
MARKUP_TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=5)), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), MARKUP_TEXT)


def line_count(text: str) -> int:
    """Lines of normalised text (parse_note turns CRLF and CR into LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


# --- parse_note never raises ----------------------------------------------------------------

@FAST
@given(st.binary(max_size=500))
def test_parse_note_never_raises_on_bytes(data):
    note, problems = parse_note("Meetings/x.md", data, CONFIG)  # a kind, so the body is parsed too
    assert note is None or isinstance(note, Note)
    for problem in problems:
        assert problem.line >= 1


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_parse_note_never_raises_on_front_matter_and_body(front, rest):
    text = f"---\n{front}\n---\n{rest}"
    data = text.encode("utf-8")
    note, problems = parse_note("Meetings/x.md", data, CONFIG)
    lines = line_count(text)
    for problem in problems:
        assert 1 <= problem.line <= lines
    if note is not None:
        assert all(isinstance(key, str) for key in note.meta)
        for link in note.body.links:
            assert 1 <= link.line <= lines


# --- read_body: never raises, link lines within the body ------------------------------------

@FAST
@given(ANY_TEXT.map(lambda t: t.replace("\r", "")), st.integers(min_value=1, max_value=500))
def test_read_body_links_stay_within_body_lines(text, first_line):
    facts = read_body(text, first_line, ROLES)
    last_line = first_line + text.count("\n")
    for link in facts.links:
        assert first_line <= link.line <= last_line
    for item in facts.items:
        assert first_line <= item.line <= last_line
        assert item.depth >= 1
        for link in item.links:
            assert first_line <= link.line <= last_line


@FAST
@given(ANY_TEXT, st.integers(min_value=1, max_value=500))
def test_read_body_never_raises_on_any_text(text, first_line):
    facts = read_body(text, first_line, ROLES)
    for link in facts.links:
        assert link.line >= first_line and link.target


# --- links_in_text --------------------------------------------------------------------------

@FAST
@given(ANY_TEXT, st.integers(min_value=1, max_value=500))
def test_links_in_text_never_raises_and_keeps_lines(text, line):
    found = links.links_in_text(text, line)
    for link in found:
        assert line <= link.line <= line + text.count("\n")
        assert link.target == link.target.strip() and link.target


# --- Resolver: order of claims never matters ------------------------------------------------

NAMES = st.sampled_from(["Ana", "ana", "ANA", "Ana  García", "Ana García", "Bo", "bo", "Cy", "Ángel",
                         "A\u0301ngel", "Team/Ana", "X"])
NOTES = st.sampled_from(["Contacts/Ana.md", "People/Ana.md", "Contacts/Bo.md", "Contacts/Team/Ana.md",
                         "B.md", "Contacts/Cy.md"])
HOWS = st.sampled_from(["path", "stem", "name", "alias"])
CLAIMS = st.lists(st.tuples(NAMES, NOTES, HOWS), max_size=15)


def resolver_of(claims) -> Resolver:
    resolver = Resolver()
    for name, note, how in claims:
        resolver.claim(name, note, how)
    return resolver


@FAST
@given(st.data(), CLAIMS)
def test_resolver_ignores_claim_order(data, claims):
    shuffled = data.draw(st.permutations(claims))
    first, second = resolver_of(claims), resolver_of(shuffled)
    probes = {name for name, _, _ in claims} | {"Ana", "nobody", "ana garcía", "Angel"}
    for name in sorted(probes):
        assert first.resolve(name) == second.resolve(name)
        assert first.candidates(name) == second.candidates(name)
        assert first.suggest(name) == second.suggest(name)
    assert first.ambiguous_names() == second.ambiguous_names()


# --- vault.resolve: order of notes never matters --------------------------------------------

PEOPLE = ["Ana", "Bo", "Cy", "Dee"]
FOLDERS = ["Contacts", "People"]
DAYS = st.dates(min_value=dt.date(2026, 10, 1), max_value=dt.date(2026, 12, 15))


@st.composite
def contact_notes(draw, index: int) -> tuple[str, str]:
    stem = draw(st.sampled_from(PEOPLE))
    folder = draw(st.sampled_from(FOLDERS))
    lines = ["---"]
    if draw(st.booleans()):
        lines.append(f"name: {draw(st.sampled_from(PEOPLE))}")
    aliases = draw(st.lists(st.sampled_from(PEOPLE + ["Boss", "A"]), max_size=2))
    if aliases:
        lines.append("aliases: [" + ", ".join(aliases) + "]")
    if draw(st.booleans()):
        lines.append(f"last_contact: {draw(DAYS).isoformat()}")
    if draw(st.booleans()):
        lines.append("met: 2026-02-30")
    lines.append("---")
    if draw(st.booleans()):
        lines.append(f"- [ ] call back [[{draw(st.sampled_from(PEOPLE))}]]")
    # a unique path per note: a folder per index keeps stems (and so names) free to collide
    return f"{folder}/{index}/{stem}.md", "\n".join(lines) + "\n"


@st.composite
def meeting_notes(draw, index: int) -> tuple[str, str]:
    day = draw(st.one_of(DAYS.map(dt.date.isoformat), st.just("2026-02-30")))
    people = draw(st.lists(st.sampled_from(PEOPLE + ["Zed", "Boss"]), min_size=0, max_size=3))
    outcome = draw(st.sampled_from([None, "replied", "awaiting", "no-reply"]))
    lines = ["---", f"date: {day}"]
    if people:
        lines.append("with: [" + ", ".join(f'"[[{p}]]"' for p in people) + "]")
    if outcome:
        lines.append(f"outcome: {outcome}")
    lines += ["---", "## Gave"]
    for person in draw(st.lists(st.sampled_from(PEOPLE), max_size=2)):
        lines.append(f"- intro for [[{person}]]")
    lines.append("- a general tip")
    lines.append("## Asked")
    if draw(st.booleans()):
        lines.append(f"- a reference #asked [[{draw(st.sampled_from(PEOPLE))}]]")
    if draw(st.booleans()):
        lines.append("- [ ] send notes 📅 2026-11-30")
    return f"Meetings/m{index}.md", "\n".join(lines) + "\n"


@st.composite
def vault_notes(draw) -> list[Note]:
    contacts = draw(st.integers(min_value=1, max_value=5))
    meetings = draw(st.integers(min_value=0, max_value=5))
    files = [draw(contact_notes(i)) for i in range(contacts)]
    files += [draw(meeting_notes(i)) for i in range(meetings)]
    notes = []
    for path, text in files:
        note, _ = parse_note(path, text.encode("utf-8"), CONFIG)
        assert note is not None
        notes.append(note)
    return notes


def summary(notes: list[Note]):
    vault = resolve("/vault", list(notes), CONFIG, TODAY, [])
    return vault.contacts, vault.interactions, vault.exchanges, vault.last_contact, vault.problems, vault.tasks


@SLOW
@given(st.data(), vault_notes())
def test_vault_resolve_ignores_note_order(data, notes):
    shuffled = data.draw(st.permutations(notes))
    assert summary(shuffled) == summary(notes)


def test_generated_vault_is_not_trivial():
    """Guard for the property above: a hand-made vault of the generated shape has real content."""
    texts = {
        "Contacts/0/Ana.md": "---\nlast_contact: 2026-10-05\n---\n",
        "People/1/Bo.md": "---\naliases: [Boss]\n---\n",
        "Meetings/m0.md": '---\ndate: 2026-11-02\nwith: ["[[Ana]]", "[[Boss]]"]\n---\n## Gave\n'
                          "- intro for [[Ana]]\n- a general tip\n## Asked\n- a reference #asked [[Bo]]\n",
    }
    notes = [parse_note(path, text.encode(), CONFIG)[0] for path, text in texts.items()]
    contacts, interactions, exchanges, last_contact, problems, _ = summary(notes)
    assert set(contacts) == {"Contacts/0/Ana.md", "People/1/Bo.md"}
    assert [i.participants for i in interactions] == [("Contacts/0/Ana.md", "People/1/Bo.md")]
    assert [(e.kind, e.contacts) for e in exchanges] == [
        ("give", ("Contacts/0/Ana.md",)),
        ("give", ("Contacts/0/Ana.md", "People/1/Bo.md")),
        ("ask", ("People/1/Bo.md",)),
    ]
    assert last_contact == {"Contacts/0/Ana.md": dt.date(2026, 11, 2), "People/1/Bo.md": dt.date(2026, 11, 2)}
    assert problems == ()
