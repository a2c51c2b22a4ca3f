"""A build split with a forked helper (``vaultkit.split``) gives exactly what one process gives:
the same pages, problems, fact tables and index rows; a failing helper costs nothing but time;
a cancelled build leaves no helper behind."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import sys
import threading
from pathlib import Path

import pytest

import vaultkit.split as split
from vaultkit.build import persisted
from vaultkit.index import _RecordUnpickler, index_path
from vaultkit.notes import Cancelled

from conftest import TODAY

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

AWKWARD = {  # problems found reading and deriving, in both halves
    "Meetings/broken.md": "---\ntype: meeting\ndate: [unclosed\n---\n",
    "Meetings/unknown.md": '---\ntype: meeting\ndate: 2026-11-01\nwith: ["[[Nobody Atall]]"]\n---\n- [[Notes/n0]]\n',
    "Meetings/not a contact.md": '---\ntype: call\ndate: 2026-11-02\nwith: ["[[Goal 1 for the network]]"]\n---\n',
    "Contacts/Twin.md": "---\ntype: contact\nname: Twin\n---\n",
    "People/Twin.md": "---\ntype: contact\nname: Twin\n---\n",
    "Meetings/binary.md": b"\x00\x01\x02 not text",
    "Daily/2026-11-20.md": "- coffee with [[Twin]] #met\n- sent notes to [[Nobody Else]] #gave\n",
}


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("source") / "vault"
    generate(root, 400)
    for path, content in AWKWARD.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


@pytest.fixture
def two_cores(monkeypatch):
    """This machine as a two-core one where the helper starts from 10 files to read; returns the helpers started."""
    started = []
    real = split.Helper.__init__

    def counting(self, *args, **kwargs):
        started.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(split, "SPLIT_MIN", 10)
    monkeypatch.setattr(split.Helper, "__init__", counting)
    return started


def copy_of(source: Path, tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(source, tmp_path / name))


def outcome(root: Path) -> dict:
    """Everything a build leaves: pages, the index's tables and its notes' parses and records."""
    pages = {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "VaultKit").rglob("*.md"))}
    connection = sqlite3.connect(index_path(root))
    tables = {}
    for table in ("contacts", "interactions", "participants", "tasks", "task_contacts", "goals", "problems"):
        tables[table] = sorted(connection.execute(f"SELECT * FROM {table}"))
    tables["exchanges"] = sorted(connection.execute(
        "SELECT kind, date, text, weight, path, line, interaction FROM exchanges"))
    notes = {}
    for path, mtime, size, digest, kind, parse, derived in connection.execute("SELECT * FROM notes"):
        parsed = _RecordUnpickler(io.BytesIO(parse)).load()
        records = _RecordUnpickler(io.BytesIO(derived)).load()
        notes[path] = (mtime, size, digest, kind, parsed,
                       {step: (result, problems, trace) for step, (trace, result, problems, _names) in records.items()})
    connection.close()
    return {"pages": pages, "tables": tables, "notes": notes}


def test_a_split_build_leaves_exactly_what_one_process_leaves(source, tmp_path, two_cores, monkeypatch):
    alone = copy_of(source, tmp_path, "alone")
    with monkeypatch.context() as single:
        single.setattr(split, "SPLIT_MIN", 10**9)
        one = persisted(alone, TODAY, write=True)
    assert two_cores == []
    shared = copy_of(source, tmp_path, "shared")
    two = persisted(shared, TODAY, write=True)
    assert len(two_cores) == 1 and len(two_cores[0].theirs) > 150  # the helper did read its share
    assert not two_cores[0].failed
    assert two.problems == one.problems and two.note_count == one.note_count
    assert {p.code for p in two.problems} >= {"unknown-contact", "ambiguous-name"}
    assert outcome(shared) == outcome(alone)


def test_the_index_a_split_build_wrote_serves_the_next_builds(source, tmp_path, two_cores):
    shared = copy_of(source, tmp_path, "shared")
    persisted(shared, TODAY, write=True)
    meeting = sorted((shared / "Meetings").glob("*.md"))[7]
    with open(meeting, "a", encoding="utf-8") as handle:
        handle.write("\n- a give after the split #gave\n")
    edited = persisted(shared, TODAY, write=True)
    assert len(two_cores) == 1  # one file to read: no helper
    fresh = copy_of(shared, tmp_path, "fresh")
    shutil.rmtree(fresh / ".vaultkit")
    shutil.rmtree(fresh / "VaultKit")
    again = persisted(fresh, TODAY, write=True)
    assert edited.problems == again.problems
    assert outcome(shared)["pages"] == outcome(fresh)["pages"]


@pytest.mark.parametrize("dies", ["before reading", "after the early notes"])
def test_a_helper_that_dies_costs_time_never_notes(source, tmp_path, two_cores, monkeypatch, dies):
    alone = copy_of(source, tmp_path, "alone")
    with monkeypatch.context() as single:
        single.setattr(split, "SPLIT_MIN", 10**9)
        one = persisted(alone, TODAY, write=True)
    if dies == "before reading":
        monkeypatch.setattr(split._Child, "_work", lambda self: None)
    else:
        real_send = split._Child._send
        sent = []

        def send_once(self, message):
            if sent:
                os._exit(0)
            sent.append(True)
            real_send(self, message)

        monkeypatch.setattr(split._Child, "_send", send_once)
    shared = copy_of(source, tmp_path, "shared")
    two = persisted(shared, TODAY, write=True)
    assert two_cores[0].failed
    assert two.problems == one.problems and two.note_count == one.note_count
    assert outcome(shared) == outcome(alone)


def test_a_cancelled_split_build_leaves_no_helper_running(source, tmp_path, two_cores):
    shared = copy_of(source, tmp_path, "shared")
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 50

    with pytest.raises(Cancelled):
        persisted(shared, TODAY, write=True, stop=stop)
    helper = two_cores[0]
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)  # reaped already
    assert not (shared / "VaultKit").exists()


def test_no_helper_on_one_core_or_for_few_files(source, tmp_path, two_cores, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    persisted(copy_of(source, tmp_path, "one core"), TODAY, write=True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(split, "SPLIT_MIN", 10**9)
    persisted(copy_of(source, tmp_path, "few"), TODAY, write=True)
    assert two_cores == []


def test_a_split_build_over_an_index_adds_the_new_notes_and_rereads_the_changed_ones(source, tmp_path, two_cores):
    shared = copy_of(source, tmp_path, "shared")
    persisted(shared, TODAY, write=True)
    meetings = [m for m in sorted((shared / "Meetings").glob("*.md")) if m.name != "binary.md"]
    for meeting in meetings[::2]:  # changed: the index holds them, so this process reads them
        with open(meeting, "a", encoding="utf-8") as handle:
            handle.write("\n## Gave\n- one more give #gave\n")
    for n, meeting in enumerate(meetings[1::2]):  # new (an import): the helper takes a share
        (shared / "Imported").mkdir(exist_ok=True)
        (shared / "Imported" / f"copy {n}.md").write_bytes(meeting.read_bytes())
    again = persisted(shared, TODAY, write=True)
    assert len(two_cores) == 2 and {f.path.split("/")[0] for f in two_cores[1].theirs} == {"Imported"}
    fresh = copy_of(shared, tmp_path, "fresh")
    shutil.rmtree(fresh / ".vaultkit")
    shutil.rmtree(fresh / "VaultKit")
    assert persisted(fresh, TODAY, write=True).problems == again.problems
    ours, theirs = outcome(shared), outcome(fresh)
    assert ours["pages"] == theirs["pages"] and ours["tables"] == theirs["tables"]
    assert ours["notes"].keys() == theirs["notes"].keys()


def test_progress_counts_every_file_to_read_and_ends_at_the_total(source, tmp_path, two_cores):
    heard = []
    persisted(copy_of(source, tmp_path, "shared"), TODAY, write=True, progress=lambda done, total: heard.append((done, total)))
    files = sum(1 for p in source.rglob("*.md"))
    assert heard[-1] == (files, files)
    assert all(total == files for _done, total in heard)
    assert [done for done, _total in heard] == sorted(done for done, _total in heard)


def test_check_with_a_helper_keeps_every_note_in_the_index(source, tmp_path, two_cores, monkeypatch):
    alone = copy_of(source, tmp_path, "alone")
    with monkeypatch.context() as single:
        single.setattr(split, "SPLIT_MIN", 10**9)
        _vault, one, _notice = persisted(alone, TODAY, write=False)
    shared = copy_of(source, tmp_path, "shared")
    _vault, two, _notice = persisted(shared, TODAY, write=False)
    assert len(two_cores) == 1 and two == one
    rows = lambda root: sorted(sqlite3.connect(index_path(root)).execute(  # noqa: E731
        "SELECT path, mtime_ns, size, digest, kind FROM notes"))
    assert rows(shared) == rows(alone) and len(rows(shared)) > 400


def test_ctrl_c_while_a_real_build_and_its_helper_read_stops_both(tmp_path):
    """A real ``vaultkit build`` process on a two-core machine (forced), interrupted while it
    reads: it aborts in one line, its helper does not outlive it, and the vault builds after."""
    import signal
    import subprocess
    import time

    root = tmp_path / "vault"
    generate(root, 2500)
    code = ("import os, sys, time\n"
            "os.cpu_count = lambda: 2\n"
            "import vaultkit.notes as notes\n"
            "import vaultkit.split as split\n"
            "real, start = notes.read_found, split.Helper.__init__\n"
            "def slow(*args, **kwargs):\n"
            "    time.sleep(0.002)\n"
            "    return real(*args, **kwargs)\n"
            "def said(self, *args, **kwargs):\n"
            "    start(self, *args, **kwargs)\n"
            "    print('helper', self.pid, file=sys.stderr, flush=True)\n"
            "notes.read_found, split.Helper.__init__ = slow, said\n"
            f"sys.argv = ['vaultkit', 'build', {str(root)!r}, '--today', '{TODAY.isoformat()}']\n"
            "from vaultkit.cli import run\n"
            "run()\n")
    errors = tmp_path / "stderr.txt"
    with open(errors, "w") as stderr:  # a file, not a pipe: waiting for a pipe's end would wait for the helper too
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=stderr)
        time.sleep(1.5)  # well inside the reading: about 3 s of it
        child.send_signal(signal.SIGINT)
        child.wait(timeout=60)
    err = errors.read_text()
    assert child.returncode != 0 and "Traceback" not in err and err.rstrip().endswith("Aborted!")
    helper = int(err.split()[1])
    with pytest.raises(ProcessLookupError):
        os.kill(helper, 0)  # gone (it ignores Ctrl-C: the build stopped it)
    assert not (root / "VaultKit").exists()
    assert persisted(root, TODAY, write=True).report.written
