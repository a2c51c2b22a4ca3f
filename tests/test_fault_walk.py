"""Every fault, one at a time: a build failed (ENOSPC), or killed on the spot (``os._exit``,
as SIGKILL), at its 1st, 2nd, 3rd... file system operation and index statement
(``vaultkit.faults``), over a first build, an edit build and a deleting build.

After each fault: no note changed; every page is whole (its old text or its new one; a first
build's pages all there or none); the vault's lock is free. Then the next build, without
faults, succeeds with the problems of a clean build (no ``generated-edited``), leaves every
page equal to a clean build of the same notes in a fresh copy, no temp file or staging folder,
and a manifest true to the disk.

The default suite walks a third of the sample vault: every file system operation, and the
index statements where a fault differs (each outside a transaction; in each transaction its
first, second and last statements, its end and every 40th). ``-m slow`` walks the whole
sample vault, every operation and every statement.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from vaultkit import faults
from vaultkit.build import build
from vaultkit.incremental import code
from vaultkit.lock import VaultLock
from vaultkit.ondisk import TEMP_MARK

from conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample-vault"
OUT = "VaultKit"
STATE = ".vaultkit"
STRIDE = 40  # inside a transaction, the default walk faults every 40th statement
SMALL = ("Ana García", "Luis Fernández", "Priya Raman", "Rachel Kim", "Tom Becker", "Land a staff role")


@dataclass
class Scenario:
    """A vault just before the build the faults hit, and what that build should give."""

    name: str
    template: Path
    notes: dict[str, str]  # every file outside the output and state folders -> sha256
    old: dict[str, bytes]  # the pages before the build
    new: dict[str, bytes]  # the pages of a clean build of the same notes
    problems: list[tuple]  # the problems of that clean build
    log: dict[str, list[str]]  # the operations of the build, by kind (a dry run)


def pages_on_disk(root: Path) -> dict[str, bytes]:
    out = root / OUT
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def visible_pages(root: Path) -> dict[str, bytes]:
    return {path: data for path, data in pages_on_disk(root).items()
            if not any(part.startswith(".") for part in path.split("/"))}


def notes_of(root: Path) -> dict[str, str]:
    """Every file but vaultkit's: the output folder, its staging folder, the state folder."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        top = rel.split("/")[0]
        if path.is_file() and top not in (OUT, STATE) and not top.startswith(f".{OUT}{TEMP_MARK}"):
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def problems_of(result) -> list[tuple]:
    return [(p.path, p.line, p.severity, p.code, p.message) for p in result.problems]


def leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if TEMP_MARK in p.name)


def edit_meetings(root: Path) -> None:
    """A gift added to every third meeting: their people's ledgers, the dashboard... change."""
    for number, note in enumerate(sorted((root / "Meetings").glob("*.md"))):
        if number % 3 == 0:
            note.write_text(note.read_text(encoding="utf-8") + "\n## Gave\n- an intro to a hiring manager "
                            "[weight:: 2]\n", encoding="utf-8")


def delete_contacts(root: Path) -> None:
    """Four contacts gone: their ledgers are deleted."""
    for note in sorted((root / "Contacts").glob("*.md"))[:4]:
        note.unlink()


def dry_run(root: Path) -> dict[str, list[str]]:
    """The operations a build of ``root`` makes, by kind (the build is made on a copy)."""
    copy = root.with_name(root.name + "-dry")
    shutil.copytree(root, copy, symlinks=True)
    plan = faults.Plan(faults.FILES, 10**9, log=[])
    faults.arm(plan)
    try:
        build(copy, TODAY)
    finally:
        faults.arm(None)
    shutil.rmtree(copy)
    log = {faults.FILES: [], faults.DATABASE: []}
    for line in plan.log:
        kind, what = line.split(" ", 1)
        log[kind].append(what)
    return log


def copy_sample(dest: Path) -> None:
    """The sample vault's notes and settings, without the pages and index a build of it left
    (the README's first command builds it in place)."""
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns(OUT, STATE))


def small_sample(dest: Path) -> None:
    """The sample vault's notes that name one of ``SMALL`` (five people, a goal), and its settings."""
    copy_sample(dest)
    for note in dest.rglob("*.md"):
        if not any(name in note.name for name in SMALL):
            note.unlink()


def make_scenario(name: str, base: Path, size: str) -> Scenario:
    template = base / f"{size}-{name}"
    (copy_sample if size == "sample" else small_sample)(template)
    if name != "first":
        build(template, TODAY)
        (edit_meetings if name == "edit" else delete_contacts)(template)
    fresh = base / f"{size}-{name}-clean"
    shutil.copytree(template, fresh, ignore=shutil.ignore_patterns(OUT, STATE))
    clean = build(fresh, TODAY)
    scenario = Scenario(name, template, notes_of(template), pages_on_disk(template), pages_on_disk(fresh),
                        problems_of(clean), dry_run(template))
    assert scenario.new and scenario.new != scenario.old
    assert not any(code == "generated-edited" for _path, _line, _severity, code, _message in scenario.problems)
    return scenario


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    """Where the walk builds: in memory (``/dev/shm``) where there is one, as syncing to a
    disk would take most of the walk's time (a kill, unlike a power cut, loses nothing unsynced)."""
    memory = Path("/dev/shm")
    if not (memory.is_dir() and os.access(memory, os.W_OK)):
        yield tmp_path_factory.mktemp("walk")
        return
    folder = Path(tempfile.mkdtemp(prefix="vaultkit-walk-", dir=memory))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def scenarios(work):
    """``scenarios(size, name)``: made once per module."""
    made = {}

    def scenario(size: str, name: str) -> Scenario:
        if (size, name) not in made:
            made[size, name] = make_scenario(name, work, size)
        return made[size, name]

    return scenario


@pytest.fixture(scope="module")
def killer():
    """Children forked from a clean process (no thread of the tests' own), each running one build."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["vaultkit.build", __name__])
    return context


def killed_build(root: str, kind: str, at: int, fingerprint: str) -> None:
    """In a child: a build that ends the process at operation ``at`` of ``kind``. It takes
    the tests' code fingerprint: the source may be edited while the tests run, and a new
    fingerprint would rebuild the index (another case, tested apart)."""
    code.fingerprint_of = lambda *_args: fingerprint
    faults.arm(faults.Plan(kind, at, faults.KILL))
    try:
        build(Path(root), TODAY)
    except BaseException:
        os._exit(1)
    os._exit(0)


def faulted_build(root: Path, kind: str, mode: str, at: int, killer) -> bool:
    """A build of ``root`` with the fault at operation ``at``; whether the fault was met."""
    if mode == faults.KILL:
        child = killer.Process(target=killed_build, args=(os.fspath(root), kind, at, code.code_fingerprint()))
        child.start()
        child.join(60)
        assert child.exitcode in (faults.KILLED, 0), f"the build crashed (exit {child.exitcode})"
        return child.exitcode == faults.KILLED
    plan = faults.Plan(kind, at, faults.FAIL)
    faults.arm(plan)
    try:
        build(root, TODAY)
    except sqlite3.OperationalError:  # the index refused a statement: the build fails as a whole
        assert kind == faults.DATABASE
    finally:
        faults.arm(None)
    return plan.fired is not None


def check_case(scenario: Scenario, kind: str, mode: str, at: int, work: Path, killer, new_index: bool = False) -> bool:
    """One fault and the next build (after the index is deleted, with ``new_index``: a new
    version of vaultkit rebuilds it); False when the build has no operation ``at``."""
    root = work / f"{scenario.template.name}-{kind}-{mode}-{at}{'-new-index' if new_index else ''}"
    shutil.copytree(scenario.template, root, symlinks=True)
    if not faulted_build(root, kind, mode, at, killer):
        shutil.rmtree(root)
        return False
    ops = scenario.log[kind]
    where = f"{scenario.name} build, {mode} at {kind} operation {at} ({ops[at - 1] if at <= len(ops) else '?'})"
    assert notes_of(root) == scenario.notes, where
    now = visible_pages(root)
    for path, data in now.items():
        assert data in (scenario.old.get(path), scenario.new.get(path)), f"{where}: {path} is not whole"
    if scenario.name == "first":
        assert now in ({}, scenario.new), f"{where}: a first build wrote some pages, not all"
    with VaultLock(root, wait=0):
        pass
    if new_index:
        (root / STATE / "index.sqlite").unlink(missing_ok=True)

    result = build(root, TODAY)
    assert result.notice is None or result.notice.endswith("rebuilding it"), where  # never "locked", never in memory
    assert problems_of(result) == scenario.problems, where
    assert pages_on_disk(root) == scenario.new, where
    assert leftovers(root) == [], where
    manifest = json.loads((root / STATE / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == {path: hashlib.sha256(data).hexdigest() for path, data in scenario.new.items()}, where
    assert not (root / STATE / "writing-pages").exists(), where
    shutil.rmtree(root)
    return True


def walk(scenario: Scenario, kind: str, mode: str, points, work: Path, killer) -> int:
    """Fault each of ``points`` in turn; how many faults were met."""
    met = 0
    for at in points:
        if check_case(scenario, kind, mode, at, work, killer):
            met += 1
    return met


def statement_points(log: list[str]) -> list[int]:
    """The statements where a fault differs: each one outside a transaction; in each
    transaction the first, second and last statements, the one ending it and every
    ``STRIDE``-th (a transaction's statements take effect together or not at all)."""
    points, inside = set(), []
    for number, what in enumerate(log, 1):
        if what == "BEGIN":
            inside = [number]
        elif what in ("COMMIT", "ROLLBACK", "END") and inside:
            points.update((*inside[:3], inside[-1], number, *inside[::STRIDE]))
            inside = []
        elif inside:
            inside.append(number)
        else:
            points.add(number)
    return sorted(points)


KINDS = ["first", "edit", "delete"]
MODES = [faults.FAIL, faults.KILL]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", KINDS)
def test_every_file_system_fault_leaves_whole_pages_and_the_next_build_repairs_all(scenarios, name, mode, work,
                                                                                   killer):
    scenario = scenarios("small", name)
    total = len(scenario.log[faults.FILES])
    assert total > 15
    assert walk(scenario, faults.FILES, mode, range(1, total + 2), work, killer) == total  # each met, no more


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", KINDS)
def test_index_faults_leave_whole_pages_and_the_next_build_repairs_all(scenarios, name, mode, work, killer):
    scenario = scenarios("small", name)
    points = statement_points(scenario.log[faults.DATABASE])
    assert len(points) > 20
    assert walk(scenario, faults.DATABASE, mode, points, work, killer) == len(points)


def test_a_build_killed_while_writing_then_a_new_index_fakes_no_hand_edit(scenarios, work, killer):
    """The pages a killed build wrote are not in the manifest (saved at the end), and a new
    index (another version of vaultkit, a deleted index) no longer knows them: the mark the
    build kept while writing says which texts it was writing, so none is taken for a hand edit."""
    scenario = scenarios("small", "edit")
    for at in range(1, len(scenario.log[faults.FILES]) + 1, 2):
        check_case(scenario, faults.FILES, faults.KILL, at, work, killer, new_index=True)


def test_real_builds_killed_at_random_moments(work):
    """``vaultkit build`` processes given SIGKILL after a random (seeded) delay, the notes
    switching between two versions before each: after every kill each page is one of the two
    versions' texts and the lock is free; a last build equals a clean one."""
    rng = random.Random(15)
    root = work / "random-kills"
    copy_sample(root)
    versions = []
    for number in range(2):
        (edit_meetings if number else (lambda _root: None))(root)
        versions.append((notes_of(root), {p: root.joinpath(p).read_bytes() for p in notes_of(root)}))
    clean = []
    for notes, texts in versions:
        fresh = work / f"random-kills-clean-{len(clean)}"
        for path, data in texts.items():
            fresh.joinpath(path).parent.mkdir(parents=True, exist_ok=True)
            fresh.joinpath(path).write_bytes(data)
        result = build(fresh, TODAY)
        clean.append((pages_on_disk(fresh), problems_of(result)))
    killed = 0
    for round_ in range(8):
        notes, texts = versions[round_ % 2]
        for path, data in texts.items():
            root.joinpath(path).write_bytes(data)
        child = subprocess.Popen([sys.executable, "-m", "vaultkit", "build", os.fspath(root), "--today",
                                  TODAY.isoformat()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        killed += child.poll() is None
        child.kill()
        child.wait()
        assert notes_of(root) == notes
        for path, data in visible_pages(root).items():
            assert data in (clean[0][0].get(path), clean[1][0].get(path)), f"round {round_}: {path} is not whole"
        with VaultLock(root, wait=0):
            pass
    assert killed >= 3  # most kills came while the build ran
    result = build(root, TODAY)
    pages, problems = clean[1]
    assert problems_of(result) == problems and pages_on_disk(root) == pages and leftovers(root) == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", [faults.FILES, faults.DATABASE])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", KINDS)
def test_every_fault_over_the_whole_sample_vault(scenarios, name, mode, kind, work, killer, request):
    scenario = scenarios("sample", name)
    total = len(scenario.log[kind])
    assert walk(scenario, kind, mode, range(1, total + 2), work, killer) == total
