"""vCard files (``.vcf``, versions 3.0 and 4.0, one or many cards) -> people, through ``vobject``.

The file is cut into cards here, so one broken card (bad line, not UTF-8, never closed) is a
problem at its line and the others are still read. Apple's grouped properties
(``item1.EMAIL`` with ``item1.X-ABLabel``) are read like plain ones.
"""

from __future__ import annotations

import re
from pathlib import Path

from vaultkit.interchange.person import ImportFileError, Person, clean, read_bytes
from vaultkit.problems import Problem, error, warning

_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END = re.compile(rb"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)
_PARSE_LINE = re.compile(r"^At line \d+: ")


def read_vcard(path: Path) -> tuple[list[Person], list[Problem]]:
    """The people of a vCard file; unreadable cards and cards without a name are problems.

    Raises ImportFileError when the file is missing or holds no ``BEGIN:VCARD`` at all.
    """
    import vobject  # a few hundred milliseconds: only when importing

    data = read_bytes(path, "vCard file")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    cards = split_cards(data)
    if not cards:
        raise ImportFileError(f"{path}: not a vCard file (no BEGIN:VCARD line)")
    people: list[Person] = []
    problems: list[Problem] = []
    for line, lines in cards:
        person = _read_card(vobject, lines, line, str(path), problems)
        if person is not None:
            people.append(person)
    return people, problems


def split_cards(data: bytes) -> list[tuple[int, list[bytes]]]:
    """Each card's first line number and its lines (``BEGIN`` to ``END``, or to the next ``BEGIN``
    or the end of the file when a card is never closed)."""
    cards: list[tuple[int, list[bytes]]] = []
    current: list[bytes] | None = None
    for number, raw in enumerate(data.splitlines(), 1):
        if _BEGIN.match(raw):
            current = [raw]
            cards.append((number, current))
        elif current is not None:
            current.append(raw)
            if _END.match(raw):
                current = None
    return cards


def _read_card(vobject, lines: list[bytes], line: int, path: str, problems: list[Problem]) -> Person | None:
    try:
        text = "\r\n".join(raw.decode("utf-8") for raw in lines) + "\r\n"
    except UnicodeDecodeError:
        bad = next(i for i, raw in enumerate(lines) if not _is_utf8(raw))
        problems.append(error(path, line + bad, "not-utf8", f"the card starting at line {line} is not UTF-8; skipped"))
        return None
    try:
        card = vobject.readOne(text, ignoreUnreadable=False)
    except Exception as exc:  # vobject raises ParseError, but also ValueError and others on odd input
        problems.append(error(path, _error_line(exc, lines, line), "bad-vcard",
                              f"the card starting at line {line} cannot be read ({_reason(exc)}); skipped"))
        return None
    name = card_name(card)
    if _is_company(card):
        problems.append(warning(path, line, "not-a-person", f"'{name}' is a company card, not a person; skipped"))
        return None
    if not name:
        problems.append(warning(path, line, "no-name", "a card without FN or N; skipped"))
        return None
    return Person(
        name=name, line=line, source="vcard",
        company=_organisation(card), role=_first(_values(card, "title")) or _first(_values(card, "role")),
        linkedin=_linkedin(card), emails=_preferred(card, "email"), phones=_preferred(card, "tel"),
    )


def card_name(card) -> str | None:
    """FN, else N as ``prefix given additional family suffix``."""
    full = _first(_values(card, "fn"))
    if full:
        return full
    for prop in card.contents.get("n", []):
        value = prop.value
        parts = ([value.prefix, value.given, value.additional, value.family, value.suffix]
                 if hasattr(value, "family") else [value])
        name = clean(" ".join(_flatten(parts)))
        if name:
            return name
    return None


def _values(card, key: str) -> list[str]:
    """Every value of a property, grouped (``item1.EMAIL``) or not, in file order, as text."""
    found = []
    for prop in card.contents.get(key, []):
        text = clean("; ".join(_flatten([prop.value])))
        if text:
            found.append(text)
    return found


def _flatten(values) -> list[str]:
    flat = []
    for value in values:
        if isinstance(value, (list, tuple)):
            flat.extend(_flatten(value))
        elif value:
            flat.append(str(value))
    return flat


def _preferred(card, key: str) -> tuple[str, ...]:
    """Values with ``TYPE=pref`` (3.0) or ``PREF=1`` (4.0) first, then the rest in file order."""
    props = [p for p in card.contents.get(key, []) if clean(p.value if isinstance(p.value, str) else None)]
    ranked = sorted(props, key=lambda p: not _is_pref(p))
    values = (clean(p.value) for p in ranked)
    return tuple(dict.fromkeys(re.sub(r"^tel:", "", v, flags=re.IGNORECASE) for v in values))


def _is_pref(prop) -> bool:
    types = [t.casefold() for value in prop.params.get("TYPE", []) for t in value.split(",")]
    return "pref" in types or "1" in prop.params.get("PREF", [])


def _linkedin(card) -> str | None:
    """A LinkedIn profile among URL and Apple's X-SOCIALPROFILE properties."""
    for key in ("url", "x-socialprofile"):
        for value in _values(card, key):
            if "linkedin.com/" in value.casefold():
                return value
    return None


def _organisation(card) -> str | None:
    """The organisation's name: ORG's first component (``ORG:Acme\\, Inc.;R&D`` -> ``Acme, Inc.``)."""
    for prop in card.contents.get("org", []):
        parts = prop.value if isinstance(prop.value, (list, tuple)) else [prop.value]
        name = clean(_flatten(parts)[0]) if _flatten(parts) else None
        if name:
            return name
    return None


def _is_company(card) -> bool:
    """Apple's company cards (``X-ABShowAs:COMPANY``) and vCard 4.0 ``KIND:org``."""
    shown = {value.casefold() for value in _values(card, "x-abshowas") + _values(card, "kind")}
    return bool(shown & {"company", "org"})


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reason(exc: Exception) -> str:
    return _PARSE_LINE.sub("", str(exc)).strip() or type(exc).__name__


def _error_line(exc: Exception, lines: list[bytes], line: int) -> int:
    """The file line vobject complains about when it names it, else the card's first line."""
    match = re.search(r"Failed to parse line: (.+)", str(exc))
    if match:
        wanted = match.group(1).strip()
        for offset, raw in enumerate(lines):
            if raw.decode("utf-8", "replace").strip() == wanted:
                return line + offset
    return line
