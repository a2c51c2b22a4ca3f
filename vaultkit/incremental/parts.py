"""Step 4: one contact's or goal's part (``pages.parts``), computed with its reads recorded.

What a part read (``recording``) goes into ``engine_reads``, and the days on which its
comparisons with today give the same answers (``days``) into ``engine_parts``; the part
itself, its lines of the shared pages, its own pages and its rows of the public tables go
into their tables. A part is computed again only when one of its recorded inputs changed, or
on a day outside its span. Its follow-ups are kept as drafts and dated for the run's day
(``pages.parts.dated``): on a new day every follow-up is dated again, and only the parts
whose span ended are computed again.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from vaultkit.incremental import facts, store
from vaultkit.incremental.days import RecordedDay, Span
from vaultkit.incremental.recording import RecordingConfig, RecordingPages, RecordingVault
from vaultkit.pages.naming import OutputNames
from vaultkit.pages.parts import ContactPart, balance_view, contact_part, dated, goal_part
from vaultkit.problems import Problem
from vaultkit.reading import internal_error
from vaultkit.render import Page
from vaultkit.sortkey import sort_key
from vaultkit.views import followup_text

@dataclass(frozen=True)
class Evaluated:
    """A part as its rows: the digest of what it shows, each table's rows, its own pages."""

    digest: bytes
    rows: tuple[tuple[str, list[tuple]], ...]
    pages: list[Page]


PART_TABLES = (("engine_parts", "owner"), ("engine_reads", "owner"), ("engine_followups", "owner"),
               ("engine_balance_rows", "owner"), ("engine_contact_tallies", "contact"), ("contacts", "path"),
               ("goals", "path"))


class PartWriter:
    def __init__(self, run) -> None:
        self.run = run
        self.changed = False  # some part differs from what the index held
        self.digests: dict[str, bytes] | None = None  # every stored part's, when many are computed again

    def evaluate(self, owner: str, is_contact: bool) -> Evaluated | Problem:
        """``owner``'s part and its rows, or the problem a bug in the domain gave (the index is
        only read, through the run's state: this may run in a forked child, ``fork``)."""
        run = self.run
        reads: set[str] = set()
        seen: set[str] = set()  # the settings it read: inputs too
        span = Span()
        vault = RecordingVault(run.state, str(run.root), run.config, RecordedDay(run.today, span), reads, seen)
        pages = RecordingPages(run.state, reads, lambda: sorted(run.state.pages or {}))
        names = OutputNames(RecordingConfig(run.config, seen), pages, pages)
        try:
            part = contact_part(vault, names, owner) if is_contact else goal_part(vault, names, owner)
        except Exception as exc:  # a bug must cost one contact or goal, not the build
            return internal_error(owner, exc)
        reads.update(f"config\0{name}" for name in seen)
        drafts = [(draft, store.dump(draft)) for draft in part.follow_ups]  # pickled once: digest and row
        if isinstance(part, ContactPart):  # kept as its rows: the views read those alone
            balance_row = [] if part.balance_row is None else [
                (owner, part.balance_row.key, part.balance_row.line, store.dump(balance_view(part)))]
            found = part.facts
            tallies = [(owner, int(found.helped), facts.day(found.last_seen), found.met_at)]
            facts_rows = [facts.contact_row(run.state.contact(owner), part)]
            kept = store.dump((balance_row, tallies, facts_rows[0]))
            blob = None
            tables = (("engine_balance_rows", balance_row), ("engine_contact_tallies", tallies), ("contacts", facts_rows))
        else:
            blob = store.dump(dataclasses.replace(part, pages=()))
            kept = blob
            tables = (("goals", [facts.goal_row(part.progress)]),)
        digest = hashlib.blake2b(kept + b"".join(saved for _draft, saved in drafts)
                                 + store.dump([(p.path, p.text) for p in part.pages]), digest_size=16).digest()
        followups = [dated_row(owner, draft, saved, run.today, run.config.language) for draft, saved in drafts]
        return Evaluated(digest, (("engine_parts", [(owner, digest, blob, span.first, span.last)]),
                                  ("engine_reads", [(key, owner) for key in sorted(reads)]),
                                  ("engine_followups", followups), *tables), list(part.pages))

    def store(self, owner: str, found: Evaluated | Problem) -> None:
        """Put what ``evaluate`` found for ``owner`` in the index (this process only)."""
        run = self.run
        if isinstance(found, Problem):
            self.remove(owner)
            run.problems.set(f"part\0{owner}", [found])
            return
        run.problems.set(f"part\0{owner}", ())
        if run.rebuilt or self._stored(owner) != found.digest:
            self.changed = True
        self._clear(owner)
        for table, rows in found.rows:
            run.batch.insert(table, rows)
        run.pages.replace(owner, found.pages)

    def expect_many(self) -> None:
        """Read every stored part's digest at once (a query per part cost more)."""
        self.digests = dict(self.run.connection.execute("SELECT owner, digest FROM engine_parts"))

    def _stored(self, owner: str) -> bytes | None:
        if self.digests is not None:
            return self.digests.get(owner)
        row = self.run.connection.execute("SELECT digest FROM engine_parts WHERE owner = ?", (owner,)).fetchone()
        return row[0] if row is not None else None

    def remove(self, owner: str) -> None:
        self._clear(owner)
        self.run.pages.replace(owner, [])
        self.run.problems.set(f"part\0{owner}", ())
        self.changed = True

    def _clear(self, owner: str) -> None:
        for table, column in PART_TABLES:
            self.run.batch.delete(table, column, owner)


def dated_row(owner: str, draft, blob: bytes, today, language: str) -> tuple:
    """A follow-up's row of ``engine_followups``, dated for ``today``."""
    entry = dated(draft, today, language)
    return (owner, sort_key(entry.key), entry.group, entry.lines, entry.short, followup_text(entry, language),
            None if entry.focus is None else sort_key(entry.focus), int(entry.cold), blob)


def date_again(run, computed: set[str], language: str) -> None:
    """Date for the run's day every stored follow-up of the parts not ``computed`` in this run."""
    connection = run.connection
    rows = [(sort_key(entry.key), entry.group, entry.lines, entry.short, followup_text(entry, language),
             None if entry.focus is None else sort_key(entry.focus), rowid)
            for rowid, owner, blob in connection.execute("SELECT rowid, owner, draft FROM engine_followups")
            if owner not in computed for entry in [dated(store.load(blob), run.today, language)]]
    connection.executemany("UPDATE engine_followups SET key = ?, grp = ?, lines = ?, short = ?, terminal = ?, focus = ? "
                           "WHERE rowid = ?", rows)
