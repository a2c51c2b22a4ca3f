"""A cold build on two cores: a forked helper reads, parses and derives a share of the notes.

On two cores, handing parsed notes back from worker processes costs as much as parsing them
(see ``notes.PARALLEL_CORES``). The helper keeps most of what it parses instead: it reads
two files in five, hands back only the contact and goal notes (their names are what every
link resolves to), then derives its meetings and daily notes with the names this
process resolved, and hands back their records and the index rows it pickled itself. Its
records join this process's before they are sorted, so the vault is the same as one process
makes (``tests/test_split.py`` checks pages and index).

A helper that fails costs time, never notes: this process reads and derives its share.
Only a one-off build uses it (``build.persisted``): the helper's parses are not kept.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from typing import Callable

from vaultkit.cache import Cache
from vaultkit.config import Config
from vaultkit.kinds import CONTACT, GOAL
from vaultkit.notes import PARALLEL_CORES, read_notes
from vaultkit.problems import Problem
from vaultkit.reader import Note
from vaultkit.walk import Found

SPLIT_MIN = 2000  # files to read; below this, forking and handing records over cost more than they save
# Which files of every five the helper reads: after the names it also pickles its index rows,
# so an even split left this process waiting (0.4 s at 20,000 notes; 0.13 s with two in five).
HELPER_SHARE = (1, 3)
EARLY_KINDS = (CONTACT, GOAL)  # notes this process needs before anything can be derived


def start_helper(found: list[Found], config: Config, cache: Cache, touched: frozenset[str],
                 stop: Callable[[], bool] | None = None) -> Helper | None:
    """A helper for a share of the files the cache holds nothing for, when the machine has two
    cores, ``fork`` is safe (this is the process's only thread) and there are at least
    ``SPLIT_MIN`` of them; else None."""
    if not 2 <= (os.cpu_count() or 1) < PARALLEL_CORES or not hasattr(os, "fork") or threading.active_count() != 1:
        return None
    # Files the cache holds nothing for, found without a stat: a cached file that changed is
    # read by this process (an edit build stats every cached file once, in read_notes).
    to_read = [f for f in found if f.path not in cache.notes or f.path in touched]
    if len(to_read) < SPLIT_MIN:
        return None
    return Helper(found, to_read, config, cache, touched, stop)


class Helper:
    """The forked helper process and the three steps of talking to it (see the module's docstring)."""

    def __init__(self, found: list[Found], to_read: list[Found], config: Config, cache: Cache,
                 touched: frozenset[str], stop: Callable[[], bool] | None) -> None:
        self.theirs = [f for n, f in enumerate(to_read) if n % 5 in HELPER_SHARE]
        their_paths = {f.path for f in self.theirs}
        self.ours = [f for f in found if f.path not in their_paths]
        self.reading = (len(to_read), len(to_read) - len(self.theirs))  # all, ours
        self.config, self.cache, self.touched, self.stop = config, cache, touched, stop
        self.other_paths: list[str] = []  # the notes the helper derives itself
        self.failed = False
        for path in their_paths:  # whatever the cache held for them is replaced by the helper's
            cache.notes.pop(path, None)
        child_reads, parent_writes = os.pipe()
        parent_reads, child_writes = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(parent_writes)
            os.close(parent_reads)
            _Child(self.theirs, config, child_reads, child_writes).run()  # never returns
        os.close(child_reads)
        os.close(child_writes)
        self.outbox = os.fdopen(parent_writes, "wb")
        self.inbox = os.fdopen(parent_reads, "rb")

    def progress(self, report: Callable[[int, int], None] | None) -> Callable[[int, int], None] | None:
        """``report`` for every file to read, from this process's share (both halves go at one pace)."""
        if report is None:
            return None
        everything, ours = self.reading
        return lambda done, _total: report(everything if done >= ours else done * everything // max(ours, 1), everything)

    def early_notes(self, problems: list[Problem]) -> list[Note]:
        """The helper's contact and goal notes (into the cache), and every problem it met reading."""
        try:
            early, read_problems, self.other_paths = self._receive()
        except _HelperFailed:
            return self._read_theirs(problems)
        for path, parsed in early.items():
            self.cache.notes[path] = parsed
            self.cache.dirty.add(path)
        problems += read_problems
        return [parsed.note for parsed in early.values()]

    def send_names(self, contact_names, goal_names, note_paths: list[str]) -> None:
        """Hand the helper the names its links resolve to; it derives its notes meanwhile."""
        if self.failed:
            return
        try:
            pickle.dump((contact_names, goal_names, note_paths), self.outbox, protocol=pickle.HIGHEST_PROTOCOL)
            self.outbox.flush()
        except OSError:
            self.failed = True

    def meetings(self, derive) -> tuple[dict[str, list], list[Problem]]:
        """The helper's records by step (as ``vault.derive_meetings`` gives them) and the problems
        met deriving them; its index rows go to ``cache.premade_rows``. ``derive``, this process's
        ``Deriver``, derives them here if the helper failed."""
        from vaultkit.vault import MEETING_STEPS, by_kind, derive_meetings

        if not self.failed:
            try:
                found, derive_problems, rows = self._receive()
            except _HelperFailed:
                pass
            else:
                self.cache.premade_rows = rows
                return found, derive_problems
        if not self.other_paths:
            return {step: [] for step in MEETING_STEPS}, []
        wanted = set(self.other_paths)
        notes = read_notes([f for f in self.theirs if f.path in wanted], self.config, self.cache, False, self.touched,
                           [], self.stop)  # their reading problems came with the early notes
        problems: list[Problem] = []
        derive.problems, kept = problems, derive.problems
        try:
            found = derive_meetings(derive, by_kind(notes))
        finally:
            derive.problems = kept
        return found, problems

    def close(self) -> None:
        """Stop the helper if it still runs (a cancelled build) and reap it."""
        for stream in (self.outbox, self.inbox):
            try:
                stream.close()
            except OSError:
                pass
        try:
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass

    def _receive(self):
        try:
            return pickle.load(self.inbox)
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self.failed = True
            raise _HelperFailed from exc

    def _read_theirs(self, problems: list[Problem]) -> list[Note]:
        """The helper's share, read here: it failed before handing anything over."""
        self.other_paths = []
        return read_notes(self.theirs, self.config, self.cache, False, self.touched, problems, self.stop)


class _HelperFailed(Exception):
    pass


class _Child:
    """The helper's side: read, hand over the early notes, wait for the names, derive, hand over."""

    def __init__(self, found: list[Found], config: Config, inbox_fd: int, outbox_fd: int) -> None:
        self.found, self.config = found, config
        self.inbox = os.fdopen(inbox_fd, "rb")
        self.outbox = os.fdopen(outbox_fd, "wb")

    def run(self) -> None:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops this process
            self._work()
        finally:
            os._exit(0)  # no exit handlers, no flushing of the parent's buffers

    def _work(self) -> None:
        from vaultkit.index import note_row
        from vaultkit.links import Linker
        from vaultkit.vault import Deriver, LazyResolver, any_note_names, by_kind, derive_meetings

        cache = Cache()
        problems: list[Problem] = []
        notes = read_notes(self.found, self.config, cache, False, frozenset(), problems)
        early = {n.path: cache.notes[n.path] for n in notes if n.kind in EARLY_KINDS}
        others = [n for n in notes if n.kind not in EARLY_KINDS]
        self._send((early, problems, [n.path for n in others]))
        contact_names, goal_names, note_paths = pickle.load(self.inbox)
        derive_problems: list[Problem] = []
        derive = Deriver(cache, derive_problems)
        derive.linker = Linker(contact_names, goal_names, LazyResolver(lambda: any_note_names(tuple(note_paths))))
        found = derive_meetings(derive, by_kind(others))
        derived = cache.records_by_note()
        rows = [note_row(path, parsed, derived.get(path, {}))
                for path, parsed in sorted(cache.notes.items()) if path not in early]
        self._send((found, derive_problems, rows))

    def _send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)  # all the work first: the write may wait
        self.outbox.write(data)
        self.outbox.flush()
