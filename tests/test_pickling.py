"""Frozen, slotted records pickle as (class, field values) and come back equal."""

import pickle
from dataclasses import dataclass, field

import pytest

from vaultkit.cache import Derived, ParsedFile
from vaultkit.config import Config
from vaultkit.pickling import by_fields
from vaultkit.reader import parse_note

NOTE = b"""---
type: meeting
date: 2026-11-02
with: ["[[Ana]]"]
---
## Gave
- Sent the deck [[Ana]] #gave
- [ ] Call back [[Ana]]
"""


def test_a_parse_and_what_was_derived_from_it_round_trip_equal_and_share_the_note():
    note, problems = parse_note("Meetings/m.md", NOTE, Config())
    parsed = ParsedFile((1, 2), b"d" * 16, note, tuple(problems))
    derived = Derived(note, (("contact", "Ana", "Contacts/Ana.md"),), "result", ())
    again_parsed, again_derived = pickle.loads(pickle.dumps((parsed, derived), protocol=pickle.HIGHEST_PROTOCOL))
    assert again_parsed == parsed and again_derived == derived
    assert again_derived.note is again_parsed.note  # derived records are reused by the note's identity
    assert again_parsed.note.body.items[0].links[0].target == "Ana"


def test_a_record_pickles_as_its_class_and_values():
    note, _ = parse_note("n.md", b"plain\n", Config())
    constructor, values = note.__reduce__()
    assert constructor is type(note) and values[0] == "n.md"


def test_a_class_with_fields_outside_init_is_refused():
    with pytest.raises(TypeError, match="outside __init__"):
        @by_fields
        @dataclass(frozen=True, slots=True)
        class Odd:
            a: int
            b: int = field(default=0, init=False)
