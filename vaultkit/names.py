"""Safe output file names: valid on Windows, macOS and Linux, and usable inside a wikilink.

``safe_name`` turns one display name into a file-name stem (no ``.md``); ``unique_names`` does
it for a whole list and settles case-insensitive clashes with `` (2)``, `` (3)``, ...
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 120
UNTITLED = "untitled"

# Path separators, Windows-forbidden characters, and what breaks an Obsidian wikilink.
_FORBIDDEN = frozenset('/\\:*?"<>|[]#^')
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in "0123456789¹²³"]
)


def safe_name(name: str) -> str:
    """A file-name stem for ``name``: NFC, forbidden characters as ``-``, at most 120 bytes, never empty."""
    return name if _safe_already(name) else _made_safe(name)


def _made_safe(name: str) -> str:
    text = unicodedata.normalize("NFC", name)
    text = " ".join(text.split())
    text = "".join("-" if _is_forbidden(char) else char for char in text)
    text = _fit(text.lstrip(". "), MAX_BYTES)
    text = _fit(_unreserve(text), MAX_BYTES)
    return text or UNTITLED


# A forbidden or control character (category Cc), two spaces, or whitespace other than a space.
_UNSAFE = re.compile(r'[/\\:*?"<>|\[\]#^\x00-\x1f\x7f-\x9f]|\s\s|[^\S ]')


def _safe_already(name: str) -> bool:
    """True when ``safe_name`` would give ``name`` back unchanged (most names: checked cheaply)."""
    return (bool(name) and name[0] not in ". " and name[-1] not in ". " and not _UNSAFE.search(name)
            and len(name.encode("utf-8")) <= MAX_BYTES and unicodedata.is_normalized("NFC", name)
            and name.split(".", 1)[0].rstrip(" ").casefold() not in _RESERVED)


def unique_names(names: list[str]) -> list[str]:
    """Safe stems for ``names`` (same order), unique ignoring case and Unicode normalisation.

    Every name whose safe stem is free keeps it, wherever it stands in the list; the second and
    later holders of a stem get the smallest free `` (n)`` suffix, n >= 2, in list order.
    """
    stems = [safe_name(name) for name in names]
    taken: set[str] = set()
    first: list[bool] = []
    for stem in stems:
        first.append(clash_key(stem) not in taken)
        taken.add(clash_key(stem))
    result = []
    for stem, keeps in zip(stems, first):
        if not keeps:
            stem = _free_variant(stem, taken)
            taken.add(clash_key(stem))
        result.append(stem)
    return result


def free_stem(name: str, taken: set[str]) -> str:
    """``safe_name(name)``, or its smallest free `` (n)`` variant when its ``clash_key`` is in ``taken``."""
    stem = safe_name(name)
    return stem if clash_key(stem) not in taken else _free_variant(stem, taken)


def clash_key(name: str) -> str:
    """What two names must differ in to be distinct files on every OS: casefold + NFC."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def _is_forbidden(char: str) -> bool:
    return char in _FORBIDDEN or unicodedata.category(char) == "Cc"


def _unreserve(text: str) -> str:
    """``CON`` -> ``CON_``, ``con.txt`` -> ``con_.txt``: Windows reserves the part before a dot."""
    base = text.split(".", 1)[0].rstrip(" ")
    if base.casefold() in _RESERVED:
        return base + "_" + text[len(base) :]
    return text


def _fit(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` UTF-8 bytes on a character boundary, without trailing dots/spaces."""
    text = unicodedata.normalize("NFC", text)
    cut = limit
    while len(text.encode("utf-8")) > limit:
        text = unicodedata.normalize("NFC", text.encode("utf-8")[:cut].decode("utf-8", "ignore"))
        cut -= 1
    return text.rstrip(". ")


def _free_variant(stem: str, taken: set[str]) -> str:
    """``stem (n)`` for the smallest n >= 2 not in ``taken``, shortened to stay within the limit."""
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = _fit(stem, MAX_BYTES - len(suffix.encode("utf-8"))) + suffix
        if clash_key(candidate) not in taken:
            return candidate
        number += 1
