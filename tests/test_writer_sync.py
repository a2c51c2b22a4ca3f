"""When the writer waits on the disk: a page it replaces is synced first, a new page is not."""

from __future__ import annotations

import os

from vaultkit.render import Page, front_matter
from vaultkit.writer import write_pages

from conftest import TODAY


def page(name: str, body: str) -> Page:
    return Page(name, front_matter(TODAY) + body)


def count_syncs(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real(fd))[1])
    return calls


def test_new_pages_are_not_synced_and_replaced_pages_are(tmp_path, monkeypatch):
    syncs = count_syncs(monkeypatch)
    write_pages(tmp_path, "VaultKit", [page(f"P{i}.md", "x\n") for i in range(20)], TODAY)
    assert len(syncs) <= 1  # twenty new pages: at most the manifest is synced
    syncs.clear()
    write_pages(tmp_path, "VaultKit", [page(f"P{i}.md", "y\n" if i < 5 else "x\n") for i in range(20)], TODAY)
    assert 5 <= len(syncs) <= 6  # the five replaced pages (and maybe the manifest)


def test_an_empty_page_left_by_a_lost_first_write_is_rewritten_not_kept_aside(tmp_path):
    write_pages(tmp_path, "VaultKit", [page("A.md", "one\n")], TODAY)
    (tmp_path / "VaultKit" / "A.md").write_bytes(b"")  # what a power cut can leave of an unsynced file
    report = write_pages(tmp_path, "VaultKit", [page("A.md", "one\n")], TODAY)
    assert report.written == ["A.md"] and report.kept_aside == [] and report.problems == []
    assert (tmp_path / "VaultKit" / "A.md").read_text(encoding="utf-8").endswith("one\n")
    assert sorted(p.name for p in (tmp_path / "VaultKit").iterdir()) == ["A.md"]
