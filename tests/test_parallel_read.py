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
