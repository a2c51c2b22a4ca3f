"""Fault injection: full disks, refused writes, vanishing notes, a locked index, Ctrl-C.

Each fault hits a build that rewrites every page (a new date changes the dated pages, and every
gift is renamed, which changes every ledger);
afterwards every page must be whole (the previous build's bytes or the new ones), the manifest
must describe the disk, no temporary file may remain, and the next build must recover fully.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import vaultkit.incremental.engine
from vaultkit import faults
import vaultkit.walk
from vaultkit.build import build
from vaultkit.cli import main
from vaultkit.writer import TEMP_MARK

from conftest import TODAY, write_vault

BEFORE = TODAY - dt.timedelta(days=1)
OUT = "VaultKit"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def vault_files(people: int = 70, gift: str = "gift") -> dict[str, str]:
    files = {}
    for n in range(people):  # about 75 pages: more than one of the writer's batches
        files[f"Contacts/P{n:02d}.md"] = "---\ntype: contact\ncadence: monthly\n---\n"
        files[f"Meetings/m{n:02d}.md"] = (f'---\ndate: 2026-10-{n % 28 + 1:02d}\nwith: ["[[P{n:02d}]]"]\n---\n'
                                          f"## Gave\n- {gift} {n} [weight:: {len(gift)}]\n")
    return files


def pages_on_disk(root: Path) -> dict[str, bytes]:
    out = root / OUT
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def temp_files(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if TEMP_MARK in p.name]


def fresh_pages(root: Path, tmp_path: Path, today: dt.date) -> dict[str, bytes]:
    """The pages a clean build of the same notes writes."""
    copy = tmp_path / f"fresh-{today.isoformat()}"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(OUT, ".vaultkit"))
    build(copy, today)
    return pages_on_disk(copy)


def assert_whole(root: Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    """Every page is the old or the new version; the manifest matches the disk; no temp file.
    Returns how many pages are new."""
    now = pages_on_disk(root)
    assert set(now) == set(old) | (set(now) & set(new))
    for path, data in now.items():
        assert data in (old.get(path), new.get(path)), f"{path} is neither the old nor the new page"
    manifest = json.loads((root / ".vaultkit" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == {path: hashlib.sha256(data).hexdigest() for path, data in now.items()}
    assert temp_files(root) == []
    return sum(1 for path, data in now.items() if data == new.get(path) != old.get(path))


def assert_recovers(root: Path, fresh: dict[str, bytes]) -> None:
    """The next build, without the fault, brings every page up to date and reports nothing."""
    result = build(root, TODAY)
    assert result.problems == []
    assert pages_on_disk(root) == fresh  # no kept-aside copies: nothing was taken for a hand edit


def build_cli(root: Path, today: dt.date = TODAY):
    return CliRunner().invoke(main, ["build", str(root), "--today", today.isoformat()])


@pytest.fixture
def built(make_vault, tmp_path):
    """A vault built the day before, its gifts renamed and weighed anew since: (root, pages then,
    pages a build today writes). Every page but the (empty) problems differs between the two."""
    root = make_vault(vault_files(gift="gift"))
    build(root, BEFORE)
    old = pages_on_disk(root)
    write_vault(root, {path: text for path, text in vault_files(gift="a new gift").items() if path.startswith("Meetings")})
    new = fresh_pages(root, tmp_path, TODAY)
    assert all(old[path] != new[path] for path in old if path != "Problems.md")
    return root, old, new


# -- write failures --------------------------------------------------------------------------


def arm(monkeypatch, at: int, match: str, error, until: float | None = None) -> None:
    """Fault the file system operations matching ``match`` numbered ``at`` to ``until``."""
    monkeypatch.setattr(faults, "plan", faults.Plan(faults.FILES, at, error=error, until=until, match=match))


@pytest.mark.parametrize("target, code", [
    ("rename", errno.ENOSPC),  # the rename of a finished temp file
    ("open", errno.EACCES),  # creating the temp file
    ("fsync", errno.ENOSPC),  # syncing it: a full disk often shows only here
])
def test_a_failing_write_mid_build_keeps_every_page_whole_and_is_reported(built, monkeypatch, target, code):
    root, old, new = built
    arm(monkeypatch, 20, f"{target} ", code, until=40)

    result = build_cli(root)

    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if "error[write-failed]" in line]
    assert failed and all(f"could not write: {os.strerror(code)}" in line for line in failed)
    assert "Traceback" not in result.output
    monkeypatch.setattr(faults, "plan", None)
    written = assert_whole(root, old, new)
    assert 0 < written < len(new)  # the fault came mid-build
    assert_recovers(root, new)


def test_a_disk_that_stays_full_loses_no_page(built, monkeypatch):
    """Even the manifest cannot be written: it still describes the previous build. The next
    build, after more edits, finds the pages written meanwhile unknown to it and treats them as
    hand edits: reported and kept, never lost (a false alarm, the price of a disk that stayed
    full). A page that already holds what the build would write is simply taken as written.)"""
    root, old, new = built
    manifest = (root / ".vaultkit" / "manifest.json").read_bytes()
    arm(monkeypatch, 20, "rename ", errno.ENOSPC, until=float("inf"))  # every rename from the 20th

    result = build_cli(root)

    assert result.exit_code == 1
    assert ".vaultkit/manifest.json:1: error[write-failed] could not write: No space left on device" \
        in result.output.splitlines()
    monkeypatch.setattr(faults, "plan", None)
    assert (root / ".vaultkit" / "manifest.json").read_bytes() == manifest
    now = pages_on_disk(root)
    assert all(data in (old[path], new[path]) for path, data in now.items()) and temp_files(root) == []
    assert any(now[path] == new[path] != old[path] for path in now)
    write_vault(root, {path: text for path, text in vault_files(gift="a third gift").items() if path.startswith("M")})
    later = TODAY + dt.timedelta(days=1)
    result = build(root, later)
    assert {p.code for p in result.problems} == {"generated-edited"}
    kept = {path: data for path, data in pages_on_disk(root).items() if "(edited " in path}
    assert kept and all(data in new.values() for data in kept.values())  # the unknown pages, kept aside


def test_a_read_only_output_folder_is_reported_page_by_page(built, monkeypatch):
    """As ``chmod -w VaultKit`` does for a normal user (the tests may run as root, who ignores it)."""
    root, old, new = built
    out = os.fspath(root / OUT)
    real_open, real_mkdir = os.open, os.mkdir

    def refuse_inside(real):
        def refused(path, *args, **kwargs):
            if os.fspath(path).startswith(out + os.sep):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
            return real(path, *args, **kwargs)
        return refused

    monkeypatch.setattr(os, "open", refuse_inside(real_open))
    monkeypatch.setattr(os, "mkdir", refuse_inside(real_mkdir))
    result = build_cli(root)

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len([line for line in lines if "error[write-failed] could not write: Permission denied" in line]) \
        == len([path for path in new if new[path] != old[path]])
    assert pages_on_disk(root) == old
    monkeypatch.undo()
    assert assert_whole(root, old, new) == 0
    assert_recovers(root, new)


def test_the_output_folder_replaced_by_a_file(built):
    root, old, new = built
    shutil.rmtree(root / OUT)
    (root / OUT).write_text("a file of mine\n", encoding="utf-8")

    result = build_cli(root)

    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "VaultKit:1: error[output-conflict] 'VaultKit' is a file where " \
                                            "vaultkit needs a folder"
    assert (root / OUT).read_text(encoding="utf-8") == "a file of mine\n"


# -- the notes change under the build ---------------------------------------------------------


@pytest.mark.parametrize("people", [5, 250])  # 500 notes are read on several processes
def test_a_note_deleted_between_listing_and_reading(make_vault, monkeypatch, people):
    root = make_vault(vault_files(people))
    real = vaultkit.incremental.engine.find_notes

    def list_then_delete(*args, **kwargs):
        found = real(*args, **kwargs)
        (root / "Meetings/m01.md").unlink(missing_ok=True)
        return found

    monkeypatch.setattr(vaultkit.incremental.engine, "find_notes", list_then_delete)  # the walk whose listing is read
    monkeypatch.setattr(vaultkit.walk, "find_notes", list_then_delete)  # (build walks once, through this one)
    result = build_cli(root)

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == \
        "Meetings/m01.md:1: warning[unreadable] cannot read: No such file or directory; skipped"
    assert "gift 0" in (root / OUT / "Balance/P00.md").read_text(encoding="utf-8")
    assert not (root / OUT / "Balance/P01.md").exists()


# -- the index ----------------------------------------------------------------------------------


def test_a_locked_index_costs_its_update_not_the_build(built, monkeypatch):
    root, old, new = built
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, **{**k, "timeout": 0.2}))
    holder = real_connect(root / ".vaultkit" / "index.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of writing it
    try:
        started = time.monotonic()
        result = build(root, TODAY)
        assert time.monotonic() - started < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.problems == []
    assert result.notice == "the index could not be written (database is locked); the next run reads every note again"
    assert pages_on_disk(root) == new
    again = build(root, TODAY)  # the index was kept, not taken for a broken file
    assert again.notice is None and again.report.written == []


# -- Ctrl-C ---------------------------------------------------------------------------------


def test_ctrl_c_mid_write_leaves_whole_pages_and_a_true_manifest(built, monkeypatch):
    root, old, new = built
    arm(monkeypatch, 30, "rename ", KeyboardInterrupt())  # one Ctrl-C, at the 30th rename

    result = build_cli(root)

    assert result.exit_code == 1
    assert result.output == "\nAborted!\n"  # click's one line for Ctrl-C: no traceback
    monkeypatch.setattr(faults, "plan", None)
    assert 0 < assert_whole(root, old, new) < len(new)
    assert_recovers(root, new)  # the pages written before Ctrl-C are not taken for hand edits


def test_sigint_to_a_real_build_while_it_writes(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    from generate import generate

    root = tmp_path / "big"
    generate(root, 3000)
    build(root, BEFORE)
    old = pages_on_disk(root)
    new = fresh_pages(root, tmp_path, TODAY)
    def changes_seen() -> bool:
        for path in (root / OUT / "Balance").glob("[!.]*.md"):  # not the temporary files
            try:
                if path.read_bytes() != old[f"Balance/{path.name}"]:
                    return True
            except FileNotFoundError:
                pass
        return False

    child = subprocess.Popen([sys.executable, "-m", "vaultkit", "build", str(root), "--today", TODAY.isoformat()],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not changes_seen() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    child.send_signal(signal.SIGINT)
    _out, err = child.communicate(timeout=30)
    assert "Traceback" not in err
    if child.returncode == 0:
        pytest.fail("the build ended before Ctrl-C reached it: make the vault bigger")
    assert err.rstrip().endswith("Aborted!")
    assert 0 < assert_whole(root, old, new) < len(new)
    assert_recovers(root, new)


@pytest.mark.parametrize("manifest", [b"", b"{not json", b'{"output_folder": "VaultKit", "files": []}'])
def test_a_corrupt_manifest_fakes_no_hand_edit(make_vault, tmp_path, manifest):
    """An emptied or corrupt ``.vaultkit/manifest.json`` (or one a full disk kept from being
    saved): vaultkit's own pages are known from the index, so a note edit and a build give no
    ``generated-edited`` warning and no "(edited …)" copy, and the pages equal a clean build."""
    root = make_vault(vault_files(people=5))
    assert build_cli(root).exit_code == 0
    note = next((root / "Meetings").iterdir())
    note.write_text(note.read_text(encoding="utf-8") + "\n- one more gift #gave\n", encoding="utf-8")
    (root / ".vaultkit" / "manifest.json").write_bytes(manifest)
    result = build_cli(root)
    assert result.exit_code == 0, result.output
    assert "generated-edited" not in result.output
    assert not [p for p in (root / "VaultKit").rglob("*") if "(edited" in p.name]
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    assert build_cli(fresh).exit_code == 0
    assert {p.relative_to(root / "VaultKit").as_posix(): p.read_bytes() for p in (root / "VaultKit").rglob("*.md")} == {
        p.relative_to(fresh / "VaultKit").as_posix(): p.read_bytes() for p in (fresh / "VaultKit").rglob("*.md")}


@pytest.mark.parametrize("statement", ["SELECT", "INSERT", "COMMIT"])
def test_an_index_failing_under_a_build_is_one_line_and_blames_no_note(tmp_path, statement):
    """The index failing while notes are derived or stored (a full disk): ``vaultkit build``
    says so in one line, exit 1, never a traceback, and no note gets an ``internal-error``
    (the domain's guard against its own bugs used to take the index's error for one); the
    next build is whole."""
    root = write_vault(tmp_path / "vault", vault_files(people=8))
    assert build_cli(root).exit_code == 0
    for path in sorted((root / "Meetings").iterdir())[:4]:
        path.write_text(path.read_text(encoding="utf-8") + "\n## Gave\n- a second intro\n", encoding="utf-8")
    faults.arm(faults.Plan(faults.DATABASE, at=3, match=statement))
    try:
        result = build_cli(root)
    finally:
        faults.arm(None)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the index (.vaultkit/index.sqlite) could not"), lines
    again = build_cli(root)
    assert again.exit_code == 0, again.output
    assert "internal-error" not in again.output
    assert "internal-error" not in (root / "VaultKit" / "Problems.md").read_text(encoding="utf-8")
