"""Folders moved under a running ``vaultkit watch``: no library warning on the terminal, and
the pages follow the notes wherever their folder went (vaultkit/folderwatch.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vaultkit.folderwatch import unwatched_folders

SAMPLE_VAULT = Path(__file__).resolve().parents[1] / "sample-vault"
BROKEN = "---\ntype: meeting\n---\nno date, nobody\n"  # a note Problems.md names by its path


class WatchProcess:
    """``vaultkit watch`` in its own process, as a terminal would run it (Python's default
    warning filters), its stderr collected line by line."""

    def __init__(self, root: Path):
        self.root = root
        self.lines: list[str] = []
        self.process = subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", str(root), "--today", "2026-11-22"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        env={k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, test, what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if test():
                return
            time.sleep(0.05)
        pytest.fail(f"{what} did not happen within {timeout:.0f} s; watch said: {self.lines}")

    def problems_name(self, note: str) -> bool:
        try:
            return f"[[{note.removesuffix('.md')}|" in (self.root / "VaultKit" / "Problems.md").read_text(encoding="utf-8")
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def watched(tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    (root / "Contacts" / "Sub" / "Deeper").mkdir(parents=True)
    (root / "Contacts" / "Sub" / "Deeper" / "Zoe Deep.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
    watch = WatchProcess(root)
    try:
        watch.wait_for(lambda: any("start:" in line for line in watch.lines), "the first build")
        yield watch
    finally:
        watch.stop()


def test_moving_folders_prints_no_warning_and_pages_follow(watched, tmp_path):
    root = watched.root
    moves = [
        (root / "Contacts", root / "Contacts2"),  # renamed in place
        (root / "Contacts2", root / "Contacts"),  # and back
        (root / "Contacts" / "Sub", root / "Meetings" / "Sub"),  # a nested folder to another folder
        (root / "Contacts", tmp_path / "outside"),  # out of the vault...
        (tmp_path / "outside", root / "Network"),  # ...and straight back under another name
    ]
    for step, (source, target) in enumerate(moves):
        os.rename(source, target)
        if not str(target).startswith(str(root)):
            continue
        note = target / f"Broken {step}.md"
        note.write_text(BROKEN, encoding="utf-8")
        name = note.relative_to(root).as_posix()
        watched.wait_for(lambda: watched.problems_name(name), f"Problems.md naming {name}")
    time.sleep(2)  # past watchdog's move window and the check that follows it
    (root / "Network" / "Broken late.md").write_text(BROKEN, encoding="utf-8")  # a save after it all
    (root / "Meetings" / "Sub" / "Deeper" / "Broken deep.md").write_text(BROKEN, encoding="utf-8")
    watched.wait_for(lambda: watched.problems_name("Network/Broken late.md"), "a save in the folder moved back in")
    watched.wait_for(lambda: watched.problems_name("Meetings/Sub/Deeper/Broken deep.md"), "a save in the nested folder")
    ben = root / "VaultKit" / "Balance" / "Ben Carter.md"
    watched.wait_for(lambda: "[[Network/Ben Carter|" in ben.read_text(encoding="utf-8"), "Ben's page linking Network/")
    said = "\n".join(watched.lines)
    assert "Warning" not in said and "Traceback" not in said, said


def test_a_folder_moved_out_and_back_is_watched_again(tmp_path):
    """watchdog alone loses the watches of a folder that leaves the tree and comes back within
    its half-second move window; the keeper notices once things are quiet and watches again."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from vaultkit.folderwatch import keep_watching

    root = tmp_path / "vault"
    (root / "Contacts" / "Sub").mkdir(parents=True)
    seen: list[str] = []

    class Recorder(FileSystemEventHandler):
        def on_any_event(self, event):
            seen.append(os.path.relpath(event.src_path, root))

    observer = Observer()
    keeper = keep_watching(observer, root, Recorder())
    observer.start()
    try:
        os.rename(root / "Contacts", tmp_path / "outside")
        os.rename(tmp_path / "outside", root / "Contacts2")
        deadline = time.monotonic() + 10
        while keeper.rewatched == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert keeper.rewatched == 1
        assert unwatched_folders(observer, str(root)) == []
        assert "Contacts2/Sub" in seen  # reported as created: the watcher rescans the vault
        (root / "Contacts2" / "Sub" / "new.md").write_text("x", encoding="utf-8")
        deadline = time.monotonic() + 10
        while "Contacts2/Sub/new.md" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Contacts2/Sub/new.md" in seen
    finally:
        observer.stop()
        observer.join(5)
