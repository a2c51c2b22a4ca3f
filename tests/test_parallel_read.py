"""Reading many notes on several processes (this one reads a share too) gives exactly what one
process reads, reports progress up to the total, and stops when asked."""

from __future__ import annotations

import multiprocessing

import pytest

import vaultkit.notes as notes
from vaultkit.cache import Cache
from vaultkit.config import Config
from vaultkit.walk import find_notes

from conftest import write_vault

FILES = {
    **{f"Contacts/P{i:03}.md": f"---\ntype: contact\nname: Person {i}\n---\n- [ ] call {i}\n" for i in range(300)},
    **{f"Meetings/m{i:03}.md": f'---\ntype: meeting\ndate: 2026-11-{i % 28 + 1:02d}\nwith: ["[[Person {i % 300}]]"]\n'
                               f"---\n## Gave\n- idea {i} #gave\n" for i in range(600)},
    "Meetings/broken.md": "---\ndate: [unclosed\n---\n",
}


def read(root, parallel: bool, stop=None, progress=None) -> Cache:
    cache = Cache()
    found, _ = find_notes(root, Config())
    if parallel:
        notes.read_in_parallel(found, Config(), cache, stop, progress)
    else:
        for listed in found:
            notes.read_found(listed, Config(), [], cache)
    return cache


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    return write_vault(tmp_path_factory.mktemp("parallel") / "vault", FILES)


def test_parallel_read_equals_a_read_in_one_process(vault):
    alone, together = read(vault, False), read(vault, True)
    assert sorted(together.notes) == sorted(alone.notes) == sorted(FILES)
    for path, parsed in alone.notes.items():
        assert together.notes[path].note == parsed.note, path
        assert together.notes[path].problems == parsed.problems, path
    assert together.notes["Meetings/broken.md"].problems  # the broken note's problem came through
    assert together.dirty == set(FILES)


def test_progress_goes_up_to_the_total(vault):
    calls: list[tuple[int, int]] = []
    read(vault, True, stop=None, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (len(FILES), len(FILES))
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_stop_cancels_the_read_and_leaves_no_worker(vault):
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 100

    with pytest.raises(notes.Cancelled):
        read(vault, True, stop=stop)
    assert multiprocessing.active_children() == []


def test_a_note_is_read_up_to_the_limit_asked(tmp_path):
    path = tmp_path / "note.md"
    path.write_bytes(b"0123456789" * 1000)
    assert notes.read_at_most(path, 5) == b"01234"
    assert notes.read_at_most(path, 10_001) == b"0123456789" * 1000  # one more than its size: all of it
    assert notes.read_at_most(path, 20_000, first=11) == b"0123456789" * 1000  # grew since: read on
    assert notes.read_at_most(path, 15, first=11) == b"012345678901234"
    path.write_bytes(b"")
    assert notes.read_at_most(path, 1) == b""


def test_a_note_grown_past_the_limit_after_its_stat_is_too_large(make_vault, monkeypatch):
    """The read is sized from the stat; a file that grew meanwhile past the largest note
    allowed is still caught (one byte over is enough to tell)."""
    root = make_vault({"Contacts/Ana.md": "---\ntype: contact\n---\nsmall\n"})
    config = Config(max_note_mb=0.0001)  # 104 bytes
    found, _ = find_notes(root, config)
    real_stat = notes.os.stat

    def stat_then_grow(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        (root / "Contacts" / "Ana.md").write_text("x" * 500, encoding="utf-8")
        return result

    monkeypatch.setattr(notes.os, "stat", stat_then_grow)
    problems: list = []
    assert notes.read_found(found[0], config, problems, Cache()) is None
    assert [p.code for p in problems] == ["file-too-large"]
