"""Safe output names: valid on every OS, usable in a wikilink, unique ignoring case."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.names import MAX_BYTES, _made_safe, _safe_already, safe_name, unique_names


@pytest.mark.parametrize("char", list('/\\:*?"<>|[]#^'))
def test_every_forbidden_character_becomes_a_dash(char):
    assert safe_name(f"Ana{char}García") == "Ana-García"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x9f"])
def test_control_characters_become_a_dash(char):
    assert safe_name(f"a{char}b") == "a-b"


def test_whitespace_is_collapsed_to_single_spaces():
    assert safe_name("  Ana \t García\r\n\x85\u00a0Pérez  ") == "Ana García Pérez"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("CON", "CON_"),
        ("con", "con_"),
        ("con.txt", "con_.txt"),
        ("Nul.tar.gz", "Nul_.tar.gz"),
        ("con .txt", "con_ .txt"),
        ("LPT9", "LPT9_"),
        ("com1", "com1_"),
        ("AUX.", "AUX_"),
        ("Console", "Console"),
        ("CON x", "CON x"),
        ("LPT10", "LPT10"),
    ],
)
def test_windows_reserved_names_get_an_underscore(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize(("name", "expected"), [("..", "untitled"), (".", "untitled"), ("../etc", "-etc")])
def test_dot_names_never_stay(name, expected):
    assert safe_name(name) == expected


def test_leading_dots_and_spaces_are_stripped():
    assert safe_name(" . .hidden") == "hidden"
    assert safe_name("...Ana") == "Ana"


def test_trailing_dots_and_spaces_are_stripped():
    assert safe_name("Ana. . ") == "Ana"
    assert safe_name("Ana Inc.") == "Ana Inc"


@pytest.mark.parametrize("name", ["", "   ", "...", ". . .", "\t\n"])
def test_empty_result_becomes_untitled(name):
    assert safe_name(name) == "untitled"


def test_long_ascii_name_is_cut_to_the_byte_limit():
    result = safe_name("a" * 400)
    assert result == "a" * MAX_BYTES


@pytest.mark.parametrize("char", ["é", "ü", "日", "😀"])
def test_multibyte_characters_are_never_split(char):
    result = safe_name(char * 400)
    encoded = result.encode("utf-8")
    width = len(char.encode("utf-8"))
    assert len(encoded) <= MAX_BYTES
    assert len(encoded) > MAX_BYTES - width  # as long as fits
    assert set(result) == {char}


def test_cut_strips_trailing_dots_and_spaces_again():
    result = safe_name("a" * 118 + " .bcdef")
    assert result == "a" * 118


def test_name_is_nfc():
    decomposed = "Jose\u0301"
    assert safe_name(decomposed) == "José"
    assert unicodedata.is_normalized("NFC", safe_name(decomposed))


def test_plain_names_are_kept():
    assert safe_name("Ana García") == "Ana García"
    assert safe_name("Q3 review, 2026 (draft)") == "Q3 review, 2026 (draft)"


def test_unique_names_case_clashes_get_numbers_in_order():
    assert unique_names(["Ana", "ana", "ANA"]) == ["Ana", "ana (2)", "ANA (3)"]


def test_unique_names_clash_after_cleaning():
    names = ["Ana/B", "Ana:B", "José", "Jose\u0301"]
    assert unique_names(names) == ["Ana-B", "Ana-B (2)", "José", "José (2)"]


def test_unique_names_an_existing_numbered_name_keeps_its_name():
    assert unique_names(["Ana", "ana", "Ana (2)"]) == ["Ana", "ana (3)", "Ana (2)"]
    assert unique_names(["Ana (2)", "Ana", "ana"]) == ["Ana (2)", "Ana", "ana (3)"]


def test_unique_names_suffix_of_a_numbered_clash_is_also_checked():
    assert unique_names(["Ana (2)", "ana (2)", "Ana (2) (2)"]) == ["Ana (2)", "ana (2) (3)", "Ana (2) (2)"]


def test_unique_names_suffix_stays_within_the_byte_limit():
    names = unique_names(["é" * 200, "É" * 200])
    assert names[0] == "é" * 60
    assert names[1] == "É" * 58 + " (2)"
    assert all(len(name.encode("utf-8")) <= MAX_BYTES for name in names)


def test_unique_names_are_deterministic_and_unique():
    names = ["Ana", "ana", "Luis", "LUIS", "", "...", "CON", "con", "Ana (2)"]
    first = unique_names(names)
    assert first == unique_names(list(names))
    assert len(first) == len(names)
    assert len({name.casefold() for name in first}) == len(names)
    expected = ["Ana", "ana (3)", "Luis", "LUIS (2)", "untitled", "untitled (2)"]
    expected += ["CON_", "con_ (2)", "Ana (2)"]
    assert first == expected


def test_unique_names_empty_list():
    assert unique_names([]) == []


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=140)
       | st.sampled_from(["Ana", "con.txt", "Ana ", ".Ana", "A\u0301na", "a\tb", "COM1", "x" * 121, "é" * 60]))
def test_names_taken_as_they_are_are_what_the_full_rules_give(name):
    assert not _safe_already(name) or _made_safe(name) == name
    assert safe_name(name) == _made_safe(name)
