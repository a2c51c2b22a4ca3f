"""Soak: watch mode under a scripted edit every 100 ms; memory stays flat and no update is lost.

Runs for ``VAULTKIT_SOAK_SECONDS`` (default 60) and is marked slow: ``python -m pytest -m slow``
runs it alone, ``-m "not slow"`` skips it; ``VAULTKIT_SOAK_SECONDS=1800 python -m pytest
tests/test_soak.py`` soaks for half an hour. The long measurement, in its own process, is
``benchmarks/watch_soak.py`` (docs/safety.md).

Memory is measured twice, each time with the watcher idle, vaultkit's size-limited caches
emptied and garbage collected: once the warm-up (a quarter of the run) is over, and at the
end. What Python holds (tracemalloc) may grow by ``PYTHON_GROWTH_LIMIT_KB`` and 128 bytes a
rebuild in between, not more: the vault keeps about its size, so anything the watcher kept
per edit or per build (a leak of 300 bytes a rebuild, say) would show.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import TODAY, write_vault
from test_faults import fresh_pages, pages_on_disk
from test_watch import meeting, settle, temp_files, watching

SECONDS = float(os.environ.get("VAULTKIT_SOAK_SECONDS", "60"))
EDIT_EVERY = 0.1
PEOPLE = [f"Person {n:02d}" for n in range(40)]
PYTHON_GROWTH_LIMIT_KB = 32  # what Python holds may grow this much after the warm-up...
PYTHON_GROWTH_PER_BUILD_KB = 0.125  # ...and this much a rebuild (a run of 60 s: +16 KB over 206 rebuilds)
RSS_GROWTH_LIMIT_MB = 16  # resident memory, allocator slack included, may grow this much, not more


def rss_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    except OSError:
        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1048576


class Editor:
    """Scripted edits the way editors and sync tools save: append, rewrite, temp-and-rename,
    create, rename and delete notes."""

    def __init__(self, root: Path, seed: int = 7):
        self.root = root
        self.random = random.Random(seed)
        self.made = 0

    def meetings(self) -> list[Path]:
        return sorted((self.root / "Meetings").glob("*.md"))

    def edit(self, step: int) -> None:
        kind = self.random.choice(["append", "append", "rewrite", "rename-save", "create", "move", "delete"])
        notes = self.meetings()
        if kind == "create" or len(notes) < 5:
            self.made += 1
            who = self.random.choice(PEOPLE)
            path = self.root / "Meetings" / f"2026-11-{self.made % 20 + 1:02d} soak {self.made}.md"
            path.write_text(meeting(f"2026-11-{self.made % 20 + 1:02d}", who, f"soak gift {step}"), encoding="utf-8")
        elif kind == "append":
            with open(self.random.choice(notes), "a", encoding="utf-8") as handle:
                handle.write(f"- appended gift {step}\n")
        elif kind == "rewrite":
            path = self.random.choice(notes)
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("gift", "present", 1) + f"- rewritten {step}\n", encoding="utf-8")
        elif kind == "rename-save":  # write a temporary file, rename it over the note
            path = self.random.choice(notes)
            temp = path.with_name(f".{path.name}.swp")
            temp.write_text(path.read_text(encoding="utf-8") + f"- saved {step}\n", encoding="utf-8")
            os.replace(temp, path)
        elif kind == "move":
            path = self.random.choice(notes)
            path.rename(path.with_name(f"moved {step}.md"))
        else:
            self.random.choice(notes).unlink()


def held_kb() -> float:
    """What Python objects hold now, in KB (tracemalloc must be on), once vaultkit's caches
    are emptied and garbage collected: a cache with a size limit holds a bounded amount by
    design (``render.link`` keeps up to 65,536 links), anything else that grows is a leak."""
    for module in [m for name, m in list(sys.modules.items()) if name.split(".")[0] == "vaultkit"]:
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                assert value.cache_info().maxsize is not None, f"{module.__name__}: a cache without a size limit"
                value.cache_clear()
    gc.collect()
    return tracemalloc.get_traced_memory()[0] / 1024


@pytest.mark.slow
def test_watch_soak_memory_flat_and_no_update_lost(tmp_path):
    files = {f"Contacts/{name}.md": "---\ntype: contact\ncadence: monthly\n---\n" for name in PEOPLE}
    for n, name in enumerate(PEOPLE):
        files[f"Meetings/2026-10-{n % 28 + 1:02d} {name}.md"] = meeting(f"2026-10-{n % 28 + 1:02d}", name, "a book")
    root = write_vault(tmp_path / "vault", files)
    editor = Editor(root)
    samples: list[tuple[float, float]] = []
    tracemalloc.start()
    try:
        with watching(root, say=lambda _message: None) as w:  # nothing kept per build by the test itself
            started = time.monotonic()
            step = 0
            warm: tuple[float, float, int, int] | None = None  # (Python KB, RSS MB, edits, builds)
            while time.monotonic() - started < SECONDS:
                editor.edit(step)
                step += 1
                if step % 10 == 0:
                    samples.append((time.monotonic() - started, rss_mb()))
                if warm is None and time.monotonic() - started >= SECONDS * 0.25:
                    assert settle(w.watcher, calm=0.5, timeout=30)
                    warm = (held_kb(), rss_mb(), step, w.watcher.builds)
                time.sleep(EDIT_EVERY)
            assert settle(w.watcher, calm=1.0, timeout=30)
            end = (held_kb(), rss_mb(), step, w.watcher.builds)
            builds = w.watcher.builds
    finally:
        tracemalloc.stop()
    python_growth, rss_growth = end[0] - warm[0], end[1] - warm[1]
    print(f"soak: {step} edits in {SECONDS:.0f} s, {builds} rebuilds; after the warm-up ({warm[2]} edits, "
          f"{warm[3]} builds) Python held {warm[0]:.0f} KB and {end[0]:.0f} KB at the end "
          f"({python_growth:+.0f} KB over {end[2] - warm[2]} edits and {end[3] - warm[3]} builds); resident "
          f"{samples[0][1]:.0f} MB at the start, {warm[1]:.0f} MB after the warm-up, {end[1]:.0f} MB at the end")
    limit = PYTHON_GROWTH_LIMIT_KB + PYTHON_GROWTH_PER_BUILD_KB * (end[3] - warm[3])
    assert python_growth < limit, f"Python memory grew {python_growth:.0f} KB after the warm-up (limit {limit:.0f} KB)"
    assert rss_growth < RSS_GROWTH_LIMIT_MB, f"resident memory grew {rss_growth:.0f} MB after the warm-up: {samples}"
    assert end[3] - warm[3] > SECONDS / 4  # it kept rebuilding after the warm-up: not once at the end
    assert builds > SECONDS  # it kept rebuilding: about every 0.1 s quiet window, not once at the end
    assert pages_on_disk(root) == fresh_pages(root, tmp_path, TODAY)  # every edit made it, nothing stale, no kept-aside copy
    assert temp_files(root) == []
