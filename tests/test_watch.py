"""``vaultkit watch``: real files, real file events, bounded waits.

Each watcher runs in a daemon thread on a small inline vault; the tests save notes the way
editors, sync tools and git do, then poll the generated pages (every 20 ms, never a fixed
long sleep) until they show the expected content or a deadline passes.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from vaultkit.writer import TEMP_MARK
from vaultkit.watch import CAP_SECONDS, QUIET_SECONDS, Changes, EventFilter, Watcher

TODAY = dt.date(2026, 11, 22)
OUT = "VaultKit"
COFFEE = "Meetings/2026/2026-11-01 Coffee.md"
GENERATED = "---\nvaultkit: generated\n"


def meeting(day: str, who: str, *gave: str, kind: str = "meeting") -> str:
    gives = "".join(f"- {g}\n" for g in gave)
    return f'---\ntype: {kind}\ndate: {day}\nwith: ["[[{who}]]"]\n---\n## Gave\n{gives}'


VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\nAna plays chess.\n",
    "Contacts/Luis.md": "---\ntype: contact\n---\nLuis runs trails.\n",
    COFFEE: meeting("2026-11-01", "Ana", "a book on chess"),
    "Notes/Pat.md": "---\nrole: designer\n---\nPat draws maps.\n",
}


# -- helpers ----------------------------------------------------------------------------------


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02) -> bool:
    """Poll ``predicate`` every ``interval`` seconds until it is true (-> True) or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def page(root: Path, name: str) -> str:
    """A generated page's text, or "" when it does not exist (yet)."""
    try:
        return (root / OUT / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def settle(watcher: Watcher, calm: float = 0.4, timeout: float = 10.0) -> bool:
    """Wait until the watcher has been idle (no event held, no build under way, none completed)
    for ``calm`` seconds (bounded by ``timeout``). Idle, not merely "no build for a while": a
    slow turn of the loop (a collection in a big test process) must not pass for the end."""
    deadline = time.monotonic() + timeout
    count, since = watcher.builds, time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.02)
        if watcher.builds != count or not watcher.idle():
            count, since = watcher.builds, time.monotonic()
        elif time.monotonic() - since >= calm:
            return True
    return False


def output_stats(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, inode) of every file vaultkit writes: the output folder and ``.vaultkit/``."""
    found = {}
    for folder in (root / OUT, root / ".vaultkit"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = path.stat()
                found[path.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_ino)
    return found


def temp_files(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if TEMP_MARK in p.name]


def rebuild_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if " pages written, " in line]


class Running:
    """A watcher running in a thread, with what it said."""

    def __init__(self, root: Path, watcher: Watcher, lines: list[str], thread: threading.Thread,
                 errors: list[BaseException]):
        self.root, self.watcher, self.lines, self.thread, self.errors = root, watcher, lines, thread, errors

    def page(self, name: str) -> str:
        return page(self.root, name)

    def note(self, rel: str) -> Path:
        return self.root / rel

    def alive(self) -> bool:
        return self.thread.is_alive()


@contextmanager
def watching(root: Path, **options):
    """Run ``Watcher(root, ...)`` in a daemon thread until the block ends; always stop it."""
    watcher, thread, lines, errors = start_thread(root, **options)
    try:
        assert watcher.ready.wait(30), f"the watcher never became ready (said: {lines}, errors: {errors})"
        yield Running(root, watcher, lines, thread, errors)
    finally:
        watcher.stop.set()
        watcher.changes.wake()
        thread.join(5)
    assert not thread.is_alive(), "the watcher thread did not end within 5 s of stop"
    assert errors == [], f"the watcher thread raised: {errors!r}"


@pytest.fixture
def vault(make_vault):
    return make_vault(VAULT)


def balance(running: Running, name: str) -> str:
    return running.page(f"Balance/{name}.md")

def add_two_gifts(w: "Running", ana_gift: str, luis_gift: str, date: str, name: str, timeout: float) -> None:
    """Append a give for Ana to the coffee note, add a new meeting with a give for Luis, and
    wait until both balance pages show them."""
    with open(w.note(COFFEE), "a", encoding="utf-8") as handle:
        handle.write(f"- {ana_gift}\n")
    w.note(f"Meetings/2026/{date} {name}.md").write_text(meeting(date, "Luis", luis_gift), encoding="utf-8")
    assert wait_until(lambda: f"| give | {ana_gift} |" in balance(w, "Ana"), timeout=timeout), balance(w, "Ana")
    assert wait_until(lambda: f"| give | {luis_gift} |" in balance(w, "Luis"), timeout=timeout)



# -- Changes: coalescing ----------------------------------------------------------------------


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_changes_hold_a_burst_until_it_goes_quiet():
    clock = FakeClock()
    changes = Changes(quiet=0.3, cap=2.0, clock=clock)
    stop = threading.Event()
    changes.add("Contacts/Ana.md")
    clock.now += 0.2
    changes.add("Contacts/Ana.md")
    changes.add("Meetings/Coffee.md")
    clock.now += 0.31  # 0.31 s after the last event, 0.51 s after the first
    assert changes.wait(stop, timeout=5) == ({"Contacts/Ana.md", "Meetings/Coffee.md"}, False)
    # the burst was handed over: nothing is pending any more
    assert changes.wait(stop, timeout=0) is None
    assert (changes.paths, changes.full, changes.first, changes.last) == (set(), False, None, None)


def test_changes_take_hands_over_a_burst_before_it_is_quiet():
    clock = FakeClock()
    changes = Changes(quiet=0.3, cap=2.0, clock=clock)
    assert not changes.pending() and changes.take() == (set(), False)
    changes.add("Contacts/Ana.md")
    changes.add(None)
    assert changes.pending()  # held: 0 s of quiet so far
    assert changes.take() == ({"Contacts/Ana.md"}, True)
    assert not changes.pending()
    assert changes.wait(threading.Event(), timeout=0) is None  # taken once, not handed over again


def test_changes_do_not_return_a_burst_before_it_is_quiet_or_capped():
    clock = FakeClock()
    changes = Changes(quiet=0.3, cap=2.0, clock=clock)
    stop = threading.Event()
    changes.add("Contacts/Ana.md")
    clock.now += 0.1  # not quiet (0.1 < 0.3), not capped (0.1 < 2.0): wait must keep waiting
    threading.Timer(0.2, lambda: (stop.set(), changes.wake())).start()
    started = time.monotonic()
    assert changes.wait(stop, timeout=5) is None  # ended by stop, not by a premature batch
    assert time.monotonic() - started < 2
    assert changes.paths == {"Contacts/Ana.md"}


def test_changes_cap_a_stream_that_never_goes_quiet():
    clock = FakeClock()
    changes = Changes(quiet=0.3, cap=2.0, clock=clock)
    stop = threading.Event()
    for i in range(17):  # an event every 0.125 s for 2 s: never 0.3 s of quiet
        changes.add(f"Meetings/{i}.md")
        if i < 16:
            clock.now += 0.125
    # at the 2 s cap, right after an event, the burst is handed over anyway
    threading.Timer(2.0, lambda: (stop.set(), changes.wake())).start()  # a bound, should it hang
    paths, full = changes.wait(stop, timeout=5)
    assert paths == {f"Meetings/{i}.md" for i in range(17)}
    assert full is False


def test_changes_cap_a_real_stream_of_events():
    changes = Changes(quiet=0.15, cap=0.5)
    stop = threading.Event()
    done = threading.Event()

    def stream() -> None:
        i = 0
        while not done.is_set() and i < 200:  # an event every 20 ms for up to 4 s
            changes.add(f"Meetings/{i}.md")
            i += 1
            time.sleep(0.02)

    feeder = threading.Thread(target=stream, daemon=True)
    started = time.monotonic()
    feeder.start()
    try:
        batch = changes.wait(stop, timeout=10)
        elapsed = time.monotonic() - started
    finally:
        done.set()
        feeder.join(5)
    assert batch is not None and batch[0] and batch[1] is False
    assert 0.4 <= elapsed < 1.5, f"a continuous stream was held {elapsed:.2f} s (cap 0.5 s)"


def test_changes_real_quiet_window():
    changes = Changes(quiet=0.15, cap=5.0)
    stop = threading.Event()
    changes.add("a.md")
    time.sleep(0.05)
    changes.add("b.md")
    started = time.monotonic()
    assert changes.wait(stop, timeout=10) == ({"a.md", "b.md"}, False)
    assert 0.05 <= time.monotonic() - started < 1.0


def test_changes_none_asks_for_a_full_rescan():
    clock = FakeClock()
    changes = Changes(quiet=0.3, cap=2.0, clock=clock)
    stop = threading.Event()
    changes.add(None)
    clock.now += 0.5
    assert changes.wait(stop, timeout=5) == (set(), True)
    changes.add("Notes/x.md")
    changes.add(None)
    clock.now += 0.5
    assert changes.wait(stop, timeout=5) == ({"Notes/x.md"}, True)
    changes.add("Notes/y.md")
    clock.now += 0.5
    assert changes.wait(stop, timeout=5) == ({"Notes/y.md"}, False)  # the flag does not stick


def test_changes_wait_times_out_with_nothing_pending():
    changes = Changes(quiet=0.1, cap=1.0)
    started = time.monotonic()
    assert changes.wait(threading.Event(), timeout=0.2) is None
    assert 0.15 <= time.monotonic() - started < 1.0


def test_changes_wait_returns_at_once_when_stopped():
    changes = Changes(quiet=0.1, cap=1.0)
    stop = threading.Event()
    stop.set()
    changes.add("a.md")
    started = time.monotonic()
    assert changes.wait(stop, timeout=10) is None
    assert time.monotonic() - started < 0.5


# -- EventFilter --------------------------------------------------------------------------------


@pytest.fixture
def events(tmp_path):
    root = tmp_path / "vault"
    (root / "Contacts").mkdir(parents=True)
    changes = Changes(quiet=0.1, cap=1.0)
    handler = EventFilter(root, "VaultKit", changes)

    def send(event_type, *rel: str):
        handler.dispatch(event_type(*(str(root / r) for r in rel)))
        return changes.paths, changes.full

    return send, changes


@pytest.mark.parametrize("rel", [
    ".obsidian/workspace.json",
    ".obsidian/plugins/x/data.md",
    ".git/index",
    ".git/COMMIT_EDITMSG.md",
    ".vaultkit/manifest.json",
    f".vaultkit/.manifest.json{TEMP_MARK}0a1b2c",
    "VaultKit/Balance.md",
    "VaultKit/Balance/Ana.md",
    f"VaultKit/Balance/.Ana.md{TEMP_MARK}0a1b2c",
    "vaultkit/Dashboard.md",  # the output folder, in another case
    ".trash/Ana.md",
    "Notes/picture.png",
    "Notes/data.json",
    "Notes/vaultkit.toml",  # only the vault's own config counts
    "4913",
    "Contacts/4913",
    "Contacts/Ana.md~",
    "Contacts/.Ana.md.swp",
    "Contacts/.Ana.md.swx",
    "Contacts/.syncthing.Ana.md.tmp",
    "Contacts/~syncthing~Ana.md.tmp",
])
def test_event_filter_ignores_what_is_not_a_note(events, rel):
    send, changes = events
    for kind in (FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileClosedEvent):
        assert send(kind, rel) == (set(), False), f"{kind.__name__} on {rel}"
    assert changes.first is None  # nothing pending: no rebuild will follow


@pytest.mark.parametrize("rel", ["Contacts/Ana.md", "Top.md", "Notes/Deep/er/Idea.MD", "vaultkit.toml",
                                 "Contacts/Ana.sync-conflict-20261122-120000-ABCDEF.md"])
def test_event_filter_passes_notes_and_the_config(events, rel):
    send, _ = events
    assert send(FileModifiedEvent, rel) == ({rel}, False)


@pytest.mark.parametrize("kind", [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileClosedEvent])
def test_event_filter_passes_every_kind_of_file_event(events, kind):
    send, _ = events
    assert send(kind, "Contacts/Ana.md") == ({"Contacts/Ana.md"}, False)


@pytest.mark.parametrize("kind", [FileOpenedEvent, FileClosedNoWriteEvent])
def test_event_filter_ignores_reads(events, kind):
    send, changes = events
    assert send(kind, "Contacts/Ana.md") == (set(), False)
    assert changes.first is None


def test_event_filter_records_both_sides_of_a_move(events):
    send, _ = events
    assert send(FileMovedEvent, "Notes/x.md", "Contacts/x.md") == ({"Notes/x.md", "Contacts/x.md"}, False)


def test_event_filter_a_move_into_the_trash_is_a_delete(events):
    send, _ = events
    assert send(FileMovedEvent, "Contacts/Ana.md", ".trash/Ana.md") == ({"Contacts/Ana.md"}, False)


def test_event_filter_temp_files_renamed_onto_a_note(events):
    send, _ = events
    assert send(FileMovedEvent, "Contacts/.syncthing.Ana.md.tmp", "Contacts/Ana.md") == ({"Contacts/Ana.md"}, False)
    assert send(FileMovedEvent, "Contacts/Ana.md", "Contacts/Ana.md~")[0] == {"Contacts/Ana.md"}


@pytest.mark.parametrize("kind,rel", [
    (DirMovedEvent, ("Meetings/2026", "Meetings/Archive")),
    (DirDeletedEvent, ("Meetings/2026",)),
    (DirCreatedEvent, ("Meetings/2027",)),
])
def test_event_filter_folder_changes_ask_for_a_full_rescan(events, kind, rel):
    send, _ = events
    assert send(kind, *rel)[1] is True


def test_event_filter_folder_modified_is_not_a_full_rescan(events):
    send, _ = events  # inotify reports every file change as a change of its folder too
    assert send(DirModifiedEvent, "Contacts") == (set(), False)


def test_event_filter_folders_that_are_not_watched_for_notes(events):
    send, _ = events
    for rel in ("VaultKit/Balance", ".trash/Old", ".git/objects/ab", ".obsidian"):
        assert send(DirCreatedEvent, rel) == (set(), False), rel
        assert send(DirDeletedEvent, rel) == (set(), False), rel


def test_event_filter_ignores_paths_outside_the_vault(events, tmp_path):
    send, changes = events
    handler = EventFilter(tmp_path / "vault", "VaultKit", changes)
    handler.dispatch(FileModifiedEvent(str(tmp_path / "elsewhere" / "x.md")))
    handler.dispatch(FileModifiedEvent(str(tmp_path / "vault")))
    assert (changes.paths, changes.full) == (set(), False)


# -- the watch loop: start ----------------------------------------------------------------------


def test_a_full_build_at_start_then_watching(vault):
    with watching(vault) as w:
        assert w.watcher.builds == 2  # the first build, and the catch-up rescan once watching (silent: no change)
        assert "| 2026-11-01 | give | a book on chess |" in balance(w, "Ana")
        assert "No problems found." in w.page("Problems.md")
        assert "[[Contacts/Ana|Ana]]" in w.page("Follow-ups.md")
        assert len(w.lines) == 1
        assert " start: 6 pages written, 0 deleted, 0 problems (0 errors), " in w.lines[0], w.lines


def test_a_save_shows_within_about_a_second_with_the_default_timings(vault):
    with watching(vault, quiet=QUIET_SECONDS, cap=CAP_SECONDS) as w:
        note = w.note(COFFEE)
        started = time.monotonic()
        with open(note, "a", encoding="utf-8") as handle:
            handle.write("- a chess clock\n")
        assert wait_until(lambda: "a chess clock" in balance(w, "Ana"), timeout=10)
        latency = time.monotonic() - started
        assert latency < 1.5, f"the page was updated {latency:.2f} s after the save"


# -- every editor's way of saving -------------------------------------------------------------


def test_in_place_write(vault):
    with watching(vault) as w:
        with open(w.note(COFFEE), "a", encoding="utf-8") as handle:  # appended where it is
            handle.write("- a chess clock\n")
        assert wait_until(lambda: "| give | a chess clock |" in balance(w, "Ana")), balance(w, "Ana")
        with open(w.note(COFFEE), "r+b") as handle:  # overwritten in place, same size
            data = handle.read()
            handle.seek(0)
            handle.write(data.replace(b"a chess clock", b"a chess board"))
        assert wait_until(lambda: "| give | a chess board |" in balance(w, "Ana")), balance(w, "Ana")
        assert "a chess clock" not in balance(w, "Ana")
        assert "a book on chess" in balance(w, "Ana")


def test_truncate_then_write_rereads_the_empty_and_half_written_file(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        final = meeting("2026-11-01", "Ana", "a book on chess", "a chess clock")
        with open(note, "w", encoding="utf-8") as handle:  # truncated: empty on disk for a moment
            handle.flush()
            time.sleep(0.15)
            handle.write(final[:30])  # half written: front matter not even closed
            handle.flush()
            time.sleep(0.15)
            handle.write(final[30:])
        assert wait_until(lambda: "| give | a chess clock |" in balance(w, "Ana")), balance(w, "Ana")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")
        problems = w.page("Problems.md")
        for code in ("missing-date", "missing-participants", "frontmatter-unclosed"):
            assert code not in problems
        assert "a book on chess" in balance(w, "Ana")


def test_write_temp_then_rename(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        temp = note.with_name(note.name + ".tmp.4821")
        temp.write_text(meeting("2026-11-01", "Ana", "a book on chess", "an opening guide"), encoding="utf-8")
        os.replace(temp, note)
        assert wait_until(lambda: "| give | an opening guide |" in balance(w, "Ana")), balance(w, "Ana")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "No problems found." in w.page("Problems.md")
        assert not temp.exists()


def test_vim_backup_and_replace(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        swap = note.with_name(f".{note.name}.swp")
        swap.write_bytes(b"b0VIM 9.1" + b"\0" * 4000)  # vim's swap file while editing
        probe = note.parent / "4913"  # vim checks it may create files in the folder
        probe.write_bytes(b"")
        probe.unlink()
        backup = note.with_name(note.name + "~")
        os.rename(note, backup)
        note.write_text(meeting("2026-11-01", "Ana", "a book on chess", "a vim cheat sheet"), encoding="utf-8")
        backup.unlink()
        swap.write_bytes(b"b0VIM 9.1" + b"\1" * 4000)
        assert wait_until(lambda: "| give | a vim cheat sheet |" in balance(w, "Ana")), balance(w, "Ana")
        swap.unlink()
        assert "a book on chess" in balance(w, "Ana")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")
        assert settle(w.watcher)
        for name in ("Balance.md", "Dashboard.md", "Follow-ups.md", "Problems.md"):
            text = w.page(name)
            assert "4913" not in text and ".swp" not in text and "Coffee.md~" not in text


def test_syncthing_temp_file_and_conflict_copy(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        temp = note.with_name(f".syncthing.{note.name}.tmp")
        temp.write_text(meeting("2026-11-01", "Ana", "a book on chess", "a synced gift"), encoding="utf-8")
        os.replace(temp, note)
        assert wait_until(lambda: "| give | a synced gift |" in balance(w, "Ana")), balance(w, "Ana")

        conflict = w.note("Contacts/Ana.sync-conflict-20261122-120000-ABCDEF.md")
        conflict.write_text("---\ntype: contact\ncadence: weekly\n---\nAna plays chess and go.\n", encoding="utf-8")
        assert wait_until(lambda: "sync-conflict" in w.page("Problems.md")), w.page("Problems.md")
        assert settle(w.watcher)
        problems = w.page("Problems.md")
        assert "0 errors, 1 warnings." in problems, problems  # only the conflict copy: no duplicate contact
        assert sorted(p.name for p in (w.root / OUT / "Balance").iterdir()) == ["Ana.md"]
        assert "sync-conflict" not in w.page("Balance.md")
        followups = w.page("Follow-ups.md")
        assert "sync-conflict" not in followups and followups.count("**[[Contacts/Ana|Ana]]**") == 1
        assert "every 1m" in followups  # still Ana's own cadence, not the copy's

        conflict.unlink()  # merged by the user
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")


def test_git_checkout_deletes_then_creates(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        note.unlink()
        note.write_text(meeting("2026-11-01", "Ana", "a checked-out gift"), encoding="utf-8")
        luis = w.note("Meetings/2026/2026-11-03 Run.md")
        luis.write_text(meeting("2026-11-03", "Luis", "new running shoes"), encoding="utf-8")
        assert wait_until(lambda: "| give | a checked-out gift |" in balance(w, "Ana")), balance(w, "Ana")
        assert wait_until(lambda: "| give | new running shoes |" in balance(w, "Luis")), balance(w, "Luis")
        assert "a book on chess" not in balance(w, "Ana")
        assert "No problems found." in w.page("Problems.md")


def test_git_checkout_of_a_new_folder_with_notes(vault):
    with watching(vault) as w:
        folder = w.note("Meetings/2025")
        folder.mkdir()
        for i in range(5):
            (folder / f"2025-06-0{i + 1} Call.md").write_text(
                meeting(f"2025-06-0{i + 1}", "Luis", f"old favour {i}", kind="call"), encoding="utf-8")
        assert wait_until(lambda: all(f"| old favour {i} |" in balance(w, "Luis") for i in range(5))), \
            balance(w, "Luis")


def test_move_into_the_trash_is_a_delete(vault):
    with watching(vault) as w:
        assert "a book on chess" in balance(w, "Ana")
        trash = w.note(".trash")
        trash.mkdir()
        os.rename(w.note(COFFEE), trash / "2026-11-01 Coffee.md")
        assert wait_until(lambda: "a book on chess" not in w.page("Balance.md")
                          and not (w.root / OUT / "Balance" / "Ana.md").exists()), balance(w, "Ana")
        assert "a book on chess" not in w.page("Dashboard.md")
        assert "Coffee" not in w.page("Follow-ups.md")
        assert "No problems found." in w.page("Problems.md")


def test_folder_rename(vault):
    with watching(vault) as w:
        assert "[[Meetings/2026/2026-11-01 Coffee\\|" in balance(w, "Ana")
        os.rename(w.note("Meetings/2026"), w.note("Meetings/Archive"))
        assert wait_until(lambda: "[[Meetings/Archive/2026-11-01 Coffee\\|" in balance(w, "Ana")), balance(w, "Ana")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "Meetings/2026/" not in balance(w, "Ana")
        assert "[[Meetings/Archive/2026-11-01 Coffee|" in w.page("Follow-ups.md")
        assert "Meetings/2026/" not in w.page("Follow-ups.md")
        assert "No problems found." in w.page("Problems.md")
        # the renamed folder is still watched
        with open(w.note("Meetings/Archive/2026-11-01 Coffee.md"), "a", encoding="utf-8") as handle:
            handle.write("- a game review\n")
        assert wait_until(lambda: "| give | a game review |" in balance(w, "Ana")), balance(w, "Ana")


def test_note_moved_between_folders_changes_its_kind(vault):
    with watching(vault) as w:
        w.note("Meetings/2026/2026-11-02 Walk.md").write_text(meeting("2026-11-02", "Pat", "a map of town"),
                                                              encoding="utf-8")
        assert wait_until(lambda: "unknown-contact" in w.page("Problems.md")), w.page("Problems.md")
        assert not (w.root / OUT / "Balance" / "Pat.md").exists()
        os.rename(w.note("Notes/Pat.md"), w.note("Contacts/Pat.md"))  # now a contact, by its folder
        assert wait_until(lambda: "| give | a map of town |" in balance(w, "Pat")), w.page("Problems.md")
        assert "[[Contacts/Pat|Pat]]" in balance(w, "Pat")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")
        os.rename(w.note("Contacts/Pat.md"), w.note("Notes/Pat.md"))  # and back
        assert wait_until(lambda: not (w.root / OUT / "Balance" / "Pat.md").exists()
                          and "unknown-contact" in w.page("Problems.md")), w.page("Problems.md")


# -- bursts, deletes, renames, broken notes -----------------------------------------------------


def test_a_burst_of_200_new_notes_is_coalesced(vault):
    with watching(vault) as w:
        before = w.watcher.builds
        folder = w.note("Meetings/Burst")
        folder.mkdir()
        for i in range(200):
            (folder / f"2026-10-{i % 28 + 1:02d} Call {i:03d}.md").write_text(
                meeting(f"2026-10-{i % 28 + 1:02d}", "Luis", f"burst gift {i:03d}", kind="call"), encoding="utf-8")
        assert wait_until(lambda: "Given 200 ·" in balance(w, "Luis"), timeout=20), balance(w, "Luis")[:300]
        assert settle(w.watcher)
        text = balance(w, "Luis")
        assert all(f"| give | burst gift {i:03d} |" in text for i in range(200))
        assert "No problems found." in w.page("Problems.md")
        rebuilds = w.watcher.builds - before
        assert 1 <= rebuilds <= 10, f"{rebuilds} rebuilds for a burst of 200 new notes"
        # one terminal line per rebuild
        assert len(rebuild_lines(w.lines)) == w.watcher.builds - 1  # the silent catch-up rescan prints nothing
        assert all("\n" not in line for line in w.lines)


def test_a_burst_of_200_edits_to_existing_notes(vault):
    files = {f"Meetings/Many/2026-09-{i % 28 + 1:02d} Chat {i:03d}.md":
             meeting(f"2026-09-{i % 28 + 1:02d}", "Luis", f"chat {i:03d}", kind="message") for i in range(200)}
    for rel, text in files.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, encoding="utf-8")
    with watching(vault) as w:
        assert "Given 200 ·" in balance(w, "Luis")
        before = w.watcher.builds
        for rel, text in files.items():
            (w.root / rel).write_text(text.replace("- chat", "- edited chat"), encoding="utf-8")
        assert wait_until(lambda: balance(w, "Luis").count("| give | edited chat ") == 200, timeout=20)
        assert settle(w.watcher)
        assert "| give | chat " not in balance(w, "Luis")
        assert w.watcher.builds - before <= 10


def test_delete_and_rename_notes(vault):
    with watching(vault) as w:
        walk = w.note("Meetings/2026/2026-11-05 Walk.md")
        walk.write_text(meeting("2026-11-05", "Luis", "a trail map"), encoding="utf-8")
        assert wait_until(lambda: "| give | a trail map |" in balance(w, "Luis")), balance(w, "Luis")

        os.rename(walk, walk.with_name("2026-11-05 Hike.md"))  # a rename
        assert wait_until(lambda: "[[Meetings/2026/2026-11-05 Hike\\|" in balance(w, "Luis")), balance(w, "Luis")
        assert "2026-11-05 Walk" not in balance(w, "Luis")

        w.note(COFFEE).unlink()  # a delete
        assert wait_until(lambda: not (w.root / OUT / "Balance" / "Ana.md").exists()), balance(w, "Ana")
        assert "a book on chess" not in w.page("Balance.md")
        assert "| give | a trail map |" in balance(w, "Luis")

        w.note("Contacts/Luis.md").unlink()  # a contact deleted while notes still name it
        assert wait_until(lambda: "unknown-contact" in w.page("Problems.md")), w.page("Problems.md")
        assert wait_until(lambda: not (w.root / OUT / "Balance" / "Luis.md").exists())  # stale pages go last
        assert w.alive()


def test_a_deleted_folder(vault):
    with watching(vault) as w:
        shutil.rmtree(w.note("Meetings/2026"))
        assert wait_until(lambda: not (w.root / OUT / "Balance" / "Ana.md").exists()), balance(w, "Ana")
        assert "a book on chess" not in w.page("Balance.md")


def test_a_broken_note_then_fixed(vault):
    with watching(vault) as w:
        ana = w.note("Contacts/Ana.md")
        good = ana.read_text(encoding="utf-8")
        ana.write_text("---\ntype: [contact\ncadence: monthly\n---\nAna plays chess.\n", encoding="utf-8")
        assert wait_until(lambda: "yaml-invalid" in w.page("Problems.md")), w.page("Problems.md")
        assert "[[Contacts/Ana|Ana]]" in w.page("Problems.md")
        assert w.alive()
        assert wait_until(lambda: any("problems (1 errors)" in line for line in w.lines), timeout=2), w.lines
        # watch goes on: other notes still update
        w.note("Meetings/2026/2026-11-07 Run.md").write_text(meeting("2026-11-07", "Luis", "a puzzle book"),
                                                             encoding="utf-8")
        assert wait_until(lambda: "| give | a puzzle book |" in balance(w, "Luis")), balance(w, "Luis")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "yaml-invalid" in w.page("Problems.md")
        ana.write_text(good, encoding="utf-8")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "| give | a book on chess |" in balance(w, "Ana")
        assert w.alive()


def test_a_note_that_is_not_utf8_or_binary_does_not_stop_watch(vault):
    with watching(vault) as w:
        w.note("Notes/Binary.md").write_bytes(b"\xff\xfe\x00\x01garbage\x00" * 50)
        assert wait_until(lambda: w.watcher.builds >= 2)
        assert settle(w.watcher)
        assert w.alive()
        with open(w.note(COFFEE), "a", encoding="utf-8") as handle:
            handle.write("- still watching\n")
        assert wait_until(lambda: "| give | still watching |" in balance(w, "Ana")), balance(w, "Ana")


# -- configuration ------------------------------------------------------------------------------


CONFIG_VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\n---\n",
    "Friends/Pat.md": "Pat draws maps.\n",
    "Meetings/2026-11-02 Walk.md": meeting("2026-11-02", "Pat", "a map of town"),
    "Meetings/2026-11-03 Chess.md": meeting("2026-11-03", "Ana", "a chess set"),
}


def test_config_change_reloads_and_rebuilds_and_a_bad_config_keeps_the_last_good_one(make_vault):
    root = make_vault(CONFIG_VAULT)
    with watching(root) as w:
        assert "unknown-contact" in w.page("Problems.md")
        assert not (root / OUT / "Balance" / "Pat.md").exists()

        (root / "vaultkit.toml").write_text('[folders]\ncontacts = ["Friends"]\n', encoding="utf-8")
        assert wait_until(lambda: "| give | a map of town |" in balance(w, "Pat")), w.page("Problems.md")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "| give | a chess set |" in balance(w, "Ana")  # by its type, in any folder

        said = len(w.lines)
        (root / "vaultkit.toml").write_text('[folders\ncontacts = ["Friends"\n', encoding="utf-8")
        assert wait_until(lambda: "config-invalid" in w.page("Problems.md")), w.page("Problems.md")
        assert any("keeping the previous settings" in line for line in w.lines[said:]), w.lines
        assert w.alive()
        assert "| give | a map of town |" in balance(w, "Pat")  # the previous settings still apply
        assert "[[vaultkit.toml" in w.page("Problems.md") or "vaultkit.toml" in w.page("Problems.md")

        # edits while the config is bad are still built with the last good settings
        with open(root / "Meetings/2026-11-02 Walk.md", "a", encoding="utf-8") as handle:
            handle.write("- a compass\n")
        assert wait_until(lambda: "| give | a compass |" in balance(w, "Pat")), balance(w, "Pat")
        assert settle(w.watcher)  # the build that wrote it has written every page
        assert "config-invalid" in w.page("Problems.md")

        (root / "vaultkit.toml").write_text("# back to the defaults\n", encoding="utf-8")
        assert wait_until(lambda: not (root / OUT / "Balance" / "Pat.md").exists()
                          and "config-invalid" not in w.page("Problems.md")), w.page("Problems.md")
        assert "unknown-contact" in w.page("Problems.md")


def test_a_bad_config_at_start_is_reported_and_defaults_used(make_vault):
    root = make_vault({**CONFIG_VAULT, "vaultkit.toml": "[folders\n"})
    with watching(root) as w:
        assert "config-invalid" in w.page("Problems.md")
        assert "| give | a chess set |" in balance(w, "Ana")
        (root / "vaultkit.toml").write_text('[folders]\ncontacts = ["Friends"]\n', encoding="utf-8")
        assert wait_until(lambda: "| give | a map of town |" in balance(w, "Pat")), w.page("Problems.md")
        assert wait_until(lambda: "No problems found." in w.page("Problems.md")), w.page("Problems.md")


def test_config_saved_by_temp_and_rename(make_vault):
    root = make_vault(CONFIG_VAULT)
    with watching(root) as w:
        temp = root / ".vaultkit.toml.tmp"
        temp.write_text('[folders]\ncontacts = ["Friends"]\n', encoding="utf-8")
        os.replace(temp, root / "vaultkit.toml")
        assert wait_until(lambda: "| give | a map of town |" in balance(w, "Pat")), w.page("Problems.md")


# -- no loop on its own writes --------------------------------------------------------------------


def test_no_rebuild_loop_on_its_own_writes(vault):
    with watching(vault) as w:
        note = w.note(COFFEE)
        with open(note, "a", encoding="utf-8") as handle:
            handle.write("- gift one\n")
        temp = note.with_name(note.name + ".tmp")
        temp.write_text(note.read_text(encoding="utf-8") + "- gift two\n", encoding="utf-8")
        os.replace(temp, note)
        w.note("Meetings/2026/2026-11-04 Run.md").write_text(meeting("2026-11-04", "Luis", "gift three"),
                                                              encoding="utf-8")
        assert wait_until(lambda: "| give | gift two |" in balance(w, "Ana")
                          and "| give | gift three |" in balance(w, "Luis")), balance(w, "Ana")
        assert settle(w.watcher, calm=0.4), f"builds never stopped: {w.lines[-5:]}"
        builds, stats, said = w.watcher.builds, output_stats(w.root), len(w.lines)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            assert w.watcher.builds == builds, f"rebuilt with no edit: {w.lines[said:]}"
            time.sleep(0.05)
        assert output_stats(w.root) == stats
        assert len(w.lines) == said
        assert w.alive()


def test_no_rebuild_on_its_own_writes_after_the_output_folder_moves(make_vault):
    root = make_vault(VAULT)
    generated = root / "Generated" / "Balance" / "Ana.md"

    def ana() -> str:
        return generated.read_text(encoding="utf-8") if generated.exists() else ""

    with watching(root) as w:
        before = w.watcher.builds
        (root / "vaultkit.toml").write_text('output_folder = "Generated"\n', encoding="utf-8")
        assert wait_until(lambda: "a book on chess" in ana()), w.lines
        assert settle(w.watcher, calm=0.5)
        for_config = w.watcher.builds - before
        before = w.watcher.builds
        with open(root / COFFEE, "a", encoding="utf-8") as handle:
            handle.write("- a chess clock\n")
        assert wait_until(lambda: "| give | a chess clock |" in ana()), ana()
        assert settle(w.watcher, calm=0.5)
        for_edit = w.watcher.builds - before
        assert (for_config, for_edit) == (1, 1), f"builds for the config change, then one edit: {w.lines[1:]}"


# -- robustness ----------------------------------------------------------------------------------


def test_a_periodic_rescan_catches_dropped_events(vault, monkeypatch):
    with watching(vault, rescan=0.5) as w:
        builds, said = w.watcher.builds, len(w.lines)
        assert wait_until(lambda: w.watcher.builds >= builds + 2, timeout=5)  # idle rescans happen...
        assert len(w.lines) == said  # ...and say nothing when nothing changed
        monkeypatch.setattr(EventFilter, "on_any_event", lambda self, event: None)  # the OS drops events
        said = len(w.lines)
        add_two_gifts(w, "a dropped gift", "an unseen favour", "2026-11-06", "Quiet", timeout=5)
        # the rescan that wrote pages says so (its line comes just after the pages)
        assert wait_until(lambda: len(rebuild_lines(w.lines[said:])) >= 1, timeout=2), w.lines


def test_every_build_is_handed_on_even_an_idle_rescan(vault):
    """``after_build`` (the log, the daily nudge) sees every build, quiet rescans included: an
    idle watcher still reaches the first build after the nudge's hour within a rescan."""
    seen = []
    with watching(vault, rescan=0.3, after_build=seen.append) as w:
        builds, said = w.watcher.builds, len(w.lines)
        assert wait_until(lambda: len(seen) >= builds + 2, timeout=5)
        assert len(w.lines) == said  # the rescans found nothing to say
    assert len(seen) == w.watcher.builds
    assert all(result.elsewhere is None and result.note_count == 4 for result in seen)


def test_date_rolls_over_without_a_file_event(vault, monkeypatch):
    current = [TODAY]
    monkeypatch.setattr(Watcher, "seconds_to_midnight", lambda self: 0.2)
    with watching(vault, today=None, clock_today=lambda: current[0]) as w:
        assert w.page("Follow-ups.md").startswith("---\nvaultkit: generated\nas_of: 2026-11-22\n")
        builds = w.watcher.builds
        current[0] = TODAY + dt.timedelta(days=1)
        assert wait_until(lambda: "as_of: 2026-11-23" in w.page("Follow-ups.md"), timeout=5), w.lines
        for name in ("Dashboard.md", "Follow-ups.md", "Goals.md"):  # the pages that show the date
            assert wait_until(lambda: w.page(name).startswith(f"{GENERATED}as_of: 2026-11-23\n"), timeout=5), name
        for name in ("Balance.md", "Balance/Ana.md", "Problems.md"):
            assert w.page(name).startswith(f"{GENERATED}---\n"), name
        assert settle(w.watcher)
        assert any("the date is now 2026-11-23" in line for line in w.lines[1:]), w.lines
        assert w.watcher.builds == builds + 1  # one rebuild for the new day, not one per second


def test_a_fixed_today_never_rolls_over(vault):
    current = [TODAY]
    with watching(vault, today=TODAY, clock_today=lambda: current[0]) as w:
        builds = w.watcher.builds
        current[0] = TODAY + dt.timedelta(days=1)
        time.sleep(1.3)  # the loop looks at the date at least once a second
        assert w.watcher.builds == builds
        assert "as_of: 2026-11-22" in w.page("Follow-ups.md")


@pytest.mark.parametrize("where", ["schedule", "start"])
def test_watch_limit_falls_back_to_polling(vault, monkeypatch, where):
    from watchdog.observers import Observer

    def refuse(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(Observer, where, refuse)
    with watching(vault) as w:
        assert any("limit" in line and "polling" in line for line in w.lines), w.lines
        with open(w.note(COFFEE), "a", encoding="utf-8") as handle:
            handle.write("- a polled gift\n")
        assert wait_until(lambda: "| give | a polled gift |" in balance(w, "Ana"), timeout=10), balance(w, "Ana")


def test_watch_limit_reached_below_the_root_falls_back_to_polling(vault, monkeypatch):
    """watchdog 7 swallows the limit for subfolders (only the root's failure is raised):
    the watcher must still notice that folders are unwatched, say so, and poll."""
    from watchdog.observers.inotify_c import InotifyFD

    root_path = os.fsencode(os.path.realpath(vault))
    original = InotifyFD.add_callback

    def limited(self, path, *args, **kwargs):
        if os.path.realpath(path) != root_path:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(InotifyFD, "add_callback", limited)
    with watching(vault) as w:
        with open(w.note(COFFEE), "a", encoding="utf-8") as handle:
            handle.write("- a gift in a subfolder\n")
        updated = wait_until(lambda: "| give | a gift in a subfolder |" in balance(w, "Ana"), timeout=6)
        warned = any("limit" in line and "polling" in line for line in w.lines)
        assert warned and updated, f"said {w.lines}; page updated: {updated}"


def test_watch_dot_from_inside_the_vault_watches_every_folder(vault, monkeypatch, capfd):
    """``vaultkit watch .`` is how most people start it: a relative root must neither lose
    the folders below it nor fall back to polling."""
    monkeypatch.chdir(vault)
    with watching(Path(".")) as w:
        assert not any("polling" in line for line in w.lines), w.lines
        with open(vault / COFFEE, "a", encoding="utf-8") as handle:
            handle.write("- a gift seen from a relative root\n")
        assert wait_until(lambda: "| give | a gift seen from a relative root |" in page(vault, "Balance/Ana.md"),
                          timeout=10)
    assert "not under watched root" not in capfd.readouterr().err


def test_polling_mode(vault):
    with watching(vault, polling=True) as w:
        add_two_gifts(w, "a polled gift", "a polled favour", "2026-11-08", "Run", timeout=10)


# -- shutdown ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_vault_template(tmp_path_factory) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import generate

    root = tmp_path_factory.mktemp("big") / "template"
    generate(root, 3000)
    return root


@pytest.fixture
def big_vault(big_vault_template, tmp_path) -> Path:
    # hard links: fast, and safe since no test edits a note of this vault in place (they add new ones)
    return Path(shutil.copytree(big_vault_template, tmp_path / "big", copy_function=os.link))


def check_output_is_whole(root: Path) -> None:
    assert temp_files(root) == []
    out = root / OUT
    pages = sorted(p for p in out.rglob("*") if p.is_file()) if out.exists() else []
    for path in pages:
        assert path.read_text(encoding="utf-8").startswith(GENERATED), path
    manifest = root / ".vaultkit" / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        assert data["output_folder"] == OUT
        on_disk = {p.relative_to(out).as_posix() for p in pages}
        assert set(data["files"]) == on_disk  # every page written is remembered, nothing else
    else:
        assert pages == []


def start_thread(root: Path, **options):
    """A ``Watcher`` running in a daemon thread: (watcher, thread, what it said, what it raised)."""
    lines: list[str] = []
    settings = dict(today=TODAY, say=lines.append, quiet=0.1, cap=1.0)
    settings.update(options)
    watcher = Watcher(root, **settings)
    errors: list[BaseException] = []

    def run():
        try:
            watcher.run()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return watcher, thread, lines, errors


def stop_and_join(watcher: Watcher, thread: threading.Thread) -> float:
    started = time.monotonic()
    watcher.stop.set()
    watcher.changes.wake()
    thread.join(10)
    return time.monotonic() - started


def assert_stopped_cleanly(thread: threading.Thread, took: float, limit: float, errors: list, vault) -> None:
    """The watcher's thread ended within ``limit`` seconds, without an error, every page whole."""
    assert not thread.is_alive()
    assert took < limit, f"stopping took {took:.2f} s"
    assert errors == []
    check_output_is_whole(vault)


def test_stop_while_reading_the_notes_of_the_first_build(big_vault):
    watcher, thread, lines, errors = start_thread(big_vault)
    try:
        assert wait_until(lambda: 0 < watcher.reading[0] < watcher.reading[1], timeout=30, interval=0.005)
    finally:
        took = stop_and_join(watcher, thread)
    assert_stopped_cleanly(thread, took, 2.0, errors, big_vault)


def test_stop_while_writing_the_pages_of_the_first_build(big_vault):
    """A first build writes its pages into a hidden folder renamed into place at the end: a
    stop halfway leaves no output folder, no page and no hidden folder."""
    watcher, thread, lines, errors = start_thread(big_vault)
    out = big_vault / OUT

    def writing() -> bool:
        staging = [p for p in big_vault.iterdir() if p.name.startswith(f".{OUT}{TEMP_MARK}")]
        return any(any(folder.rglob("*.md")) for folder in staging)

    try:
        assert wait_until(writing, timeout=30, interval=0.005)
    finally:
        took = stop_and_join(watcher, thread)
    assert_stopped_cleanly(thread, took, 2.0, errors, big_vault)
    assert not out.exists(), "the stop came after every page was written: not a test of stopping"


def test_a_save_during_the_first_build_is_not_lost(big_vault):
    """A note saved while the first build runs (seconds on a big vault) must show soon after,
    not at the next periodic rescan (5 minutes later by default)."""
    person = sorted(p.stem for p in (big_vault / "Contacts").glob("*.md"))[0]
    watcher, thread, lines, errors = start_thread(big_vault)
    out = big_vault / OUT
    try:
        assert wait_until(lambda: out.exists() and any(out.rglob("*.md")), timeout=30, interval=0.005)
        assert not watcher.ready.is_set()  # still in the first build
        (big_vault / "Meetings" / "2026-11-21 saved during the build.md").write_text(
            meeting("2026-11-21", person, "a gift saved during the first build"), encoding="utf-8")
        assert watcher.ready.wait(30)
        gift = "| give | a gift saved during the first build |"
        seen = wait_until(lambda: gift in page(big_vault, f"Balance/{person}.md"), timeout=6)
        assert seen, f"a save made during the first build never showed (said: {lines})"
    finally:
        stop_and_join(watcher, thread)
    assert not thread.is_alive() and errors == []


def test_stop_while_idle_is_quick(vault):
    watcher, thread, lines, errors = start_thread(vault)
    assert watcher.ready.wait(30)
    took = stop_and_join(watcher, thread)
    assert_stopped_cleanly(thread, took, 1.5, errors, vault)


def test_stop_while_a_burst_is_pending(vault):
    watcher, thread, lines, errors = start_thread(vault, quiet=5.0, cap=30.0)
    assert watcher.ready.wait(30)
    with open(vault / COFFEE, "a", encoding="utf-8") as handle:
        handle.write("- a pending gift\n")
    assert wait_until(lambda: watcher.changes.first is not None, timeout=5)
    took = stop_and_join(watcher, thread)
    assert_stopped_cleanly(thread, took, 1.5, errors, vault)


# -- the command ---------------------------------------------------------------------------------


class Process:
    """``python -m vaultkit watch ...`` with its stderr read line by line in a thread."""

    def __init__(self, *args: str, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", *args], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.out: list[str] = []
        self.readers = [threading.Thread(target=self._read, args=(self.proc.stderr, self.lines), daemon=True),
                        threading.Thread(target=self._collect, args=(self.proc.stdout,), daemon=True)]
        for reader in self.readers:
            reader.start()

    @staticmethod
    def _read(stream, into: queue.Queue) -> None:
        for line in stream:
            into.put(line.rstrip("\n"))

    def _collect(self, stream) -> None:
        for line in stream:
            self.out.append(line)

    def wait_for(self, text: str, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    return False
                continue
            self.seen.append(line)
            if text in line:
                return True
        return False

    def rest(self) -> list[str]:
        for reader in self.readers:
            reader.join(5)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def stop(self, signum: int, timeout: float = 3) -> tuple[int, float]:
        """Send ``signum``; the exit code and the seconds it took to exit."""
        started = time.monotonic()
        self.proc.send_signal(signum)
        code = self.proc.wait(timeout)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def test_cli_watch_rebuilds_and_ends_on_sigterm(vault):
    process = Process(str(vault), "--today", "2026-11-22", cwd=vault)
    try:
        assert process.wait_for("start:"), process.seen
        note = vault / COFFEE
        original = note.read_text(encoding="utf-8")
        # the start line comes just before the observer starts: save until the save is seen
        for _ in range(20):
            note.write_text(original + "- a command-line gift\n", encoding="utf-8")
            if process.wait_for("changed:", timeout=0.5):
                break
        else:
            raise AssertionError(f"no rebuild after a save: {process.seen}")
        assert wait_until(lambda: "| give | a command-line gift |" in page(vault, "Balance/Ana.md"), timeout=5)
        code, took = process.stop(signal.SIGTERM, 3)
    finally:
        process.kill()
    seen = process.rest()
    assert code == 0
    assert took < 3
    assert seen[0].startswith("watching ") and "Ctrl-C" in seen[0]
    assert seen[-1] == "stopped", seen
    # A save right after the start is caught by the watch itself or by the catch-up rescan.
    assert [line for line in seen if " pages written, " in line][1].split(" ", 1)[1].startswith(
        ("Meetings/2026/2026-11-01 Coffee.md changed: ", "saved during the first build: "))
    assert "".join(process.out) == ""
    check_output_is_whole(vault)


def test_cli_watch_quiet_prints_no_rebuild_lines_and_ends_on_ctrl_c(vault):
    process = Process(str(vault), "--today", "2026-11-22", "-q", cwd=vault)
    try:
        assert wait_until(lambda: "a book on chess" in page(vault, "Balance/Ana.md"), timeout=30)
        note = vault / COFFEE
        original = note.read_text(encoding="utf-8")

        def saved() -> bool:  # save again until seen: the first save may precede the observer
            if "| give | a quiet gift |" in page(vault, "Balance/Ana.md"):
                return True
            if time.monotonic() - saved.last > 0.5:
                note.write_text(original + "- a quiet gift\n", encoding="utf-8")
                saved.last = time.monotonic()
            return False

        saved.last = 0.0
        assert wait_until(saved, timeout=15)
        code, took = process.stop(signal.SIGINT, 3)
    finally:
        process.kill()
    seen = process.rest()
    assert code == 0
    assert took < 3
    assert [line for line in seen if "pages written" in line or "start:" in line] == [], seen
    assert "Traceback" not in "\n".join(seen)
    check_output_is_whole(vault)


def test_cli_sigterm_during_the_first_build(big_vault):
    process = Process(str(big_vault), "--today", "2026-11-22", cwd=big_vault)
    try:
        assert process.wait_for("watching ", timeout=30), process.seen
        time.sleep(0.3)  # into the first build (it takes a few seconds on this vault)
        code, took = process.stop(signal.SIGTERM, 5)
    finally:
        process.kill()
    seen = process.rest()
    assert code == 0, seen
    assert took < 2.5, f"took {took:.2f} s"
    assert seen[-1] == "stopped", seen
    check_output_is_whole(big_vault)


def test_a_hand_edit_to_a_page_is_kept_aside_at_the_next_rebuild(vault):
    with watching(vault) as w:
        edited = vault / OUT / "Balance" / "Ana.md"
        generated = edited.read_text(encoding="utf-8")
        mine = generated + "my own line\n"
        edited.write_text(mine, encoding="utf-8")
        assert settle(w.watcher)
        before = w.watcher.builds
        assert edited.read_text(encoding="utf-8") == mine  # the edit itself starts no rebuild
        (vault / "Notes" / "Pat.md").write_text("---\nrole: illustrator\n---\nPat draws maps.\n", encoding="utf-8")
        kept = vault / OUT / "Balance" / f"Ana (edited {TODAY.isoformat()}).md"
        assert wait_until(kept.exists)
        assert kept.read_text(encoding="utf-8") == mine
        assert wait_until(lambda: edited.read_text(encoding="utf-8") == generated)
        assert wait_until(lambda: w.watcher.builds == before + 1)  # counted once its pages are written
        assert wait_until(lambda: any("kept your edited Balance/Ana.md as Balance/Ana (edited" in line for line in w.lines)), w.lines
