"""Wikilinks: parsing ``[[target#heading|shown]]`` and resolving names the way Obsidian users expect."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from vaultkit.problems import Problem, warning

WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")


@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink found in a note: the target as written (no heading or alias) and its line."""

    target: str
    line: int
    shown: str | None = None


def split_target(inner: str) -> tuple[str, str | None]:
    """``Ana García#Work|Ana`` -> (``Ana García``, ``Ana``)."""
    shown = None
    if "|" in inner:
        inner, shown = inner.split("|", 1)
        shown = shown.strip() or None
    for mark in ("#", "^"):
        if mark in inner:
            inner = inner.split(mark, 1)[0]
    inner = inner.strip()
    if inner.lower().endswith(".md"):
        inner = inner[:-3].rstrip()
    return inner, shown


def links_in_text(text: str, line: int) -> list[Link]:
    """Every wikilink in plain text; ``line`` is the line of the first character of ``text``."""
    found = []
    for match in WIKILINK_RE.finditer(text):
        target, shown = split_target(match.group(2))
        if target:
            found.append(Link(target, line + text.count("\n", 0, match.start()), shown))
    return found


def links_in_value(value: object, line: int) -> list[Link]:
    """Links held by a front matter value.

    Quoted ``"[[Ana]]"`` strings, unquoted ``[[Ana]]`` (which YAML reads as a nested list)
    and plain names (``Ana``) all count, so people can write participants either way.
    """
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, (list, tuple)):
        if len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1 and isinstance(value[0][0], str):
            target, shown = split_target(value[0][0])
            return [Link(target, line, shown)] if target else []
        found = []
        for item in value:
            found.extend(links_in_value(item, line))
        return found
    if isinstance(value, dict):
        return []
    text = str(value)
    inside = links_in_text(text, line)
    if inside or "[[" in text:
        return inside
    target, shown = split_target(text)
    return [Link(target, line, shown)] if target else []


def name_key(name: str) -> str:
    """The form names are compared in: Unicode NFC, case-folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class Claim(NamedTuple):
    """A note answering to a name, and how: by ``stem``, ``path``, ``name`` or ``alias``."""

    note: str
    how: str


HOW_RANK = {"path": 0, "stem": 1, "name": 2, "alias": 3}


def ranked(claims) -> list[Claim]:
    """Each note's best claim, best first: path, then stem, name, alias; then shortest path."""
    best: dict[str, Claim] = {}
    for claim in claims:
        if claim.note not in best or HOW_RANK[claim.how] < HOW_RANK[best[claim.note].how]:
            best[claim.note] = claim
    return sorted(best.values(), key=lambda c: (HOW_RANK[c.how], len(c.note), c.note))


def closest(name: str, spellings: dict[str, set[str]]) -> str | None:
    """The closest of the known names (``spellings``: name key -> how it is written), for
    'did you mean' messages."""
    matches = difflib.get_close_matches(name_key(name), sorted(spellings), n=1, cutoff=0.6)
    return min(spellings[matches[0]]) if matches else None


class Resolver:
    """Maps names to notes; built once from every claim, independent of the order claims arrive in."""

    def __init__(self) -> None:
        self._claims: dict[str, set[Claim]] = {}
        self._spellings: dict[str, set[str]] = {}
        self._resolved: dict[str, str | None] = {}  # answers so far; claims come before lookups

    def claim(self, name: str, note: str, how: str) -> None:
        key = name_key(name)
        if key:
            self._resolved.clear()
            self._claims.setdefault(key, set()).add(Claim(note, how))
            self._spellings.setdefault(key, set()).add(" ".join(name.split()))

    def candidates(self, name: str) -> list[Claim]:
        """All notes claiming ``name``, best first: path, then stem, name, alias; then shortest path."""
        return ranked(self._claims.get(name_key(name), ()))

    def resolve(self, name: str) -> str | None:
        if name not in self._resolved:
            found = self.candidates(name)
            self._resolved[name] = found[0].note if found else None
        return self._resolved[name]

    def ambiguous_names(self) -> list[tuple[str, list[Claim]]]:
        """Names claimed by more than one note, with the claims, in a stable order."""
        result = []
        for key in sorted(self._claims):
            notes = {c.note for c in self._claims[key]}
            if len(notes) > 1:
                result.append((key, self.candidates(key)))
        return result

    def suggest(self, name: str) -> str | None:
        """The closest known name, for 'did you mean' messages."""
        return closest(name, self._spellings)

    def spellings(self) -> list[str]:
        """Every name claimed, as written."""
        return sorted(spelled for spellings in self._spellings.values() for spelled in spellings)


class Linker:
    """Resolves links to contacts, goals and any note, and words the problem of a link that
    resolves to no contact. Its resolvers answer ``resolve(name)`` (and, for contacts,
    ``suggest(name)``): whoever builds a Linker may hand it resolvers that also note what
    was asked (the incremental engine does)."""

    def __init__(self, contacts: Resolver, goals: Resolver, notes: Resolver) -> None:
        self.contacts, self.goals, self.notes = contacts, goals, notes

    def contact(self, link: Link) -> str | None:
        return self.contacts.resolve(link.target)

    def goal(self, link: Link) -> str | None:
        return self.goals.resolve(link.target)

    def note(self, name: str) -> str | None:
        return self.notes.resolve(name)

    def unknown_contact(self, path: str, line: int, link: Link) -> Problem:
        other = self.note(link.target)
        if other:
            message = f"'{link.target}' is {other}, which is not a contact note"
        else:
            suggestion = self.contacts.suggest(link.target)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            message = f"'{link.target}' is not a known contact{hint}"
        return warning(path, line, "unknown-contact", message)
