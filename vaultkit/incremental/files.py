"""Step 1: which notes changed since the index last saw them, read and parsed again.

A note is read again when its (mtime, size) moved; parsed again only when its bytes did.
Parses live for the run (the index keeps none): a note an edit elsewhere reaches is read
again from the disk, which is the truth anyway.
"""

from __future__ import annotations

import os
from typing import Callable

from vaultkit.cancel import Cancelled
from vaultkit.incremental.fork import NeedsParent
from vaultkit.incremental.names import lookup_key, note_claims
from vaultkit.incremental.recording import RecordingConfig
from vaultkit.kinds import CONTACT, GOAL, stem_of
from vaultkit.links import name_key
from vaultkit.reader import Note
from vaultkit.reading import ReadNote, read_note
from vaultkit.walk import Found

PROGRESS_EVERY = 250  # files between two progress reports
# From this many notes to read, a meeting's or daily note's body is parsed when step 3 derives
# it, not here: holding every parse at once took 52 MB more of a 100,000-note cold build (531
# against 479 MB). Reading such a note twice costs a tenth of a cold build at 20,000 notes,
# which needs no saving: below this size the parses are kept.
STREAM_FROM = 50_000
KEPT_WHOLE = (CONTACT, GOAL)  # read whole in step 1: step 2 needs them


class Files:
    """The listed notes, what the index knew of each, and the parses made this run."""

    def __init__(self, run, found: list[Found]) -> None:
        self.run = run
        self.listed = {f.path: f for f in found}
        self.found = found
        self.stored = {path: (mtime, size, digest, kind, parsed) for path, mtime, size, digest, kind, parsed
                       in run.connection.execute("SELECT path, mtime_ns, size, digest, kind, parsed FROM notes")}
        self.notes: dict[str, Note | None] = {}
        self.kinds: dict[str, str | None] = {}  # what each note read this run is, its parse kept or not
        self.refusing = False

    def read_changes(self, progress: Callable[[int, int], None] | None, touched: set[str] | None = None) -> set[str]:
        """Read what moved on disk; the paths whose content changed, appeared or vanished.
        ``touched``: the only listed notes that may have moved (else each one's stat is looked at)."""
        run = self.run
        reread = "parse" in run.stale_steps
        gone = sorted(self.stored.keys() - self.listed.keys())
        if touched is None:
            to_read = [f for f in self.found if reread or self._moved(f)]
        else:
            to_read = [f for f in self.found if f.path not in self.stored or (f.path in touched and self._moved(f))]
        content: set[str] = set(gone)
        rows = []
        bodies = KEPT_WHOLE if len(to_read) >= STREAM_FROM else None
        for number, listed in enumerate(to_read, 1):
            if number % 64 == 0 and run.stop():
                raise Cancelled
            if progress is not None and (number % PROGRESS_EVERY == 0 or number == len(to_read)):
                progress(number, len(to_read))
            known = self.stored.get(listed.path)
            read = self.read(listed, None if known is None or reread else known[2], bodies)
            mtime, size = read.stat_key or (0, -1)
            keys = (name_key(listed.path[:-3]), name_key(stem_of(listed.path)))
            if read.same:  # touched, not changed: only its stat moves
                rows.append((listed.path, mtime, size, *known[2:], *keys))
                continue
            content.add(listed.path)
            note = read.note
            rows.append((listed.path, mtime, size, read.digest, note.kind if note else None, int(note is not None), *keys))
            if len(rows) >= 5000:
                run.batch.insert("notes", rows)
                run.batch.settle()
                rows = []
        run.batch.insert("notes", rows)
        for path in gone:
            run.batch.delete("notes", "path", path)
            run.problems.set(f"parse\0{path}", ())
        for path in content:  # a note that appears, goes or stops parsing changes what links to notes find
            before = self.stored.get(path)
            if (before is not None and before[4] == 1) != (self.notes.get(path) is not None):
                run.changed.update(lookup_key("note", name) for name, _how in note_claims(path))
        return content

    def _moved(self, listed: Found) -> bool:
        known = self.stored.get(listed.path)
        if known is None:
            return True
        try:
            stat = os.stat(listed.location)
        except OSError:
            return True
        return (stat.st_mtime_ns, stat.st_size) != known[:2]

    def read(self, listed: Found, known: str | None = None, bodies: tuple[str, ...] | None = None) -> ReadNote:
        """Read one note; with ``bodies``, a note of another kind is not kept (read whole when needed)."""
        run = self.run
        read = read_note(listed, RecordingConfig(run.config, run.config_reads["parse"]), known, bodies)
        if not read.same:
            kind = read.note.kind if read.note is not None else None
            self.kinds[listed.path] = kind
            if bodies is None or kind in bodies or read.note is None:
                self.notes[listed.path] = read.note
            run.problems.set(f"parse\0{listed.path}", read.problems)
        return read

    def refuse_reads(self) -> None:
        """From now on a note not at hand raises ``fork.NeedsParent`` (in a forked child: a read
        records its problems, which only the parent keeps)."""
        self.refusing = True

    def note(self, path: str) -> Note | None:
        """A note's parse: this run's, else read again from the disk."""
        if path not in self.notes:
            if self.refusing:
                raise NeedsParent(path)
            listed = self.listed.get(path)
            if listed is None:
                return None
            self.read(listed)
        return self.notes[path]

    def kind(self, path: str) -> str | None:
        if path in self.kinds:
            return self.kinds[path]
        known = self.stored.get(path)
        return known[3] if known is not None else None
