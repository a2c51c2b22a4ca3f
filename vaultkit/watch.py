"""``vaultkit watch``: keep the pages current a moment after a note is saved, in any editor.

Editors save in many ways (in place, truncate then write, write a temporary file and
rename it, vim's backup and ``4913`` probe, Syncthing's temporary files, git deleting
then creating). So every file event only says "this path may have changed": events are
coalesced per path until things go quiet (or a cap passes), then the disk decides what
changed (size, mtime and content digest), and only those notes are read again. vaultkit's
own writes land in the output folder and ``.vaultkit/``, which are not watched for notes.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from vaultkit.build import BuildResult, build
from vaultkit.cancel import Cancelled
from vaultkit.config import CONFIG_NAME, Config, load_config
from vaultkit.hosts import elsewhere_line
from vaultkit.lock import Busy
from vaultkit.incremental.engine import Inputs
from vaultkit.problems import ERROR, Problem
from vaultkit.walk import Found, find_notes, find_one

QUIET_SECONDS = 0.3  # no event on a path for this long: the save is over
CAP_SECONDS = 2.0  # never wait longer than this after the first event of a burst
RESCAN_SECONDS = 300.0  # rebuild from the disk this often anyway: the OS can drop events
IGNORED_EVENTS = ("opened", "closed_no_write")


@dataclass
class Changes:
    """Paths reported by the file watcher, held until the burst they belong to goes quiet."""

    quiet: float = QUIET_SECONDS
    cap: float = CAP_SECONDS
    clock: Callable[[], float] = time.monotonic
    paths: set[str] = field(default_factory=set)
    full: bool = False  # a folder moved or vanished: only a full rescan settles it
    first: float | None = None
    last: float | None = None
    lock: threading.Condition = field(default_factory=threading.Condition)

    def add(self, path: str | None) -> None:
        """Record a changed vault-relative path; ``None`` asks for a full rescan."""
        with self.lock:
            now = self.clock()
            if path is None:
                self.full = True
            else:
                self.paths.add(path)
            self.first = now if self.first is None else self.first
            self.last = now
            self.lock.notify_all()

    def take(self) -> tuple[set[str], bool]:
        """Whatever is held now, its burst over or not: the paths and the full flag."""
        with self.lock:
            batch = (self.paths, self.full)
            self.paths, self.full, self.first, self.last = set(), False, None, None
            return batch

    def pending(self) -> bool:
        """Whether some event is held, waiting for its burst to end."""
        with self.lock:
            return self.first is not None

    def wake(self) -> None:
        with self.lock:
            self.lock.notify_all()

    def wait(self, stop: threading.Event, timeout: float) -> tuple[set[str], bool] | None:
        """Block until a burst is over (returns its paths and the full flag) or ``timeout`` passes."""
        deadline = self.clock() + timeout
        with self.lock:
            while not stop.is_set():
                now = self.clock()
                if self.first is not None:
                    if now - self.last >= self.quiet or now - self.first >= self.cap:
                        return self.take()
                    pause = min(self.quiet - (now - self.last), self.cap - (now - self.first))
                elif now >= deadline:
                    return None
                else:
                    pause = deadline - now
                self.lock.wait(max(0.01, pause))
            return None


class EventFilter(FileSystemEventHandler):
    """Turns watchdog events into vault-relative paths worth a look."""

    def __init__(self, root: Path, output_folder: str, changes: Changes) -> None:
        self.root = os.path.realpath(root)
        self.output = output_folder.casefold()
        self.previous: str | None = None  # the output folder before the last change of it
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in IGNORED_EVENTS:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.consider(os.fsdecode(raw), event.is_directory, event.event_type)

    def consider(self, raw: str, is_directory: bool, kind: str) -> None:
        rel = self.relative(raw)
        if rel is None or rel == ".":
            return
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts):
            return  # .obsidian, .trash, .git, .vaultkit, editors' and Syncthing's temporary files
        if kind == "deleted" and self.previous is not None and (
                rel.casefold() == self.previous or rel.casefold().startswith(self.previous + "/")):
            return  # the build removing the pages it wrote into the previous output folder
        if parts[0].casefold() == self.output or rel.casefold().startswith(self.output + "/"):
            return  # vaultkit's own writes land here; every build looks for hand edits itself
        if is_directory:
            if kind in ("moved", "deleted", "created"):
                self.changes.add(None)
        elif rel == CONFIG_NAME or rel.lower().endswith(".md"):
            self.changes.add(rel)

    def relative(self, raw: str) -> str | None:
        path = os.path.realpath(raw) if os.path.lexists(raw) else os.path.join(
            os.path.realpath(os.path.dirname(raw)), os.path.basename(raw))
        try:
            rel = os.path.relpath(path, self.root)
        except ValueError:
            return None
        if rel.startswith(".." + os.sep) or rel == "..":
            return None
        return rel.replace(os.sep, "/")


def start_observer(root: Path, handler: FileSystemEventHandler, polling: bool, say: Callable[[str], None]):
    """An inotify/FSEvents observer, or polling when asked or when the OS watch limit is reached."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    from vaultkit.folderwatch import keep_watching

    if not polling:
        observer = Observer()
        try:
            keep_watching(observer, root, handler)  # folder moves leave no folder unwatched, print no warning
            observer.start()
            if watches_every_folder(observer, root):
                return observer
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EMFILE, errno.ENFILE):
                raise
        say("the system's limit on watched folders is reached (on Linux: fs.inotify.max_user_watches); "
            "watching by polling instead")
        try:
            observer.stop()
        except Exception:  # the observer may never have started
            pass
    observer = PollingObserver()
    observer.schedule(handler, str(root), recursive=True)
    observer.start()
    return observer


def watches_every_folder(observer, root: Path) -> bool:
    """False when the OS refused to watch some folder below the root: watchdog's inotify
    observer skips those silently, and their notes would never be seen."""
    try:
        watched = sum(len(emitter._inotify._active_callbacks_by_path) for emitter in observer.emitters)
    except AttributeError:
        return True  # not inotify (FSEvents, Windows): one watch covers the tree
    folders = 1
    for top, names, _files in os.walk(root):
        folders += sum(1 for name in names if not os.path.islink(os.path.join(top, name)))
    return watched >= folders


class Watcher:
    """The watch loop: a full build at start, then rebuilds of what changed, until ``stop`` is set."""

    def __init__(self, root: Path, today: dt.date | None = None, polling: bool = False,
                 say: Callable[[str], None] = print, quiet: float = QUIET_SECONDS, cap: float = CAP_SECONDS,
                 rescan: float = RESCAN_SECONDS, clock_today: Callable[[], dt.date] = dt.date.today,
                 after_build: Callable[[BuildResult], None] | None = None) -> None:
        self.root = Path(root).absolute()  # watchdog's inotify loses every folder below a relative root (``watch .``)
        self.fixed_today = today
        self.clock_today = clock_today
        self.polling = polling
        self.say = say
        self.rescan = rescan
        self.changes = Changes(quiet=quiet, cap=cap)
        self.listing: dict[str, Found] | None = None  # the notes, as the last walk and file events since left them
        self.listing_problems: dict[str, list[Problem]] = {}
        self.reading = (0, 0)  # (notes read, notes to read) by the build under way
        self.config: Config | None = None
        self.config_problems: tuple = ()
        self.stop = threading.Event()
        self.builds = 0  # completed builds, for tests and the benchmark
        self.busy = False  # acting on a batch of changes (or the clock), from taking it to the end
        self.ready = threading.Event()  # set once the first build is written and watching began
        self.waited_empty: set[str] = set()
        self.filter: EventFilter | None = None
        self.after_build = after_build  # called after every build (the log, the daily nudge)
        self.elsewhere: str | None = None  # build_on names this other machine: no page is written here

    def today(self) -> dt.date:
        return self.fixed_today or self.clock_today()

    def run(self) -> None:
        """Build, watch, rebuild; returns when ``stop`` is set (Ctrl-C, SIGTERM)."""
        try:
            self.rebuild("start", set(), reload_config=True)
        except Cancelled:
            return
        self.filter = EventFilter(self.root, self.output_folder, self.changes)
        observer = start_observer(self.root, self.filter, self.polling, self.say)
        try:
            # Saves made during the first build came before any watch: a rescan catches them.
            self.rebuild("saved during the first build", set(), quiet_if_nothing=True)
            self.ready.set()
            self.loop()
        except Cancelled:
            return
        finally:
            observer.stop()
            observer.join(timeout=5)

    @property
    def output_folder(self) -> str:
        return (self.config or Config()).output_folder

    def loop(self) -> None:
        built_on = self.today()
        next_rescan = time.monotonic() + self.rescan
        while not self.stop.is_set():
            timeout = max(0.05, min(next_rescan - time.monotonic(), self.seconds_to_midnight(), 1.0))
            batch = self.changes.wait(self.stop, timeout)
            if self.stop.is_set():
                return
            self.busy = True
            try:
                if self.act(batch, built_on, next_rescan):
                    built_on, next_rescan = self.today(), time.monotonic() + self.rescan
            finally:
                self.busy = False

    def act(self, batch: tuple[set[str], bool] | None, built_on: dt.date, next_rescan: float) -> bool:
        """One turn of the loop: rebuild for a batch of changes, a new day or the periodic
        rescan. True when it rebuilt (the next rescan is then counted from now)."""
        if batch is not None:
            paths, full = batch
            paths = self.settled(paths)
            if not (paths or full):
                return False
            self.rebuild(self.describe(paths, full), paths, reload_config=full or CONFIG_NAME in paths,
                         relist=full or CONFIG_NAME in paths)
        elif self.today() != built_on:
            self.rebuild(f"the date is now {self.today().isoformat()}", set())
        elif time.monotonic() >= next_rescan:
            self.rebuild("", set(), reload_config=True, quiet_if_nothing=True)
        else:
            return False
        return True

    def idle(self) -> bool:
        """Watching, no event held and no build under way: the pages are as current as the notes."""
        return self.ready.is_set() and not self.busy and not self.changes.pending()

    def settled(self, paths: set[str]) -> set[str]:
        """Paths whose file is not empty right now; an empty one may be a save half done.

        Editors that truncate then write show an empty file for a moment: such a path is
        put back once, so its next event (or the cap) brings the finished content.
        """
        ready = set()
        for path in paths:
            try:
                empty = os.path.getsize(self.root / path) == 0
            except OSError:
                empty = False  # deleted: that is a change to act on now
            if empty and path not in self.waited_empty:
                self.waited_empty.add(path)
                self.changes.add(path)
            else:
                self.waited_empty.discard(path)
                ready.add(path)
        return ready

    def seconds_to_midnight(self) -> float:
        if self.fixed_today is not None:
            return float("inf")
        now = dt.datetime.now()
        tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
        return (tomorrow - now).total_seconds() + 0.5

    def describe(self, paths: set[str], full: bool) -> str:
        if full:
            return "folders changed"
        if len(paths) == 1:
            return f"{next(iter(paths))} changed"
        return f"{len(paths)} files changed"

    def rebuild(self, why: str, touched: set[str], reload_config: bool = False,
                quiet_if_nothing: bool = False, relist: bool = True) -> None:
        started = time.perf_counter()
        joined: list[str] = [why]
        paths, walk = set(touched), [relist]

        def locked_now() -> None:
            # Saves made while waiting for the lock join this build: written after the wait,
            # pages from the notes as they were before it would undo a fresher CLI build's.
            late, late_full = self.changes.take()
            late = self.settled(late)  # an empty file is put back: its save is not over
            if late or late_full:
                if touched:
                    joined[0] = self.describe(touched | late, late_full)
                elif why:  # the date changed, or the first build: say what joined it
                    joined[0] = f"{why}; {self.describe(late, late_full)}"
            paths.update(late)
            walk[0] = walk[0] or late_full or CONFIG_NAME in late
            if reload_config or late_full or CONFIG_NAME in late or self.config is None:
                self.load_config()

        def inputs() -> Inputs:
            config = (self.config, list(self.config_problems))
            if walk[0] or self.listing is None:
                found, problems = find_notes(self.root, self.config)
                self.remember_listing(found, problems)
                return Inputs(config, (found, problems))  # every note's stat is looked at
            return Inputs(config, self.update_listing(paths), paths)

        try:
            result = build(self.root, self.today(), stop=self.stop.is_set, wait=float("inf"),
                           progress=lambda done, total: setattr(self, "reading", (done, total)),
                           inputs=inputs, locked_now=locked_now, by="watch")
        except Busy:
            raise Cancelled from None  # asked to stop while waiting for the lock
        why = joined[0]
        self.builds += 1
        if self.after_build is not None:
            self.after_build(result)
        if result.elsewhere != self.elsewhere:
            self.elsewhere = result.elsewhere
            self.say(elsewhere_line(result.elsewhere) if result.elsewhere else "this machine writes the pages")
        report = result.report
        if quiet_if_nothing and not (report.written or report.deleted or report.kept_aside or report.retired):
            return
        for page, copy in report.kept_aside:
            self.say(f"kept your edited {page} as {copy}")
        if report.retired:
            self.say(f"removed {len(report.retired)} pages vaultkit wrote into the previous output folder")
        seconds = time.perf_counter() - started
        errors = sum(1 for p in result.problems if p.severity == ERROR)
        what = f"{why}: " if why else ""
        pages = (f"no page written (build_on = {result.elsewhere})" if result.elsewhere
                 else f"{len(report.written)} pages written, {len(report.deleted)} deleted")
        self.say(f"{time.strftime('%H:%M:%S')} {what}{pages}, {len(result.problems)} problems ({errors} errors), "
                 f"{seconds:.2f} s")

    def remember_listing(self, found: list[Found], problems: list[Problem]) -> None:
        """Keep a full walk's result (and what it had to say about each path)."""
        self.listing = {f.path: f for f in found}
        self.listing_problems = {}
        for problem in problems:
            self.listing_problems.setdefault(problem.path, []).append(problem)

    def update_listing(self, touched: set[str]) -> tuple[list[Found], list[Problem]]:
        """The listing with the ``touched`` paths looked at again, as a full walk would list them."""
        for path in touched:
            one, one_problems = find_one(self.root, path, self.config)
            self.listing.pop(path, None)
            self.listing_problems.pop(path, None)
            if one is not None:
                self.listing[path] = one
            if one_problems:
                self.listing_problems[path] = one_problems
        found = sorted(self.listing.values(), key=lambda f: f.path)
        return found, [p for path in sorted(self.listing_problems) for p in self.listing_problems[path]]

    def load_config(self) -> None:
        """Reload ``vaultkit.toml``; a config with errors is reported and the last good one kept."""
        config, problems = load_config(self.root)
        if any(p.severity == ERROR for p in problems) and self.config is not None:
            self.config_problems = tuple(problems)
            self.say("vaultkit.toml has errors: keeping the previous settings")
            return
        self.config, self.config_problems = config, tuple(problems)
        if self.filter is not None and self.filter.output != config.output_folder.casefold():
            self.filter.previous = self.filter.output  # the next build removes its pages there
            self.filter.output = config.output_folder.casefold()  # its own writes move with it
