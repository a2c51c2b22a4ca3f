"""The engine's one fork mechanism (``vaultkit.incremental.fork``): a forked child derives a share
of the notes and computes a share of the parts; results, order and failures are the same as in
one process."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from vaultkit.build import build
from vaultkit.cancel import Cancelled
from vaultkit.incremental import fork

from conftest import TODAY, fm, meeting, write_vault


@pytest.fixture
def forking(monkeypatch):
    """Fork from a handful of items, whatever this machine's cores."""
    monkeypatch.setattr(fork, "MIN_ITEMS", 4)
    monkeypatch.setattr(fork, "cores", lambda: 2)
    fork.Stats.reset()


def fork_small_builds(monkeypatch, child_share: float | None = None) -> None:
    """A build of a few dozen notes forks as a big one does: from 8 notes or parts, with every
    claim in memory (``records.MANY``), on two cores whatever this machine has."""
    from vaultkit.incremental import records

    monkeypatch.setattr(fork, "MIN_ITEMS", 8)
    monkeypatch.setattr(fork, "cores", lambda: 2)
    monkeypatch.setattr(records, "MANY", 8)
    if child_share is not None:
        monkeypatch.setattr(records, "CHILD_SHARE", child_share)
    fork.Stats.reset()


def children() -> set[int]:
    """This process's children, reaped or not (other tests may have left some of their own)."""
    found: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


@pytest.fixture(autouse=True)
def no_child_left():
    """Every test here ends with no child of its own left, running or unreaped."""
    before = children()
    yield
    assert children() <= before


def test_the_second_half_is_computed_on_a_child_and_comes_back_in_order(forking):
    parent = os.getpid()
    results = list(fork.shared_map(list(range(40)), lambda n: (n * n, os.getpid()), forbid=lambda: None))
    assert [item for item, _ in results] == list(range(40))
    assert [value for _, (value, _pid) in results] == [n * n for n in range(40)]
    pids = [pid for _, (_value, pid) in results]
    assert set(pids[:20]) == {parent}
    assert len(set(pids[20:])) == 1 and pids[20] != parent
    assert fork.Stats.forks == 1 and fork.Stats.redone == 0


def test_items_the_child_may_not_compute_are_computed_here(forking):
    parent = os.getpid()

    def compute(n: int):
        if os.getpid() != parent and n % 3 == 0:
            raise fork.NeedsParent
        return n + 1

    results = list(fork.shared_map(list(range(30)), compute, forbid=lambda: None))
    assert results == [(n, n + 1) for n in range(30)]
    assert fork.Stats.redone == len([n for n in range(15, 30) if n % 3 == 0])


@pytest.mark.parametrize("failure", ["raises", "dies", "sends nothing"])
def test_a_failing_child_costs_time_not_results(forking, failure):
    parent = os.getpid()

    def compute(n: int):
        if os.getpid() != parent:
            if failure == "raises":
                raise RuntimeError("a bug")
            if failure == "dies":
                os.kill(os.getpid(), 9)
            return lambda: None  # cannot be pickled: the child exits without sending
        return n * 2

    assert list(fork.shared_map(list(range(10)), compute, forbid=lambda: None)) == [(n, n * 2) for n in range(10)]
    assert fork.Stats.redone == 5


def test_the_child_never_uses_what_forbid_takes_away(forking):
    used = []

    def forbid():
        used.append("forbidden")  # in the child only: the parent's list stays empty

    list(fork.shared_map(list(range(8)), lambda n: n, forbid=forbid))
    assert used == []


def test_stopping_midway_reaps_the_child(forking):
    items = fork.shared_map(list(range(100)), lambda n: n, forbid=lambda: None)
    next(items)
    items.close()


def test_no_fork_for_few_items_one_core_or_threads(monkeypatch):
    import threading

    assert not fork.usable(fork.MIN_ITEMS - 1)
    monkeypatch.setattr(fork, "cores", lambda: 1)
    assert not fork.usable(10 * fork.MIN_ITEMS)
    monkeypatch.setattr(fork, "cores", lambda: 2)
    assert fork.usable(10 * fork.MIN_ITEMS)
    started = threading.Event()
    done = threading.Event()
    thread = threading.Thread(target=lambda: (started.set(), done.wait()))
    thread.start()
    try:
        started.wait()
        assert not fork.usable(10 * fork.MIN_ITEMS)
    finally:
        done.set()
        thread.join()


def vault_files(contacts: int) -> dict[str, str]:
    files = {f"Contacts/C{n}.md": fm("type: contact", "cadence: monthly", f"met: 2026-0{1 + n % 9}-10")
             for n in range(contacts)}
    files.update({f"Meetings/m{n}.md": meeting(f"2026-10-{1 + n % 28:02d}", f"C{n}", f"C{(n * 7) % contacts}",
                                               body="## Gave\n- an intro\n## Asked\n- advice\n")
                  for n in range(contacts)})
    files["Goals/Grow.md"] = fm("type: goal", "title: Grow", "metric: contacts", "target: 50",
                                "start: 2026-01-01", "deadline: 2026-12-31")
    return files


def pages_of(root) -> dict[str, str]:
    out = root / "VaultKit"
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))}


def test_a_cold_build_with_notes_and_parts_on_a_child_equals_one_in_one_process(tmp_path, monkeypatch):
    files = vault_files(60)
    monkeypatch.setattr(fork, "MIN_ITEMS", 10**9)
    one = write_vault(tmp_path / "one", files)
    fork.Stats.reset()
    build(one, TODAY)
    assert fork.Stats.forks == 0
    fork_small_builds(monkeypatch)
    two = write_vault(tmp_path / "two", files)
    result = build(two, TODAY)
    assert fork.Stats.forks == 2 and fork.Stats.redone == 0  # notes, then parts; each child found all it needed at hand
    assert not [p for p in result.problems if p.severity == "error"]
    assert pages_of(two) == pages_of(one)


def test_a_build_stopped_while_the_child_computes_leaves_no_child(tmp_path, monkeypatch):
    fork_small_builds(monkeypatch)
    root = write_vault(tmp_path / "vault", vault_files(200))
    asked = []

    def stop() -> bool:  # true once the parts are under way (the 64th part asks)
        asked.append(1)
        return fork.Stats.forks > 0

    with pytest.raises(Cancelled):
        build(root, TODAY, stop=stop)
    assert fork.Stats.forks == 1  # stopped while the notes were derived
    assert not (root / "VaultKit").exists()


def test_the_settings_read_on_the_child_are_recorded(tmp_path, monkeypatch):
    """The settings the child's notes read are inputs of the step, as the parent's are (a later
    change of one derives those notes again): with every note derived on the child, the
    recorded settings equal those of a build in one process."""
    from vaultkit.incremental import store

    def derive_reads(root) -> set[str]:
        connection = sqlite3.connect(root / ".vaultkit" / "index.sqlite")
        try:
            return store.state(connection, "config_reads")["derive"]
        finally:
            connection.close()

    files = vault_files(40)
    files.update({f"Daily/2026-11-{n + 10}.md": f"- [x] Called [[C{n}]]\n- Lunch with [[C{n + 1}]] #met\n" for n in range(5)})
    monkeypatch.setattr(fork, "MIN_ITEMS", 10**9)
    alone = write_vault(tmp_path / "alone", files)
    build(alone, TODAY)
    fork_small_builds(monkeypatch, child_share=1.0)
    root = write_vault(tmp_path / "vault", files)
    build(root, TODAY)
    assert fork.Stats.forks == 2 and fork.Stats.redone == 0
    assert derive_reads(root) == derive_reads(alone) == {"daily_mentions"}


def test_the_child_ends_when_its_parent_is_killed(tmp_path):
    """A build killed while its child computes leaves no child running (and holding the lock)."""
    import signal
    import subprocess
    import sys
    import time

    marker = tmp_path / "child.pid"
    script = f"""
import os, time
from vaultkit.incremental import fork
fork.MIN_ITEMS = 2
fork.cores = lambda: 2
def compute(n):
    if n == 9 and not os.path.exists({str(marker)!r}):
        open({str(marker)!r}, "w").write(str(os.getpid()))
    time.sleep(60)
    return n
list(fork.shared_map(list(range(10)), compute, forbid=lambda: None, share=0.1))
"""
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.05)
        child = int(marker.read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        for _ in range(100):
            if not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the child outlived its parent")
    finally:
        parent.kill()
