"""``vaultkit status``: a real watcher is seen running (and not, the moment it is killed), the
last build's figures are the ones it printed, and notes changed since are named."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.build import build
from vaultkit.buildlog import RECORD_NAME, load_record
from vaultkit.cli import main
from vaultkit.hosts import this_host
from vaultkit.lock import WATCH_LOCK_NAME
from vaultkit.status import status_text, vault_status

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
from watch_helpers import wait_until

TODAY = "2026-11-22"
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)


def copy_sample(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    return root


def vaultkit(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaultkit", *args], capture_output=True, text=True, timeout=timeout)


def status_json(root: Path, *more: str) -> dict:
    result = CliRunner().invoke(main, ["status", str(root), "--json", "--today", TODAY, *more])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def start_watch(root: Path, *more: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", str(root), "--today", TODAY, *more],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def watched_by(root: Path, pid: int) -> bool:
    """Whether status sees a watcher running with ``pid`` (it writes its pid once it holds the lock)."""
    found = vault_status(root, NOW.date())
    return bool(found.running) and found.watching is not None and found.watching.pid == pid


def test_a_live_watcher_is_running_and_a_killed_one_is_not_at_once(tmp_path):
    root = copy_sample(tmp_path)
    assert status_json(root)["watcher"]["running"] is False
    child = start_watch(root)
    try:
        assert wait_until(lambda: watched_by(root, child.pid)), child.stderr
        shown = status_json(root)
        assert shown["watcher"] == {"running": True, "pid": child.pid, "host": this_host(),
                                    "since": shown["watcher"]["since"]}
        started = dt.datetime.fromisoformat(shown["watcher"]["since"])
        assert abs((dt.datetime.now(dt.timezone.utc) - started).total_seconds()) < 60
        text = CliRunner().invoke(main, ["status", str(root), "--today", TODAY]).stdout
        assert f"watcher     running (pid {child.pid} on {this_host()} since " in text
        # a second watcher on the same vault is refused, naming the first
        second = vaultkit("watch", str(root), "--today", TODAY)
        assert second.returncode == 1
        assert second.stderr.strip() == (f"Error: another vaultkit watch is running on this vault "
                                         f"(pid {child.pid} on {this_host()} since {shown['watcher']['since']})")
        assert wait_until(lambda: (load_record(root) or None) is not None and load_record(root).by == "watch")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    shown = status_json(root)  # at once: the operating system dropped the lock with the process
    assert shown["watcher"]["running"] is False
    assert shown["watcher"]["pid"] == child.pid  # the file stays, and says who last held it
    assert (root / ".vaultkit" / WATCH_LOCK_NAME).exists()
    # and a new watcher can start
    again = start_watch(root)
    try:
        assert wait_until(lambda: watched_by(root, again.pid))
        assert status_json(root)["watcher"]["pid"] == again.pid
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(20)
    assert again.returncode == 0
    assert status_json(root)["watcher"]["running"] is False


def test_the_last_build_is_what_the_build_printed(tmp_path):
    root = copy_sample(tmp_path)
    (root / "Meetings" / "Stray.md").write_text("---\ntype: meeting\ndate: 2026-11-20\nwith: [\"[[Nobody Known]]\"]\n---\n",
                                                encoding="utf-8")
    before = time.time()
    built = vaultkit("build", str(root), "--today", TODAY)
    after = time.time()
    summary = re.fullmatch(r"built (\d+) pages from (\d+) notes: (\d+) written, (\d+) unchanged, (\d+) deleted: "
                           r"(\d+) errors?, (\d+) warnings?", built.stderr.strip().splitlines()[-1])
    assert summary, built.stderr
    pages, notes, written, unchanged, deleted, errors, warnings = map(int, summary.groups())
    assert warnings > 0 and written == pages
    last = status_json(root)["last_build"]
    assert {k: last[k] for k in ("pages", "notes", "written", "unchanged", "deleted", "errors", "warnings")} == {
        "pages": pages, "notes": notes, "written": written, "unchanged": unchanged, "deleted": deleted,
        "errors": errors, "warnings": warnings}
    assert last["by"] == "build" and last["host"] == this_host() and last["today"] == TODAY
    assert last["wrote"] is True and last["failed"] is False and last["last_error"] is None
    assert before - 1 <= dt.datetime.fromisoformat(last["finished"]).timestamp() <= after + 1
    assert 0 < last["seconds"] < after - before + 1
    text = CliRunner().invoke(main, ["status", str(root), "--today", TODAY]).stdout
    assert (f"            {pages} pages from {notes} notes: {written} written, {unchanged} unchanged, "
            f"{deleted} deleted; 0 errors, {warnings} warning{'' if warnings == 1 else 's'}") in text
    # a second build: the record is replaced by its figures
    vaultkit("build", str(root), "--today", TODAY)
    last = status_json(root)["last_build"]
    assert (last["written"], last["unchanged"]) == (0, pages)


def test_the_last_error_is_recorded(tmp_path):
    root = copy_sample(tmp_path)
    (root / "vaultkit.toml").write_text('language = "fr"\n', encoding="utf-8")
    built = vaultkit("build", str(root), "--today", TODAY)
    assert built.returncode == 1
    last = status_json(root)["last_build"]
    assert last["errors"] == 1
    assert last["last_error"] == ("vaultkit.toml:1: error[config-bad-value] language must be one of en, es, "
                                  "not 'fr'")
    assert last["last_error"] in built.stdout


def test_pages_a_build_could_not_write_are_stale(tmp_path):
    root = copy_sample(tmp_path)
    (root / "VaultKit").write_text("a file where the output folder goes\n", encoding="utf-8")
    built = vaultkit("build", str(root), "--today", TODAY)
    assert built.returncode == 1
    shown = status_json(root)
    assert shown["last_build"]["last_error"] == ("VaultKit:1: error[output-conflict] 'VaultKit' is a file where "
                                                 "vaultkit needs a folder")
    assert shown["pages"]["current"] is False
    assert shown["pages"]["why"] == "the last build could not write 27 of its 27 pages"


def test_a_build_that_stops_on_an_error_is_recorded_as_failed(tmp_path):
    root = copy_sample(tmp_path)

    def disk_gone() -> None:
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError):
        build(root, dt.date(2026, 11, 22), locked_now=disk_gone)
    record = load_record(root)
    assert record.failed and record.last_error == "OSError: [Errno 5] Input/output error"
    assert record.by == "build" and record.pid == os.getpid()
    shown = status_json(root)
    assert shown["pages"]["current"] is False and shown["pages"]["why"].startswith("the last build failed")
    text = CliRunner().invoke(main, ["status", str(root), "--today", TODAY]).stdout
    assert ", FAILED\n            last error: OSError: [Errno 5] Input/output error\n" in text


def test_stale_pages_name_the_notes_changed_since_the_last_build(tmp_path):
    root = copy_sample(tmp_path)
    vaultkit("build", str(root), "--today", TODAY)
    pages = status_json(root)["pages"]
    assert pages == {"current": True, "why": None, "changed": 0, "changed_notes": [], "dated": None}
    edited = root / "Contacts" / "Ana García.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMet again.\n", encoding="utf-8")
    (root / "Contacts" / "Zoe New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
    (root / "Contacts" / "Ben Carter.md").unlink()
    pages = status_json(root)["pages"]
    assert pages["current"] is False
    assert pages["changed_notes"] == ["Contacts/Ana García.md", "Contacts/Ben Carter.md", "Contacts/Zoe New.md"]
    assert pages["why"] == "3 notes changed since the last build"
    text = CliRunner().invoke(main, ["status", str(root), "--today", TODAY]).stdout
    assert "pages       STALE: 3 notes changed since the last build\n" in text
    assert "Contacts/Ana García.md, Contacts/Ben Carter.md, Contacts/Zoe New.md" in text
    vaultkit("build", str(root), "--today", TODAY)
    assert status_json(root)["pages"]["current"] is True


def test_a_note_synced_in_with_an_old_time_is_still_seen_changed(tmp_path):
    """Sync tools keep a file's own modification time: a note may arrive "older" than the build."""
    root = copy_sample(tmp_path)
    vaultkit("build", str(root), "--today", TODAY)
    note = root / "Contacts" / "Ana García.md"
    old = note.stat()
    note.write_text(note.read_text(encoding="utf-8") + "\nSynced from the laptop.\n", encoding="utf-8")
    os.utime(note, ns=(old.st_atime_ns, old.st_mtime_ns - 86400 * 10**9))
    assert status_json(root)["pages"]["changed_notes"] == ["Contacts/Ana García.md"]


def test_pages_for_an_earlier_day_are_stale(tmp_path):
    root = copy_sample(tmp_path)
    vaultkit("build", str(root), "--today", TODAY)
    pages = status_json(root, "--today", "2026-11-23")["pages"]
    assert pages["current"] is False and pages["dated"] == TODAY
    assert pages["why"] == f"they are for {TODAY}, not 2026-11-23"


def test_status_reads_only(tmp_path):
    root = copy_sample(tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    shown = status_json(root)
    assert shown["last_build"] is None and shown["watcher"]["running"] is False
    assert shown["pages"] == {"current": None, "why": "no build recorded on this machine yet", "changed": 0,
                              "changed_notes": [], "dated": None}
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before  # not even .vaultkit/
    text = CliRunner().invoke(main, ["status", str(root), "--today", TODAY]).stdout
    assert "last build  none recorded on this machine" in text


def test_a_lock_naming_another_machine_is_not_known_here(tmp_path):
    """A watch lock synced in from another machine (or left by one) cannot be checked from this one."""
    root = copy_sample(tmp_path)
    (root / ".vaultkit").mkdir()
    (root / ".vaultkit" / WATCH_LOCK_NAME).write_text(
        json.dumps({"pid": 4242, "host": "desk-at-work", "since": "2026-11-22T08:00:00+01:00"}) + "\n")
    shown = status_json(root)
    assert shown["watcher"] == {"running": None, "pid": 4242, "host": "desk-at-work",
                                "since": "2026-11-22T08:00:00+01:00"}
    text = status_text(vault_status(root, NOW.date()), NOW)
    assert "watcher     not known: the lock names a watcher pid 4242 on desk-at-work" in text


def test_an_unreadable_record_is_no_record(tmp_path):
    root = copy_sample(tmp_path)
    vaultkit("build", str(root), "--today", TODAY)
    (root / ".vaultkit" / RECORD_NAME).write_text("{not json", encoding="utf-8")
    assert status_json(root)["last_build"] is None


def test_a_killed_writer_s_temp_record_is_removed_by_the_next_build(tmp_path):
    """``.vaultkit/.last-build.json.vaultkit-tmp-*`` left by a build killed while it saved its
    record goes at the next build's record (only that file's temp files)."""
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root)
    build(root, dt.date(2026, 11, 22))
    state = root / ".vaultkit"
    left = state / ".last-build.json.vaultkit-tmp-k1ll3d"
    left.write_text("{", encoding="utf-8")
    other = state / ".notes.json.vaultkit-tmp-k1ll3d"
    other.write_text("{", encoding="utf-8")
    build(root, dt.date(2026, 11, 22))
    assert not left.exists() and other.exists()
    assert load_record(root) is not None
