"""Typed access to a note's front matter; a bad value becomes a problem at its key's line."""

from __future__ import annotations

import datetime as dt

from vaultkit.links import Link, links_in_value
from vaultkit.problems import Problem, error, warning
from vaultkit.reader import Note
from vaultkit.values import Cadence, ValueProblem, parse_cadence, parse_date, parse_number, shown, text_of, as_text_list


class Fields:
    """Reads keys of one note's front matter, collecting problems instead of raising."""

    def __init__(self, note: Note, problems: list[Problem]) -> None:
        self.note = note
        self.meta = note.meta
        self.problems = problems

    def line(self, key: str) -> int:
        return self.note.line_of(key)

    def has(self, key: str) -> bool:
        return self.meta.get(key) not in (None, "", [])

    def first_key(self, *keys: str) -> str | None:
        """The first of ``keys`` present with a value."""
        return next((k for k in keys if self.has(k)), None)

    def text(self, *keys: str) -> str | None:
        key = self.first_key(*keys)
        if key is None:
            return None
        value = self.meta[key]
        if isinstance(value, (list, dict)):
            return ", ".join(as_text_list(value)) or None
        return text_of(value) or None

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(as_text_list(self.meta.get(key))))

    def date(self, key: str, required: bool = False) -> dt.date | None:
        """A date; when ``required``, a bad one is an error (the note cannot be used without it)."""
        return self._parsed(key, parse_date, "bad-date", error if required else warning)

    def cadence(self, key: str) -> Cadence | str | None:
        return self._parsed(key, parse_cadence, "bad-cadence")

    def number(self, key: str) -> float | None:
        return self._parsed(key, parse_number, "bad-value")

    def _parsed(self, key: str, parse, code: str, report=warning):
        """``parse(value)`` of a present key; None (and a problem) when it does not parse."""
        if not self.has(key):
            return None
        try:
            return parse(self.meta[key])
        except ValueProblem as exc:
            self.problems.append(report(self.note.path, self.line(key), code, f"{key}: {exc}"))
            return None

    def choice(self, key: str, choices: tuple[str, ...], default: str | None) -> str | None:
        if not self.has(key):
            return default
        value = text_of(self.meta[key]).casefold()
        if value in choices:
            return value
        self.problems.append(warning(self.note.path, self.line(key), "bad-value",
                                     f"{key}: {shown(self.meta[key])} is not one of {', '.join(choices)}"))
        return default

    def links(self, *keys: str) -> list[Link]:
        found: list[Link] = []
        for key in keys:
            if self.has(key):
                found.extend(links_in_value(self.meta[key], self.line(key)))
        return found

    def goals(self, linker) -> list[str]:
        """The goal notes ``goals:`` links; a link to no goal is an ``unknown-goal`` warning."""
        found = []
        for link in self.links("goals"):
            goal = linker.goal(link)
            if goal is None:
                self.problems.append(warning(self.note.path, self.note.line_of("goals", link.target), "unknown-goal",
                                             f"'{link.target}' is not a goal note"))
            else:
                found.append(goal)
        return found

    def all_links(self) -> list[Link]:
        """Wikilinks in any front matter value (not plain names)."""
        found: list[Link] = []
        for key, value in self.meta.items():
            found.extend(link for link in _wikilinks_only(value, self.line(key)))
        return found


def _wikilinks_only(value: object, line: int) -> list[Link]:
    if isinstance(value, str):
        return links_in_value(value, line) if "[[" in value else []
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], list):
            return links_in_value(value, line)
        return [link for item in value for link in _wikilinks_only(item, line)]
    return []
