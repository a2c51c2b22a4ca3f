"""One writer at a time: the lock in ``.vaultkit/``, between real processes, threads and ``watch``."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit import lock
from vaultkit.build import build
from vaultkit.cli import main
from vaultkit.lock import Busy, VaultLock, locked

from conftest import TODAY
from test_faults import fresh_pages, pages_on_disk
from test_watch import meeting, page, settle, start_thread, stop_and_join, temp_files, wait_until, watching

VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\n---\n",
    "Contacts/Luis.md": "---\ntype: contact\n---\n",
    "Meetings/2026-11-01 Coffee.md": meeting("2026-11-01", "Ana", "a book on chess"),
}


def hold_lock_in_another_process(root: Path, seconds: float) -> subprocess.Popen:
    """A child process that takes the vault's lock, says "held", and keeps it ``seconds``."""
    code = textwrap.dedent(f"""
        import sys, time
        from vaultkit.lock import VaultLock
        with VaultLock({str(root)!r}, wait=0):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "held\n"
    return child


# -- the lock itself ---------------------------------------------------------------------------


def test_the_lock_file_names_its_holder_and_a_second_lock_waits_then_gives_up(make_vault):
    root = make_vault(VAULT)
    with VaultLock(root):
        assert (root / ".vaultkit" / "build.lock").read_text() == f"{os.getpid()}\n"
        started = time.monotonic()
        with pytest.raises(Busy) as caught:
            VaultLock(root, wait=0.3).acquire()
        assert 0.3 <= time.monotonic() - started < 2.0
    assert caught.value.pid == os.getpid()
    assert str(caught.value) == f"another vaultkit build is running on this vault (pid {os.getpid()})"
    with VaultLock(root, wait=0):  # released: free at once
        pass


def test_a_waiting_lock_gets_it_when_the_holder_lets_go(make_vault):
    root = make_vault(VAULT)
    child = hold_lock_in_another_process(root, 0.5)
    started = time.monotonic()
    with VaultLock(root, wait=10):
        waited = time.monotonic() - started
    child.wait(5)
    assert 0.2 < waited < 5.0


def test_a_killed_holder_leaves_no_stale_lock(make_vault):
    root = make_vault(VAULT)
    child = hold_lock_in_another_process(root, 60)
    child.send_signal(signal.SIGKILL)
    child.wait(5)
    assert (root / ".vaultkit" / "build.lock").read_text() == f"{child.pid}\n"  # the file stays...
    with VaultLock(root, wait=1):  # ...but the lock went with the process
        pass


def test_stop_ends_the_wait_at_once(make_vault):
    root = make_vault(VAULT)
    with VaultLock(root):
        started = time.monotonic()
        with pytest.raises(Busy):
            VaultLock(root, wait=float("inf"), stop=lambda: True).acquire()
        assert time.monotonic() - started < 0.5


def test_no_lock_file_through_a_symlinked_state_folder(make_vault, tmp_path):
    root = make_vault(VAULT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / ".vaultkit")
    with locked(root) as notice:
        assert notice == "could not lock the vault ('.vaultkit' is not a plain folder inside the vault); " \
                         "building without the lock"
    result = build(root, TODAY)
    assert list(elsewhere.iterdir()) == []  # neither the lock, the manifest nor the index went there
    assert result.notice.startswith("the index was not written: .vaultkit/ or its index is a symbolic link")
    assert [p.code for p in result.problems] == ["output-conflict"]


# -- the build command ---------------------------------------------------------------------------


def test_a_second_build_exits_1_naming_the_first_and_writes_nothing(make_vault, monkeypatch):
    root = make_vault(VAULT)
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    child = hold_lock_in_another_process(root, 30)
    try:
        result = CliRunner().invoke(main, ["build", str(root), "--today", TODAY.isoformat()])
    finally:
        child.kill()
        child.wait(5)
    assert result.exit_code == 1
    assert result.output == f"Error: another vaultkit build is running on this vault (pid {child.pid})\n"
    assert not (root / "VaultKit").exists()
    assert sorted(p.name for p in (root / ".vaultkit").iterdir()) == ["build.lock"]


def test_a_second_build_waits_for_a_short_first_one(make_vault):
    root = make_vault(VAULT)
    child = hold_lock_in_another_process(root, 0.5)
    result = CliRunner().invoke(main, ["build", str(root), "--today", TODAY.isoformat()])
    child.wait(5)
    assert result.exit_code == 0, result.output
    assert "Balance/Ana.md" in pages_on_disk(root)


def test_a_read_command_waits_briefly_then_answers_from_the_index_as_left(make_vault, monkeypatch):
    """A read command never races a build or watch: it waits for the lock a little, then
    answers from the index the holder keeps, saying so."""
    import vaultkit.build

    root = make_vault(VAULT)
    assert CliRunner().invoke(main, ["build", str(root), "--today", TODAY.isoformat()]).exit_code == 0
    before = (root / ".vaultkit" / "index.sqlite").read_bytes()
    monkeypatch.setattr(vaultkit.build, "READ_WAIT", 0.3)
    with VaultLock(root):
        started = time.monotonic()
        result = CliRunner().invoke(main, ["balance", str(root), "--today", TODAY.isoformat()])
        assert time.monotonic() - started < 5
    assert result.exit_code == 0, result.output
    assert "answered from the index as it last left it" in result.stderr
    assert "Ana" in result.stdout
    assert (root / ".vaultkit" / "index.sqlite").read_bytes() == before


def test_a_read_command_without_an_index_to_fall_back_on_says_busy(make_vault, monkeypatch):
    import vaultkit.build

    root = make_vault(VAULT)
    monkeypatch.setattr(vaultkit.build, "READ_WAIT", 0.3)
    with VaultLock(root):
        result = CliRunner().invoke(main, ["check", str(root), "--today", TODAY.isoformat()])
    assert result.exit_code == 1
    assert result.output.startswith("Error: another vaultkit build is running on this vault")


# -- real processes: the write phases never overlap ----------------------------------------------

TIMED_BUILD = """
import os, sys, time
import vaultkit.incremental.outputs as build
from vaultkit.cli import main

log, pause = sys.argv.pop(1), float(sys.argv.pop(1))
real = build.write_pages

def timed(*args, **kwargs):
    with open(log, "a") as handle:
        handle.write(f"start {os.getpid()} {time.time()!r}\\n")
    time.sleep(pause)  # a long write phase: without the lock the builds would surely overlap here
    report = real(*args, **kwargs)
    with open(log, "a") as handle:
        handle.write(f"end {os.getpid()} {time.time()!r}\\n")
    return report

build.write_pages = timed
main()
"""


def test_concurrent_builds_never_write_at_the_same_time(make_vault, tmp_path):
    files = dict(VAULT)
    for n in range(40):
        files[f"Contacts/P{n}.md"] = "---\ntype: contact\ncadence: weekly\n---\n"
        files[f"Meetings/m{n}.md"] = meeting(f"2026-10-{n % 28 + 1:02d}", f"P{n}", f"gift {n}")
    root = make_vault(files)
    log = tmp_path / "phases.log"
    days = ["2026-11-20", "2026-11-21", "2026-11-22"]
    children = [subprocess.Popen([sys.executable, "-c", TIMED_BUILD, str(log), "0.4", "build", str(root), "-q",
                                  "--today", day], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for day in days]
    results = [child.communicate(timeout=60) for child in children]
    for child, (out, err) in zip(children, results):
        assert child.returncode == 0, err
        assert "Traceback" not in err
    phases: dict[int, dict[str, float]] = {}
    for line in log.read_text().splitlines():
        what, pid, when = line.split()
        phases.setdefault(int(pid), {})[what] = float(when)
    assert sorted(phases) == sorted(child.pid for child in children)
    spans = sorted((p["start"], p["end"]) for p in phases.values())
    for (_, first_end), (second_start, _) in zip(spans, spans[1:]):
        assert first_end <= second_start, f"two builds wrote at once: {spans}"
    # The pages are whole: those of the build that wrote last, byte for byte.
    last = max(phases, key=lambda pid: phases[pid]["end"])
    last_day = days[[child.pid for child in children].index(last)]
    assert pages_on_disk(root) == fresh_pages(root, tmp_path, dt.date.fromisoformat(last_day))
    manifest = json.loads((root / ".vaultkit" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == set(pages_on_disk(root))
    assert temp_files(root) == []


# -- watch ------------------------------------------------------------------------------------


def test_watch_waits_for_a_build_holding_the_lock_then_rebuilds(make_vault):
    root = make_vault(VAULT)
    with watching(root) as w:
        with VaultLock(root):
            w.note("Meetings/2026-11-02 Tea.md").write_text(meeting("2026-11-02", "Luis", "a map"), encoding="utf-8")
            time.sleep(1.0)  # the save is long settled: watch would have rebuilt by now
            assert "a map" not in page(root, "Balance/Luis.md")
        assert wait_until(lambda: "a map" in page(root, "Balance/Luis.md"), timeout=10)


def test_watch_stops_promptly_while_waiting_for_the_lock(make_vault):
    root = make_vault(VAULT)
    with VaultLock(root):
        watcher, thread, lines, errors = start_thread(root)
        time.sleep(0.5)
        assert watcher.builds == 0 and not (root / "VaultKit").exists()  # waiting, not writing
        took = stop_and_join(watcher, thread)
    assert not thread.is_alive() and took < 2.0, took
    assert errors == []


def test_a_save_made_while_watch_waits_for_the_lock_joins_the_build_after_the_wait(make_vault):
    root = make_vault(VAULT)
    with watching(root, quiet=1.0) as w:
        builds = w.watcher.builds
        with VaultLock(root):
            w.note("Meetings/2026-11-02 Tea.md").write_text(meeting("2026-11-02", "Luis", "a map"), encoding="utf-8")
            assert wait_until(lambda: w.watcher.busy, timeout=5)  # its burst is over: waiting for the lock
            w.note("Meetings/2026-11-03 Tea.md").write_text(meeting("2026-11-03", "Luis", "a compass"),
                                                             encoding="utf-8")
            assert wait_until(w.watcher.changes.pending, timeout=5)  # held: its burst is not over
        assert wait_until(lambda: w.watcher.builds > builds, timeout=10)
        # One build after the wait, with both saves: nothing older is written over a fresher page.
        assert "a map" in page(root, "Balance/Luis.md") and "a compass" in page(root, "Balance/Luis.md")
        assert settle(w.watcher)
        assert w.watcher.builds == builds + 1
        assert w.lines[-1].split(" ", 1)[1].startswith("2 files changed: ")


def test_build_while_watch_runs_loses_nothing(make_vault, tmp_path):
    root = make_vault(VAULT)
    with watching(root) as w:
        for n in range(5):
            w.note(f"Meetings/2026-11-1{n} Call.md").write_text(meeting(f"2026-11-1{n}", "Luis", f"tip {n}"),
                                                                  encoding="utf-8")
            result = build(root, TODAY)
            assert not [p for p in result.problems if p.code == "generated-edited"]
        assert wait_until(lambda: "tip 4" in page(root, "Balance/Luis.md"), timeout=10)
        assert settle(w.watcher)
    assert pages_on_disk(root) == fresh_pages(root, tmp_path, TODAY)  # no kept-aside copies, no stale or half page
    assert temp_files(root) == []


# -- the watch lock: how vaultkit status knows a watcher runs ----------------------------------

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def hold_watch_lock_in_another_process(root: Path) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import datetime as dt, time
        from vaultkit.lock import WatchLock
        WatchLock({str(root)!r}).acquire("desk", dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.timezone.utc))
        print("held", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "held\n"
    return child


def test_no_watch_lock_file_is_no_watcher_and_the_probe_creates_nothing(make_vault):
    root = make_vault(VAULT)
    assert lock.watcher_of(root) == (False, None)
    assert not (root / ".vaultkit").exists()


def test_the_watch_lock_names_its_holder_once_and_a_second_watcher_is_refused(make_vault):
    root = make_vault(VAULT)
    child = hold_watch_lock_in_another_process(root)
    try:
        held, holder = lock.watcher_of(root)
        assert held and holder == lock.Watching(child.pid, "desk", "2026-11-22T08:00:00+00:00")
        started = time.monotonic()
        with pytest.raises(lock.WatchHeld) as caught:
            lock.WatchLock(root, wait=0.3).acquire("here", NOON)
        assert 0.3 <= time.monotonic() - started < 2.0
        assert str(caught.value) == (f"another vaultkit watch is running on this vault "
                                     f"(pid {child.pid} on desk since 2026-11-22T08:00:00+00:00)")
    finally:
        child.kill()
        child.wait(5)
    held, holder = lock.watcher_of(root)  # the lock went with the process; the file stays
    assert not held and holder.pid == child.pid
    mine = lock.WatchLock(root, wait=0)
    mine.acquire("here", NOON)
    try:
        assert lock.watcher_of(root) == (True, lock.Watching(os.getpid(), "here", "2026-11-22T12:00:00+00:00"))
    finally:
        mine.release()
    assert lock.watcher_of(root)[0] is False


def test_a_status_probe_never_keeps_a_watcher_from_starting(make_vault):
    """A probe holds the lock for an instant; a watcher starting meanwhile waits that out."""
    root = make_vault(VAULT)
    (root / ".vaultkit").mkdir()
    (root / ".vaultkit" / lock.WATCH_LOCK_NAME).write_text("")
    stop = time.monotonic() + 1.0
    probes = 0

    def probe() -> None:
        nonlocal probes
        while time.monotonic() < stop:
            lock.watcher_of(root)
            probes += 1

    import threading

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        for _ in range(20):
            taken = lock.WatchLock(root)
            taken.acquire("here", NOON)
            taken.release()
    finally:
        prober.join()
    assert probes > 20


def test_the_build_lock_and_the_watch_lock_are_apart(make_vault):
    root = make_vault(VAULT)
    watch = lock.WatchLock(root, wait=0)
    watch.acquire("here", NOON)
    try:
        with VaultLock(root, wait=0):  # a watcher idles without the build lock: builds go on
            pass
    finally:
        watch.release()
