"""Keeping every folder of the vault watched when folders move, with no library warning shown.

A folder moved out of the vault and back in (``mv Contacts /tmp/x; mv /tmp/x Contacts2``, a
file manager's undo, a sync tool) within watchdog's half-second move window comes back as
inodes its inotify watches still hold: watchdog registers them again under the new path
(and warns ``RuntimeWarning: Callback ... already exists``), then, when the unpaired move
out expires, removes the watches of the old path, which are the same watches. The folder
is then no longer watched and its notes' saves are missed. So after each burst of folder
events, once quiet, the watched folders are compared with the folders on disk and the
vault is watched again (then rescanned in full) when one is missing.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

from watchdog.events import DirCreatedEvent, FileSystemEvent, FileSystemEventHandler

SETTLE_SECONDS = 1.5  # longer than watchdog's move window (0.5 s), in which it drops stale watches
FOLDER_EVENTS = ("moved", "created", "deleted")


def keep_watching(observer, root: Path, handler: FileSystemEventHandler) -> FolderKeeper:
    """Schedule ``handler`` on ``root`` (recursive) so that folder moves never leave a folder unwatched."""
    # Safe to hide: the callback watchdog says it overwrites is the same watch group's own,
    # registered again for a folder it already watches, so nothing is lost by the overwrite;
    # what can be lost afterwards (the stale watches it drops) FolderKeeper restores.
    warnings.filterwarnings("ignore", message=r"Callback with id .* already exists for watch",
                            category=RuntimeWarning, module=r"watchdog\.observers\.inotify")
    return FolderKeeper(observer, root, handler)


class FolderKeeper(FileSystemEventHandler):
    """Passes every event on to ``handler``; a moment after the last folder event, watches the
    vault again if some folder on disk lost its watch, and reports that folder as created so
    the watcher rescans everything."""

    def __init__(self, observer, root: Path, handler: FileSystemEventHandler, settle: float = SETTLE_SECONDS):
        self.observer = observer
        self.root = str(root)
        self.handler = handler
        self.settle = settle
        self.rewatched = 0  # times the vault was watched again, for tests
        self.lock = threading.Lock()  # guards the timer
        self.checking = threading.Lock()  # one check at a time
        self.timer: threading.Timer | None = None
        self.watch = observer.schedule(self, self.root, recursive=True)

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.handler.dispatch(event)
        if event.is_directory and event.event_type in FOLDER_EVENTS:
            with self.lock:
                if self.timer is not None:
                    self.timer.cancel()
                self.timer = threading.Timer(self.settle, self.check)
                self.timer.daemon = True
                self.timer.start()

    def check(self) -> None:
        """Watch the vault again if a folder on disk is not watched (inotify only)."""
        with self.checking:
            if not self.observer.is_alive():
                return
            missing = unwatched_folders(self.observer, self.root)
            if not missing:
                return
            try:
                self.observer.unschedule(self.watch)
                self.watch = self.observer.schedule(self, self.root, recursive=True)
            except (KeyError, OSError, RuntimeError):
                return  # stopping, or the OS refused: the periodic rescan still sees every note
            self.rewatched += 1
        for folder in missing:  # saves made while it was unwatched: a full rescan finds them
            self.handler.dispatch(DirCreatedEvent(os.fsdecode(folder)))


def unwatched_folders(observer, root: str) -> list[bytes]:
    """Folders below ``root`` (symlinks not followed) that no inotify watch of ``observer``
    covers; empty for other observers (FSEvents, polling), which watch the tree as a whole."""
    try:
        watched = set()
        for emitter in list(observer.emitters):
            group = emitter._inotify  # watchdog's InotifyWatchGroup: no public API lists its watches
            watched.update(group._active_callbacks_by_path if group is not None else ())
    except AttributeError:
        return []
    missing = []
    for top, names, _files in os.walk(os.fsencode(root)):
        for name in names:
            path = os.path.join(top, name)
            if not os.path.islink(path) and path not in watched:
                missing.append(path)
    return missing
