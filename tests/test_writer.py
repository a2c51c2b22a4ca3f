"""Writing pages: only inside the output folder, only when changed, atomically, never over user files."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from vaultkit import faults
from vaultkit.render import Page, front_matter
from vaultkit.writer import WriteReport, manifest_bytes, write_pages

from conftest import TODAY

OUT = "VaultKit"
EDITED = f"(edited {TODAY.isoformat()})"


def generated(body: str) -> str:
    return front_matter(TODAY) + body


def pages(**bodies: str) -> list[Page]:
    """``pages(Dashboard="...")`` -> ``[Page("Dashboard.md", <generated text>)]``; ``__`` is ``/``."""
    return [Page(name.replace("__", "/") + ".md", generated(body)) for name, body in bodies.items()]


def write(root: Path, items: list[Page], folder: str = OUT) -> WriteReport:
    return write_pages(root, folder, items, TODAY)


def manifest(root: Path) -> dict:
    return json.loads((root / ".vaultkit" / "manifest.json").read_text(encoding="utf-8"))


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stamp(path: Path) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_mtime_ns, info.st_ino


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file and link under ``root``: its bytes (or link target), mtime and inode."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            info = os.lstat(path)
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path), info.st_mtime_ns)
            elif path.is_file():
                found[rel] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
            else:
                found[rel] = ("dir",)
    return found


def temp_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if ".vaultkit-tmp-" in path.name]


def problems(report: WriteReport) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.severity, p.code) for p in report.problems]


def symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("symbolic links are not available here")


@pytest.fixture
def vault(make_vault):
    return make_vault({"Contacts/Ana García.md": "---\ntype: contact\n---\nAna.\n", "Inbox.md": "todo\n"})


# -- first and repeated writes --------------------------------------------------------------------


def test_first_write_creates_pages_and_manifest(vault):
    items = pages(Dashboard="# Dashboard\n", Goals__Run="# Run\n", Balance__Ana_García="# Ana\n")
    report = write(vault, items)

    assert report.written == ["Balance/Ana_García.md", "Dashboard.md", "Goals/Run.md"]
    assert (report.unchanged, report.deleted, report.kept_aside, report.problems) == ([], [], [], [])
    for page in items:
        assert (vault / OUT / page.path).read_bytes() == page.text.encode("utf-8")
    files = {page.path: sha(page.text.encode("utf-8")) for page in items}
    assert manifest(vault) == {"version": 1, "output_folder": OUT, "files": files}
    assert (vault / ".vaultkit" / "manifest.json").read_bytes() == manifest_bytes(OUT, files)
    assert (vault / ".vaultkit" / ".gitignore").read_text(encoding="utf-8") == "*\n"
    assert temp_files(vault) == []


def test_a_first_build_appears_at_once_and_remembers_each_file_as_it_is(vault):
    """A missing output folder is written as a hidden folder renamed into place: the pages
    appear together, and what the writer remembers of each file matches the file."""
    items = pages(Dashboard="d\n", Goals__Run="r\n", Balance__Ana="a\n", Balance__Luis="l\n")
    known: dict = {}
    report = write_pages(vault, OUT, items, TODAY, known=known)
    assert report.written == sorted(page.path for page in items) and report.problems == []
    assert sorted(p.relative_to(vault / OUT).as_posix() for p in (vault / OUT).rglob("*.md")) == report.written
    assert [p.name for p in vault.iterdir() if p.name.startswith(".")] == [".vaultkit"]  # no hidden folder left
    for page in items:
        info = os.lstat(vault / OUT / page.path)
        assert known[page.path] == ((info.st_mtime_ns, info.st_size, info.st_ino), sha(page.text.encode("utf-8")))
    # so the next run recognises every page as untouched without reading it
    again = write_pages(vault, OUT, items, TODAY, known=known)
    assert again.unchanged == report.written and again.written == []


def test_a_hidden_folder_left_by_a_killed_first_build_is_removed(vault):
    left = vault / f".{OUT}.vaultkit-tmp-0123456789ab"
    (left / "Balance").mkdir(parents=True)
    (left / "Balance" / "Ana.md").write_text("half", encoding="utf-8")
    report = write(vault, pages(Dashboard="d\n"))
    assert report.written == ["Dashboard.md"] and not left.exists() and temp_files(vault) == []


def test_an_output_folder_made_during_a_first_build_is_written_page_by_page(vault, monkeypatch):
    """Someone creates the output folder (with a file of theirs) while the first build writes
    its hidden copy: the rename must not happen; the pages go in one by one, theirs stays."""
    import vaultkit.staging as staging

    real = staging.create_new

    def meanwhile(path, data, sync=True):
        if not (vault / OUT).exists():
            (vault / OUT).mkdir()
            (vault / OUT / "Mine.md").write_text("mine\n", encoding="utf-8")
        return real(path, data, sync)

    monkeypatch.setattr(staging, "create_new", meanwhile)
    report = write(vault, pages(Dashboard="d\n", Balance__Ana="a\n"))
    assert report.written == ["Balance/Ana.md", "Dashboard.md"] and report.problems == []
    assert (vault / OUT / "Mine.md").read_text(encoding="utf-8") == "mine\n"
    assert (vault / OUT / "Dashboard.md").read_text(encoding="utf-8") == generated("d\n")
    assert set(manifest(vault)["files"]) == {"Balance/Ana.md", "Dashboard.md"}
    assert temp_files(vault) == []


def test_a_page_that_fails_in_a_first_build_means_no_page_is_written(vault, monkeypatch):
    """A first build is all pages or none: the page that failed is named, and the build says
    it wrote none (it used to leave the others in place, a half-written output folder)."""
    import vaultkit.staging as staging

    real = staging.create_new

    def full_for_ana(path, data, sync=True):
        if Path(path).name == "Ana.md":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data, sync)

    monkeypatch.setattr(staging, "create_new", full_for_ana)
    report = write(vault, pages(Dashboard="d\n", Balance__Ana="a\n"))
    assert problems(report) == [(OUT, 1, "error", "write-failed"), (f"{OUT}/Balance/Ana.md", 1, "error", "write-failed")]
    assert report.written == [] and manifest(vault)["files"] == {}
    assert not (vault / OUT).exists() and temp_files(vault) == []


def test_manifest_bytes_are_stable_and_sorted(vault):
    write(vault, [Page("b.md", "b\n"), Page("a.md", "a\n")])
    a, b = sha(b"a\n"), sha(b"b\n")
    expected = (
        '{\n  "files": {\n'
        f'    "a.md": "{a}",\n'
        f'    "b.md": "{b}"\n'
        '  },\n  "output_folder": "VaultKit",\n  "version": 1\n}\n'
    )
    path = vault / ".vaultkit" / "manifest.json"
    assert path.read_text(encoding="utf-8") == expected
    before = stamp(path)
    write(vault, [Page("a.md", "a\n"), Page("b.md", "b\n")])
    assert stamp(path) == before


def test_text_is_written_exactly_as_utf8_without_newline_translation(vault):
    text = generated("Ünïcödé — 日本 😀\nline two\n\nno carriage returns\n")
    write(vault, [Page("Dashboard.md", text)])
    data = (vault / OUT / "Dashboard.md").read_bytes()
    assert data == text.encode("utf-8")
    assert b"\r" not in data


def test_second_write_of_the_same_pages_touches_nothing(vault):
    items = pages(Dashboard="# D\n", Goals__Run="# Run\n")
    write(vault, items)
    before = snapshot(vault)

    report = write(vault, items)

    assert report.written == []
    assert report.unchanged == ["Dashboard.md", "Goals/Run.md"]
    assert report.problems == []
    assert snapshot(vault) == before  # bytes, mtime_ns and inode of every file, manifest included


def test_a_changed_page_is_rewritten_and_the_others_are_not(vault):
    write(vault, pages(Dashboard="# D\n", Goals__Run="old\n"))
    kept = stamp(vault / OUT / "Dashboard.md")
    old_inode = stamp(vault / OUT / "Goals" / "Run.md")[1]

    report = write(vault, pages(Dashboard="# D\n", Goals__Run="new\n"))

    assert report.written == ["Goals/Run.md"]
    assert report.unchanged == ["Dashboard.md"]
    target = vault / OUT / "Goals" / "Run.md"
    assert target.read_text(encoding="utf-8") == generated("new\n")
    assert stamp(target)[1] != old_inode  # replaced by rename, not rewritten in place
    assert stamp(vault / OUT / "Dashboard.md") == kept
    assert manifest(vault)["files"]["Goals/Run.md"] == sha(generated("new\n").encode("utf-8"))
    assert temp_files(vault) == []


def test_existing_identical_file_without_manifest_is_adopted(vault):
    (vault / OUT).mkdir()
    (vault / OUT / "Dashboard.md").write_bytes(generated("# D\n").encode("utf-8"))
    before = stamp(vault / OUT / "Dashboard.md")

    report = write(vault, pages(Dashboard="# D\n"))

    assert report.unchanged == ["Dashboard.md"]
    assert report.problems == []
    assert stamp(vault / OUT / "Dashboard.md") == before
    assert manifest(vault)["files"] == {"Dashboard.md": sha(generated("# D\n").encode("utf-8"))}


def test_nested_output_folder_is_created(vault):
    report = write(vault, pages(Dashboard="x\n"), folder="Meta/VaultKit")
    assert report.written == ["Dashboard.md"]
    assert (vault / "Meta" / "VaultKit" / "Dashboard.md").is_file()
    assert manifest(vault)["output_folder"] == "Meta/VaultKit"


def test_existing_gitignore_is_left_alone(vault):
    (vault / ".vaultkit").mkdir()
    (vault / ".vaultkit" / ".gitignore").write_text("index.sqlite\n", encoding="utf-8")
    write(vault, pages(Dashboard="x\n"))
    assert (vault / ".vaultkit" / ".gitignore").read_text(encoding="utf-8") == "index.sqlite\n"


# -- hand edits -----------------------------------------------------------------------------------


def test_hand_edited_page_is_copied_aside_then_regenerated(vault):
    write(vault, pages(Balance__Ana="v1\n"))
    target = vault / OUT / "Balance" / "Ana.md"
    edited = generated("v1\nmy own notes\n").encode("utf-8")
    target.write_bytes(edited)

    report = write(vault, pages(Balance__Ana="v2\n"))

    copy = f"Balance/Ana {EDITED}.md"
    assert report.kept_aside == [("Balance/Ana.md", copy)]
    assert report.written == ["Balance/Ana.md"]
    assert (vault / OUT / copy).read_bytes() == edited
    assert target.read_text(encoding="utf-8") == generated("v2\n")
    assert problems(report) == [(f"{OUT}/Balance/Ana.md", 1, "warning", "generated-edited")]
    assert f"'{OUT}/{copy}'" in report.problems[0].message
    assert set(manifest(vault)["files"]) == {"Balance/Ana.md"}


def test_the_copy_aside_is_never_touched_again(vault):
    write(vault, pages(Ana="v1\n"))
    (vault / OUT / "Ana.md").write_text(generated("v1\nfirst edit\n"), encoding="utf-8")
    write(vault, pages(Ana="v2\n"))
    first_copy = vault / OUT / f"Ana {EDITED}.md"
    before = snapshot(vault)[f"{OUT}/{first_copy.name}"]

    # edited again the same day: the next copy gets a number, the first copy stays as it was
    (vault / OUT / "Ana.md").write_text("second edit\n", encoding="utf-8")
    report = write(vault, pages(Ana="v3\n"))

    assert report.kept_aside == [("Ana.md", f"Ana (edited {TODAY.isoformat()} 2).md")]
    second_copy = vault / OUT / f"Ana (edited {TODAY.isoformat()} 2).md"
    assert second_copy.read_text(encoding="utf-8") == "second edit\n"
    assert snapshot(vault)[f"{OUT}/{first_copy.name}"] == before

    # and a page that would land on the copy's name is refused, not written over it
    report = write(vault, pages(Ana="v3\n") + [Page(f"Ana {EDITED}.md", generated("x\n"))])
    assert problems(report) == [(f"{OUT}/Ana {EDITED}.md", 1, "error", "output-conflict")]
    assert snapshot(vault)[f"{OUT}/{first_copy.name}"] == before


def test_copy_name_skips_names_taken_case_insensitively(vault):
    write(vault, pages(Ana="v1\n"))
    (vault / OUT / "Ana.md").write_text("edit\n", encoding="utf-8")
    (vault / OUT / f"ana {EDITED}.md").write_text("someone else's\n", encoding="utf-8")

    report = write(vault, pages(Ana="v2\n"))

    assert report.kept_aside == [("Ana.md", f"Ana (edited {TODAY.isoformat()} 2).md")]
    assert (vault / OUT / f"ana {EDITED}.md").read_text(encoding="utf-8") == "someone else's\n"


def test_lost_manifest_with_a_generated_file_present(vault):
    write(vault, pages(Dashboard="yesterday\n"))
    old = (vault / OUT / "Dashboard.md").read_bytes()
    (vault / ".vaultkit" / "manifest.json").unlink()

    report = write(vault, pages(Dashboard="today\n"))

    assert report.kept_aside == [("Dashboard.md", f"Dashboard {EDITED}.md")]
    assert (vault / OUT / f"Dashboard {EDITED}.md").read_bytes() == old
    assert (vault / OUT / "Dashboard.md").read_text(encoding="utf-8") == generated("today\n")
    assert problems(report) == [(f"{OUT}/Dashboard.md", 1, "warning", "generated-edited")]
    assert set(manifest(vault)["files"]) == {"Dashboard.md"}


def test_users_own_file_at_an_output_path_is_not_overwritten(vault):
    (vault / OUT).mkdir()
    mine = vault / OUT / "Dashboard.md"
    mine.write_text("---\ntitle: mine\n---\nMy dashboard.\n", encoding="utf-8")
    before = snapshot(vault)[f"{OUT}/Dashboard.md"]

    report = write(vault, pages(Dashboard="# D\n", Goals="# G\n"))

    assert problems(report) == [(f"{OUT}/Dashboard.md", 1, "error", "output-conflict")]
    assert "was not written by vaultkit; rename it" in report.problems[0].message
    assert snapshot(vault)[f"{OUT}/Dashboard.md"] == before
    assert report.written == ["Goals.md"]
    assert set(manifest(vault)["files"]) == {"Goals.md"}

    # still refused on the next run: refusing never makes the file vaultkit's
    again = write(vault, pages(Dashboard="# D\n", Goals="# G\n"))
    assert problems(again) == problems(report)
    assert snapshot(vault)[f"{OUT}/Dashboard.md"] == before


def test_two_pages_differing_only_in_case_are_one_file(vault):
    report = write(vault, [Page("Ana.md", "A\n"), Page("ana.md", "a\n")])
    assert report.written == ["Ana.md"]
    assert problems(report) == [(f"{OUT}/ana.md", 1, "error", "output-conflict")]


def test_two_pages_with_the_same_path_write_the_first(vault):
    report = write(vault, [Page("Ana.md", "A\n"), Page("Ana.md", "B\n")])
    assert report.written == ["Ana.md"]
    assert (vault / OUT / "Ana.md").read_text(encoding="utf-8") == "A\n"
    assert problems(report) == [(f"{OUT}/Ana.md", 1, "error", "output-conflict")]


def fail_renames_onto(monkeypatch, target: Path) -> None:
    """Every rename onto ``target`` fails with ENOSPC (``vaultkit.faults``)."""
    monkeypatch.setattr(faults, "plan", faults.Plan(faults.FILES, 1, until=float("inf"), match=f"rename {target}"))


def test_failed_write_after_copy_aside_does_not_copy_twice(vault, monkeypatch):
    write(vault, pages(Ana="v1\n"))
    (vault / OUT / "Ana.md").write_text("edit\n", encoding="utf-8")
    fail_renames_onto(monkeypatch, vault / OUT / "Ana.md")
    report = write(vault, pages(Ana="v2\n"))
    assert report.kept_aside == [("Ana.md", f"Ana {EDITED}.md")]
    assert (vault / OUT / "Ana.md").read_text(encoding="utf-8") == "edit\n"
    monkeypatch.setattr(faults, "plan", None)

    report = write(vault, pages(Ana="v2\n"))
    assert report.kept_aside == []
    assert report.problems == []
    assert (vault / OUT / "Ana.md").read_text(encoding="utf-8") == generated("v2\n")


# -- stale outputs --------------------------------------------------------------------------------


def test_removed_page_is_deleted_when_unedited_and_empty_folders_go(vault):
    write(vault, pages(Dashboard="d\n", Goals__Run="r\n", Goals__Old__Deep="x\n", Balance__Ana="a\n"))

    report = write(vault, pages(Dashboard="d\n", Balance__Ana="a\n"))

    assert report.deleted == ["Goals/Old/Deep.md", "Goals/Run.md"]
    assert report.problems == []
    assert not (vault / OUT / "Goals").exists()
    assert (vault / OUT / "Balance" / "Ana.md").is_file()
    assert set(manifest(vault)["files"]) == {"Balance/Ana.md", "Dashboard.md"}

    report = write(vault, [])
    assert report.deleted == ["Balance/Ana.md", "Dashboard.md"]
    assert (vault / OUT).is_dir()  # the output folder itself stays
    assert list((vault / OUT).iterdir()) == []
    assert manifest(vault)["files"] == {}


def test_folder_holding_a_user_file_is_not_removed(vault):
    write(vault, pages(Goals__Run="r\n"))
    (vault / OUT / "Goals" / "mine.md").write_text("mine\n", encoding="utf-8")
    report = write(vault, [])
    assert report.deleted == ["Goals/Run.md"]
    assert (vault / OUT / "Goals" / "mine.md").read_text(encoding="utf-8") == "mine\n"


def test_removed_page_is_kept_when_edited(vault):
    write(vault, pages(Dashboard="d\n", Goals__Run="r\n"))
    (vault / OUT / "Goals" / "Run.md").write_text("I keep notes here\n", encoding="utf-8")

    report = write(vault, pages(Dashboard="d\n"))

    assert report.deleted == []
    assert problems(report) == [(f"{OUT}/Goals/Run.md", 1, "warning", "generated-edited")]
    assert "kept" in report.problems[0].message
    assert (vault / OUT / "Goals" / "Run.md").read_text(encoding="utf-8") == "I keep notes here\n"
    assert set(manifest(vault)["files"]) == {"Dashboard.md"}

    # it is the user's file now: no more warnings, never deleted
    again = write(vault, pages(Dashboard="d\n"))
    assert again.problems == [] and again.deleted == []
    assert (vault / OUT / "Goals" / "Run.md").is_file()


def test_stale_entry_of_a_missing_file_is_dropped(vault):
    write(vault, pages(Dashboard="d\n", Goals="g\n"))
    (vault / OUT / "Goals.md").unlink()
    report = write(vault, pages(Dashboard="d\n"))
    assert (report.deleted, report.problems) == ([], [])
    assert set(manifest(vault)["files"]) == {"Dashboard.md"}


def test_case_only_rename_replaces_the_old_page(vault):
    write(vault, pages(ana_garcía="a\n"))
    report = write(vault, pages(Ana_García="a\n"))
    assert report.problems == []
    assert sorted(path.name for path in (vault / OUT).iterdir()) == ["Ana_García.md"]
    assert set(manifest(vault)["files"]) == {"Ana_García.md"}


def test_case_insensitive_file_system_rename_keeps_the_one_file(vault):
    """Simulated with a hard link: on Windows and macOS ``Ana.md`` and ``ana.md`` are one file."""
    write(vault, pages(Ana="a\n"))
    try:
        os.link(vault / OUT / "Ana.md", vault / OUT / "ana.md")
    except OSError:
        pytest.skip("hard links are not available here")

    report = write(vault, pages(ana="a\n"))
    assert (report.unchanged, report.deleted, report.problems) == (["ana.md"], [], [])
    assert (vault / OUT / "Ana.md").is_file()
    assert set(manifest(vault)["files"]) == {"ana.md"}

    report = write(vault, pages(ana="b\n"))
    assert (report.written, report.kept_aside, report.problems) == (["ana.md"], [], [])


# -- unsafe paths and symlinks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd.md", "../Inbox.md", "Goals/../../Inbox.md", "Goals\\Run.md", "Goals//Run.md",
     "", "Goals/", "./Run.md", "C:Run.md", "C:/Run.md", "a\0b.md"],
)
def test_unsafe_page_paths_are_rejected(vault, path):
    before = snapshot(vault)
    report = write(vault, [Page(path, "evil\n"), Page("Dashboard.md", "d\n")])

    assert problems(report) == [(f"{OUT}/{path}", 1, "error", "unsafe-output-path")]
    assert report.written == ["Dashboard.md"]
    after = snapshot(vault)
    changed = {rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel)}
    state = {".vaultkit", ".vaultkit/manifest.json", ".vaultkit/.gitignore"}
    assert changed == {OUT, f"{OUT}/Dashboard.md"} | state


@pytest.mark.parametrize("folder", ["../Elsewhere", "/tmp/VaultKit", ".vaultkit", "", "a/../b"])
def test_unsafe_output_folder_writes_nothing(vault, folder):
    before = snapshot(vault)
    report = write(vault, pages(Dashboard="d\n"), folder=folder)
    assert [p.code for p in report.problems] == ["unsafe-output-path"]
    assert report.written == []
    assert snapshot(vault) == before


def test_symlinked_output_folder_is_not_written_through(vault, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    symlink(vault / OUT, elsewhere)

    report = write(vault, pages(Dashboard="d\n"))

    assert problems(report) == [(OUT, 1, "error", "output-conflict")]
    assert "symbolic link" in report.problems[0].message
    assert list(elsewhere.iterdir()) == []
    assert report.written == []


def test_symlinked_subfolder_and_target_are_not_written_through(vault, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside_file = tmp_path / "outside.md"
    outside_file.write_text("outside\n", encoding="utf-8")
    (vault / OUT).mkdir()
    symlink(vault / OUT / "Goals", elsewhere)
    symlink(vault / OUT / "Dashboard.md", outside_file)

    report = write(vault, pages(Dashboard="d\n", Goals__Run="r\n", Balance="b\n"))

    assert problems(report) == [
        (f"{OUT}/Dashboard.md", 1, "error", "output-conflict"),
        (f"{OUT}/Goals/Run.md", 1, "error", "output-conflict"),
    ]
    assert "symbolic link" in report.problems[0].message
    assert "symbolic link" in report.problems[1].message
    assert report.written == ["Balance.md"]
    assert list(elsewhere.iterdir()) == []
    assert outside_file.read_text(encoding="utf-8") == "outside\n"
    assert (vault / OUT / "Dashboard.md").is_symlink()


def test_stale_entry_turned_symlink_is_not_deleted_through(vault, tmp_path):
    write(vault, pages(Goals__Run="r\n"))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Run.md").write_bytes((vault / OUT / "Goals" / "Run.md").read_bytes())
    (vault / OUT / "Goals" / "Run.md").unlink()
    (vault / OUT / "Goals").rmdir()
    symlink(vault / OUT / "Goals", outside)

    report = write(vault, [])

    assert report.deleted == []
    assert (outside / "Run.md").is_file()
    assert manifest(vault)["files"] == {}


def test_manifest_entries_outside_the_output_folder_are_ignored(vault):
    ana = vault / "Contacts" / "Ana García.md"
    bad = {"../Contacts/Ana García.md": sha(ana.read_bytes()), "/abs.md": sha(b""), "ok.md": "not a hash"}
    (vault / ".vaultkit").mkdir()
    (vault / ".vaultkit" / "manifest.json").write_text(
        json.dumps({"version": 1, "output_folder": OUT, "files": bad}), encoding="utf-8"
    )
    before = snapshot(vault)["Contacts/Ana García.md"]

    report = write(vault, [])

    assert report.deleted == [] and report.problems == []
    assert snapshot(vault)["Contacts/Ana García.md"] == before
    assert manifest(vault)["files"] == {}


# -- failures -------------------------------------------------------------------------------------


def test_failing_write_leaves_the_previous_page_and_no_temp_file(vault, monkeypatch):
    write(vault, pages(Dashboard="old\n"))
    before = snapshot(vault)
    fail_renames_onto(monkeypatch, vault / OUT / "Dashboard.md")
    report = write(vault, pages(Dashboard="new\n"))

    assert problems(report) == [(f"{OUT}/Dashboard.md", 1, "error", "write-failed")]
    assert os.strerror(errno.ENOSPC) in report.problems[0].message
    assert report.written == []
    assert temp_files(vault) == []
    assert snapshot(vault) == before  # page and manifest as they were


def test_failing_new_folder_is_a_problem_not_an_exception(vault, monkeypatch):
    def denied(path, mode=0o777):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(os, "mkdir", denied)
    report = write(vault, pages(Dashboard="d\n"))

    assert (f"{OUT}/Dashboard.md", 1, "error", "write-failed") in problems(report)
    assert (".vaultkit/manifest.json", 1, "error", "write-failed") in problems(report)
    assert not (vault / OUT).exists()


def test_output_folder_replaced_by_a_file(vault):
    write(vault, pages(Dashboard="d\n"))
    manifest_before = (vault / ".vaultkit" / "manifest.json").read_bytes()
    (vault / OUT / "Dashboard.md").unlink()
    (vault / OUT).rmdir()
    (vault / OUT).write_text("not a folder\n", encoding="utf-8")
    before = snapshot(vault)

    report = write(vault, pages(Dashboard="d\n"))

    assert problems(report) == [(OUT, 1, "error", "output-conflict")]
    assert snapshot(vault) == before
    assert (vault / ".vaultkit" / "manifest.json").read_bytes() == manifest_before


def test_subfolder_replaced_by_a_file(vault):
    (vault / OUT).mkdir()
    (vault / OUT / "Goals").write_text("mine\n", encoding="utf-8")
    report = write(vault, pages(Goals__Run="r\n", Dashboard="d\n"))
    assert problems(report) == [(f"{OUT}/Goals/Run.md", 1, "error", "output-conflict")]
    assert (vault / OUT / "Goals").read_text(encoding="utf-8") == "mine\n"
    assert report.written == ["Dashboard.md"]


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b"null", b"\xff\xfe", b'{"version": 2, "output_folder": "VaultKit", "files": {}}',
     b'{"version": 1, "output_folder": "VaultKit", "files": []}',
     b'{"version": 1, "output_folder": "Other", "files": {"Dashboard.md": "%s"}}'],
)
def test_malformed_manifest_counts_as_empty(vault, content):
    (vault / OUT).mkdir()
    user_page = vault / OUT / "Dashboard.md"
    user_page.write_text("my own\n", encoding="utf-8")
    (vault / ".vaultkit").mkdir()
    (vault / ".vaultkit" / "manifest.json").write_bytes(content.replace(b"%s", sha(b"my own\n").encode()))

    report = write(vault, pages(Dashboard="d\n", Goals="g\n"))

    assert problems(report) == [(f"{OUT}/Dashboard.md", 1, "error", "output-conflict")]
    assert user_page.read_text(encoding="utf-8") == "my own\n"
    assert report.written == ["Goals.md"]
    files = {"Goals.md": sha(generated("g\n").encode())}
    assert manifest(vault) == {"version": 1, "output_folder": OUT, "files": files}


# -- the promise: nothing else changes ------------------------------------------------------------


def test_nothing_outside_the_output_folder_and_state_folder_changes(make_vault):
    root = make_vault(
        {
            "Contacts/Ana García.md": "---\ntype: contact\n---\nAna.\n",
            "Meetings/2026-11-20 Coffee.md": "Coffee with [[Ana García]].\n",
            ".obsidian/workspace.json": "{}\n",
            "Templates/Contact.md": "---\ntype: contact\n---\n",
            "VaultKitten/keep.md": "similar name, not ours\n",
            "crlf.md": b"a\r\nb\r\n",
        }
    )

    def outside() -> dict:
        return {rel: v for rel, v in snapshot(root).items() if rel.split("/")[0] not in (OUT, ".vaultkit")}

    before = outside()
    write(root, pages(Dashboard="d\n", Goals__Run="r\n", Balance__Ana="a\n"))
    (root / OUT / "Balance" / "Ana.md").write_text("edited\n", encoding="utf-8")
    write(root, pages(Dashboard="d2\n", Balance__Ana="a2\n"))
    (root / ".vaultkit" / "manifest.json").write_text("garbage", encoding="utf-8")
    write(root, pages(Dashboard="d3\n"))
    write(root, [])

    assert outside() == before
    assert temp_files(root) == []


def test_temp_files_of_a_build_killed_while_writing_are_swept_by_the_next(tmp_path):
    """A build killed (SIGKILL) between creating a page's temp file and renaming it leaves
    ``.page.md.vaultkit-tmp-…`` behind, and its "writing" mark; the next build removes them,
    and nothing else."""
    from vaultkit.ondisk import TEMP_MARK
    from vaultkit.writer import STATE_FOLDER, WRITING_MARK

    write_pages(tmp_path, "VaultKit", [Page("Balance/Ana.md", "a\n")], TODAY)
    left = tmp_path / "VaultKit" / "Balance" / f".Ana.md{TEMP_MARK}7c356a9bc2c3"
    left.write_text("half", encoding="utf-8")
    mine = tmp_path / "VaultKit" / "Balance" / ".Ana.md.mine"  # not vaultkit's pattern: kept
    mine.write_text("x", encoding="utf-8")
    write_pages(tmp_path, "VaultKit", [Page("Balance/Ana.md", "a\n")], TODAY)
    assert left.exists()  # the last build finished: nothing to sweep
    (tmp_path / STATE_FOLDER / WRITING_MARK).touch()  # as a killed build leaves it
    write_pages(tmp_path, "VaultKit", [Page("Balance/Ana.md", "a\n")], TODAY)
    assert not left.exists() and mine.exists()
    assert not (tmp_path / STATE_FOLDER / WRITING_MARK).exists()


def test_a_hand_edit_landing_while_the_page_is_written_is_kept(vault, monkeypatch):
    """The race ``watch`` met: the page is checked (not edited), then a hand edit lands before
    the new text replaces it. The write notices the file changed, looks again, keeps the edit
    aside and writes the page: the edit is never lost."""
    import vaultkit.ondisk as ondisk

    write(vault, pages(Dashboard="yesterday\n"))
    page = vault / OUT / "Dashboard.md"
    real = ondisk.create_new
    landed = []

    def create_then_edit(path, data, sync=True):
        key = real(path, data, sync)
        if not landed and ondisk.TEMP_MARK in path.name:  # between the check and the rename
            page.write_text(page.read_text(encoding="utf-8") + "my own line\n", encoding="utf-8")
            landed.append(path)
        return key

    monkeypatch.setattr(ondisk, "create_new", create_then_edit)
    report = write(vault, pages(Dashboard="today\n"))
    assert landed
    assert report.kept_aside == [("Dashboard.md", f"Dashboard {EDITED}.md")]
    assert (vault / OUT / f"Dashboard {EDITED}.md").read_text(encoding="utf-8").endswith("my own line\n")
    assert page.read_text(encoding="utf-8") == generated("today\n")
    assert problems(report) == [(f"{OUT}/Dashboard.md", 1, "warning", "generated-edited")]
    assert not [p for p in (vault / OUT).iterdir() if ondisk.TEMP_MARK in p.name]


def test_a_first_build_that_cannot_write_every_page_writes_none(vault, monkeypatch):
    """A full disk halfway through a first build: no output folder at all (it left 1 or 42 of
    67 pages), nothing staged left behind, and the next build writes every page."""
    import vaultkit.staging as staging

    real = staging.create_new
    written = []

    def fill_the_disk(path, data, sync=True):
        if len(written) >= 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real(path, data, sync)

    monkeypatch.setattr(staging, "create_new", fill_the_disk)
    many = [Page(f"Balance/P{n:02d}.md", f"page {n}\n") for n in range(20)]
    report = write(vault, many)
    assert not (vault / OUT).exists()
    assert not [p for p in vault.iterdir() if p.name.startswith(f".{OUT}.vaultkit-tmp-")]
    assert report.written == [] and (OUT, 1, "error", "write-failed") in problems(report)
    monkeypatch.setattr(staging, "create_new", real)
    again = write(vault, many)
    assert len(again.written) == 20 and not again.problems
