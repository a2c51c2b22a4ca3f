"""Saving the index beside the build: a forked save gives the same index as one done inline,
and a failed or impossible fork still leaves a complete index."""

from __future__ import annotations

import sqlite3
import threading

import pytest

import vaultkit.index as index
from vaultkit.build import persisted

from conftest import TODAY, write_vault

VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\n",
    "Contacts/Luis.md": "---\ntype: contact\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-10-01\nwith: ["[[Ana]]"]\n---\n## Gave\n- notes\n',
    "Meetings/m2.md": '---\ntype: call\ndate: 2026-11-01\nwith: ["[[Luis]]", "[[Nobody]]"]\n---\n## Asked\n- an intro\n',
}
TABLES = ("contacts", "interactions", "participants", "exchanges", "exchange_contacts", "tasks", "goals", "problems")


def contents(root) -> dict:
    """Every fact table, the stored note paths and the meta values that do not vary by run."""
    connection = sqlite3.connect(index.index_path(root))
    try:
        found = {table: sorted(connection.execute(f"SELECT * FROM {table}")) for table in TABLES}
        found["notes"] = sorted(connection.execute("SELECT path, size FROM notes"))
        found["pages"] = sorted(row[0] for row in connection.execute("SELECT path FROM pages"))
        meta = dict(connection.execute("SELECT key, value FROM meta"))
        found["meta"] = {k: meta.get(k) for k in ("schema_version", "vaultkit", "config", "notes", "today")}
        found["fingerprinted"] = len(meta.get("fingerprint", "")) == 64  # its value varies with mtimes
        return found
    finally:
        connection.close()


@pytest.fixture
def inline_index(monkeypatch, tmp_path):
    """The index of VAULT saved without any fork."""
    with monkeypatch.context() as patch:
        patch.setattr(index, "_may_fork", lambda: False)
        root = write_vault(tmp_path / "inline", VAULT)
        persisted(root, TODAY, write=True)
    return contents(root)


def forks(monkeypatch) -> list[int]:
    """Record each fork vaultkit makes (the child's pid, in the parent)."""
    made: list[int] = []
    real = index.os.fork

    def fork():
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(index.os, "fork", fork)
    return made


def test_a_forked_save_gives_the_index_an_inline_save_gives(monkeypatch, inline_index, tmp_path):
    made = forks(monkeypatch)
    root = write_vault(tmp_path / "forked", VAULT)
    persisted(root, TODAY, write=True)
    assert len(made) == 1
    assert contents(root) == inline_index
    assert len(inline_index["notes"]) == 4 and len(inline_index["contacts"]) == 2
    assert inline_index["problems"]  # the unknown link, saved by the parent after the pages


def test_a_failing_child_leaves_the_facts_and_no_fingerprint(monkeypatch, inline_index, tmp_path):
    made = forks(monkeypatch)

    def broken(self, connection):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(index.PendingSave, "_notes_and_facts", broken)
    root = write_vault(tmp_path / "failing", VAULT)
    result = persisted(root, TODAY, write=True)
    monkeypatch.undo()
    assert len(made) == 1 and result.notice == index.NOT_SAVED
    assert len(result.report.written) == 7  # the pages do not depend on the index
    saved = contents(root)
    assert saved["contacts"] == inline_index["contacts"] and saved["problems"] == inline_index["problems"]
    assert saved["notes"] == [] and not saved["fingerprinted"]
    again = persisted(root, TODAY, write=True)
    assert again.vault is not None and again.notice is None  # not taken for a no-op: every note read again
    assert contents(root) == inline_index
    assert persisted(root, TODAY, write=True).vault is None  # now the index is whole


def test_the_build_lets_go_of_the_notes_once_the_child_has_them(monkeypatch, tmp_path):
    seen = {}
    real_start = index.PendingSave.start

    def start(self, vault):
        real_start(self, vault)
        seen["notes after start"] = len(self.cache.notes)

    monkeypatch.setattr(index.PendingSave, "start", start)
    persisted(write_vault(tmp_path / "v", VAULT), TODAY, write=True)
    assert seen == {"notes after start": 0}


def test_no_fork_while_other_threads_run(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert index._may_fork() is False
