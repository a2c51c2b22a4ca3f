"""Finding the contact or goal a user names on the command line, the way the vault's links do.

The names come from the very resolvers ``load_vault`` builds (stem, vault path, ``name``/
``title``, aliases; case-insensitive, Unicode NFC, no accent stripping). A name is ambiguous
when two notes claim it the same way; when one claims it better (its file stem against
another's alias), that one wins, as it does for links. A name no note claims may still be
the start or the first name of one note's name, accents aside ("Luis" for "Luis
Fernández"): that note is taken, and the user told.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from vaultkit.authoring import AuthoringError
from vaultkit.kinds import stem_of
from vaultkit.links import Resolver
from vaultkit.model import Vault
from vaultkit.vault import load_with_names


@dataclass(frozen=True)
class Names:
    """A loaded vault with the resolvers of its contact and goal names."""

    vault: Vault
    contacts: Resolver
    goals: Resolver


def load_names(root: Path, today: dt.date) -> Names:
    return Names(*load_with_names(root, today))


def find_note(resolver: Resolver, name: str, what: str, say: Callable[[str], None] | None = None) -> str:
    """The path of the one ``what`` (contact, goal) called ``name``, else the one whose name it
    starts or is the first name of, accents and case aside (``say`` is told which one was
    taken); AuthoringError otherwise, listing the close names."""
    best = best_claims(resolver, name)
    if not best:
        close = close_notes(resolver, name)
        if len(close) == 1:
            if say is not None:
                say(f"'{name}' is {stem_of(close[0])} ({close[0]})")
            return close[0]
        if close:
            raise AuthoringError(f"'{name}' could be {len(close)} {what}s: "
                                 f"{', '.join(stem_of(p) for p in close)}; give more of the name")
        suggestion = resolver.suggest(name)
        hint = f"; did you mean '{suggestion}'?" if suggestion else ""
        raise AuthoringError(f"no {what} named '{name}'{hint}")
    if len(best) > 1:
        raise AuthoringError(f"'{name}' names {len(best)} {what}s: {', '.join(best)}; "
                             f"give its vault path (like '{best[0][:-3]}') to choose")
    return best[0]


def close_notes(resolver: Resolver, name: str) -> list[str]:
    """The notes with a name that ``name`` begins at a word ("Luis" for "Luis Fernández", "ana
    gar" for "Ana García"), accents and case aside, sorted."""
    wanted = folded(name)
    if not wanted:
        return []
    found: set[str] = set()
    for spelled in resolver.spellings():
        written = folded(spelled)
        if written == wanted or written.startswith(wanted + " ") or (
                len(wanted) >= 3 and written.startswith(wanted)):
            found.update(best_claims(resolver, spelled))
    return sorted(found)


def folded(name: str) -> str:
    """``name`` without accents or case, its spaces made single: how a user may type it."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def best_claims(resolver: Resolver, name: str) -> list[str]:
    """The notes claiming ``name`` in the best way any note does (one, unless it is ambiguous), sorted."""
    found = resolver.candidates(name)
    return sorted(claim.note for claim in found if claim.how == found[0].how)


def link_target(resolver: Resolver, path: str) -> str:
    """What to write inside ``[[...]]`` to reach ``path``: its file stem when that names it alone,
    else its vault path."""
    stem = stem_of(path)
    return stem if best_claims(resolver, stem) == [path] else path[:-3]
