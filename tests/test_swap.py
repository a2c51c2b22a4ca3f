"""A page is replaced without losing a hand edit saved meanwhile: by an atomic exchange of the
page and its temp file (``swap``, ``ondisk.write_page``), and a new page never lands on a
file made meanwhile. What a killed build leaves beside a page is swept, a hand edit kept."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from vaultkit import mark, swap
from vaultkit.manifest import STATE_FOLDER
from vaultkit.ondisk import TEMP_MARK
from vaultkit.render import Page, front_matter
from vaultkit.writer import write_pages

from conftest import TODAY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from hand_edit_race import ATOMIC, race  # noqa: E402

OUT = "VaultKit"
EDITED = f"(edited {TODAY.isoformat()})"
exchanging = pytest.mark.skipif(not swap._renameat2(), reason="renameat2 is Linux's")


def generated(body: str) -> str:
    return front_matter(TODAY) + body


def write(root: Path, **bodies: str):
    return write_pages(root, OUT, [Page(f"{name}.md", generated(body)) for name, body in bodies.items()], TODAY)


def files(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / OUT).iterdir())}


def codes(report) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in report.problems]


def atomic_save(page: Path, text: str) -> None:
    """As most editors save: a temp file beside the note, renamed over it."""
    temp = page.with_name(f".{page.name}.saving")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, page)


@pytest.fixture
def no_exchange(monkeypatch):
    """As where renameat2 is missing (other systems, glibc and kernels too old)."""
    monkeypatch.setattr(swap, "_call", False)


# -- the renames ------------------------------------------------------------------------------


@exchanging
def test_exchange_swaps_two_files_in_one_step(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("A", encoding="utf-8")
    second.write_text("B", encoding="utf-8")
    swap.exchange(first, second)
    assert (first.read_text(encoding="utf-8"), second.read_text(encoding="utf-8")) == ("B", "A")
    with pytest.raises(FileNotFoundError):
        swap.exchange(tmp_path / "missing", second)


@exchanging
def test_the_raw_system_call_stands_in_for_an_old_glibc(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "_call", swap._load(use_libc=False))
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_text("A", encoding="utf-8")
    second.write_text("B", encoding="utf-8")
    swap.exchange(first, second)
    assert second.read_text(encoding="utf-8") == "A"
    with pytest.raises(FileExistsError):
        swap.rename_new(first, second)


@pytest.mark.parametrize("renameat2", [True, False], ids=["renameat2", "hard-link"])
def test_rename_new_never_replaces_a_file(tmp_path, monkeypatch, renameat2):
    if not renameat2:
        monkeypatch.setattr(swap, "_call", False)
    elif not swap._renameat2():
        pytest.skip("renameat2 is Linux's")
    source, taken, free = tmp_path / "new", tmp_path / "taken", tmp_path / "free"
    source.write_text("new", encoding="utf-8")
    taken.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        swap.rename_new(source, taken)
    assert taken.read_text(encoding="utf-8") == "mine" and source.exists()
    swap.rename_new(source, free)
    assert free.read_text(encoding="utf-8") == "new" and not source.exists()


def test_without_an_exchange_pages_are_replaced_as_before(tmp_path, no_exchange):
    write(tmp_path, Dashboard="one\n")
    (tmp_path / OUT / "Dashboard.md").write_text("my edit\n", encoding="utf-8")
    report = write(tmp_path, Dashboard="two\n")
    assert files(tmp_path) == {"Dashboard.md": generated("two\n"), f"Dashboard {EDITED}.md": "my edit\n"}
    assert codes(report) == [(f"{OUT}/Dashboard.md", "generated-edited")]


# -- a hand edit saved as the page is replaced ------------------------------------------------


@exchanging
def test_an_atomic_save_landing_just_before_the_swap_is_kept(tmp_path, monkeypatch):
    """The editor's rename lands after the writer's last look at the page and before the page
    is replaced: with ``os.replace`` the edit was gone; swapped out, it is kept aside."""
    write(tmp_path, Dashboard="one\n")
    page = tmp_path / OUT / "Dashboard.md"
    real = swap.exchange

    def save_then_exchange(first, second):
        atomic_save(page, generated("one\n") + "saved at the last moment\n")
        real(first, second)

    monkeypatch.setattr(swap, "exchange", save_then_exchange)
    report = write(tmp_path, Dashboard="two\n")
    assert files(tmp_path) == {"Dashboard.md": generated("two\n"),
                               f"Dashboard {EDITED}.md": generated("one\n") + "saved at the last moment\n"}
    assert report.kept_aside == [("Dashboard.md", f"Dashboard {EDITED}.md")]
    assert codes(report) == [(f"{OUT}/Dashboard.md", "generated-edited")]
    assert "while vaultkit wrote it" in report.problems[0].message
    monkeypatch.setattr(swap, "exchange", real)
    again = write(tmp_path, Dashboard="two\n")  # the manifest knows the page: nothing to report
    assert again.problems == [] and again.unchanged == ["Dashboard.md"]


def test_a_file_made_where_a_new_page_goes_is_never_overwritten(tmp_path, monkeypatch):
    write(tmp_path, Dashboard="one\n")
    mine = tmp_path / OUT / "Goals.md"
    real = swap.rename_new

    def made_meanwhile(source, target):
        if Path(target) == mine and not mine.exists():
            mine.write_text("my own note\n", encoding="utf-8")
        real(source, target)

    monkeypatch.setattr(swap, "rename_new", made_meanwhile)
    report = write(tmp_path, Dashboard="one\n", Goals="goals\n")
    assert mine.read_text(encoding="utf-8") == "my own note\n"
    assert codes(report) == [(f"{OUT}/Goals.md", "output-conflict")]
    assert not [p for p in (tmp_path / OUT).iterdir() if TEMP_MARK in p.name]


@exchanging
def test_a_thousand_atomic_saves_while_pages_are_rewritten_lose_none(tmp_path):
    """An editor process saves 1,000 distinct markers into four pages (a temp file renamed
    over the page) while this process rewrites those pages with a new text each time: every
    marker ends in a page or in a kept copy (``benchmarks/hand_edit_race.py``)."""
    counts = race(tmp_path, 1000, ATOMIC)
    assert counts["saves"] == 1000 and counts["lost"] == 0 and counts["temp files left"] == 0
    assert counts["builds"] >= 5 and counts["copies kept"] > 0


# -- what a killed build leaves ---------------------------------------------------------------


def killed_after_swapping(root: Path, page_text: str, temp_text: str | None) -> Path:
    """The state a build killed while it replaced Dashboard.md leaves: the page, a temp file
    beside it (when ``temp_text``), and the writing mark."""
    (root / OUT / "Dashboard.md").write_text(page_text, encoding="utf-8")
    temp = root / OUT / f".Dashboard.md{TEMP_MARK}0123456789ab"
    if temp_text is not None:
        temp.write_text(temp_text, encoding="utf-8")
    mark.start(root / STATE_FOLDER)
    return temp


@pytest.mark.parametrize("page, temp", [
    ("two\n", "one\n"),  # swapped: the temp holds the old text, vaultkit's own
    ("one\n", "two\n"),  # killed before the swap: the temp holds the new text
])
def test_a_killed_builds_own_temp_files_are_removed(tmp_path, page, temp):
    write(tmp_path, Dashboard="one\n")
    left = killed_after_swapping(tmp_path, generated(page), generated(temp))
    report = write(tmp_path, Dashboard="two\n")
    assert not left.exists() and report.problems == []
    assert files(tmp_path) == {"Dashboard.md": generated("two\n")}
    assert not mark.found(tmp_path / STATE_FOLDER)


def test_a_hand_edit_a_killed_build_swapped_out_is_kept(tmp_path):
    write(tmp_path, Dashboard="one\n")
    left = killed_after_swapping(tmp_path, generated("two\n"), generated("one\n") + "my edit\n")
    report = write(tmp_path, Dashboard="two\n")
    assert not left.exists()
    assert files(tmp_path) == {"Dashboard.md": generated("two\n"),
                               f"Dashboard {EDITED}.md": generated("one\n") + "my edit\n"}
    assert codes(report) == [(f"{OUT}/Dashboard.md", "generated-edited")]


def test_the_texts_a_killed_build_was_writing_are_not_hand_edits(tmp_path):
    """Its mark lists them: after a new index (no record of the page) and with the manifest
    of the build before, the page it wrote is still vaultkit's."""
    write(tmp_path, Dashboard="one\n")
    killed_after_swapping(tmp_path, generated("two\n"), None)
    mark.note(tmp_path / STATE_FOLDER, [("Dashboard.md", hashlib.sha256(generated("two\n").encode()).hexdigest())])
    report = write(tmp_path, Dashboard="three\n")
    assert report.problems == [] and files(tmp_path) == {"Dashboard.md": generated("three\n")}


def test_no_mark_is_written_through_a_symlinked_state_folder(tmp_path):
    vault, elsewhere = tmp_path / "vault", tmp_path / "elsewhere"
    vault.mkdir()
    elsewhere.mkdir()
    try:
        (vault / STATE_FOLDER).symlink_to(elsewhere, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")
    report = write(vault, Dashboard="one\n")
    assert list(elsewhere.iterdir()) == []
    assert (f"{STATE_FOLDER}/manifest.json", "output-conflict") in codes(report)
