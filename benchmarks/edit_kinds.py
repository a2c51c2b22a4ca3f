"""What each kind of edit costs: ``python benchmarks/edit_kinds.py --notes 2000 20000``.

On a fresh synthetic vault (``generate.py``), in one run, each a fresh ``vaultkit`` process:
a cold build, no-op builds, then one build after each kind of edit (a meeting, a daily note,
a contact's field, a contact renamed, an alias added, a goal, a note added, deleted, moved
across folders, a setting), the read commands on the warm index, and the first build of a
new day. Prints seconds, the ratio to the median no-op build and to the cold build, and
the targets of issue 13 each ratio is held to. The vaults are made in a temporary folder:
set ``TMPDIR`` (``TMPDIR=/dev/shm``) to choose the file system. vaultkit is compiled to
bytecode first, as ``pip install`` does.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import compile_vaultkit, generate  # noqa: E402

TODAY = "2026-11-22"
NEXT_DAY = "2026-11-23"
EDIT_LIMIT_NOOP = 2.0  # an edit costs at most twice a no-op build
EDIT_LIMIT_COLD = 0.10  # ... and a tenth of a cold build (judged at 100,000 notes)
READ_LIMIT_NOOP = 2.0
NEW_DAY_LIMIT_COLD = 0.25


def run(root: Path, *args: str, today: str = TODAY) -> tuple[float, float]:
    """Seconds and peak memory (MB, this child alone) of one ``vaultkit`` command."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "vaultkit", *args, str(root), "--today", today, "-q"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"vaultkit {' '.join(args)} failed:\n{done.stderr}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def pick(root: Path, folder: str, index: int = 0) -> Path:
    notes = sorted((root / folder).iterdir())
    return notes[len(notes) // 2 + index]


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def set_front(path: Path, line: str) -> None:
    """Add a front matter line right after the opening fence."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{line}\n", 1), encoding="utf-8")


def edits(root: Path):
    """(name, what it does) of every single-note edit kind."""
    contact = pick(root, "Contacts")
    renamed = pick(root, "Contacts", 1)
    aliased = pick(root, "Contacts", 2)
    return [
        ("meeting edited", lambda: append(pick(root, "Meetings"), "\n## Gave\n- a benchmark give\n")),
        ("daily note edited", lambda: append(pick(root, "Daily"), f"\n- lunch with [[{contact.stem}]] #met\n")),
        ("contact edited", lambda: set_front(contact, "status: dormant")),
        ("contact renamed", lambda: renamed.rename(renamed.with_name("Renamed Person.md"))),
        ("alias added", lambda: set_front(aliased, "aliases: [Benchmark Alias]")),
        ("goal edited", lambda: set_front(pick(root, "Goals", -1), "target: 41")),
        ("note added", lambda: (root / "Meetings" / "Added.md").write_text(
            f'---\ntype: meeting\ndate: {TODAY}\nwith: ["[[{contact.stem}]]"]\n---\n## Gave\n- a new give\n',
            encoding="utf-8")),
        ("note deleted", lambda: pick(root, "Meetings", 3).unlink()),
        ("note moved", lambda: (root / "Interactions").mkdir(exist_ok=True) or pick(root, "Meetings", 5).rename(
            root / "Interactions" / pick(root, "Meetings", 5).name)),
    ]


def measure(notes: int) -> list[tuple[str, float, float]]:
    rows: list[tuple[str, float, float]] = []  # (what, seconds, peak MB)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, notes)
        cold, peak = run(root, "build")
        rows.append(("cold build", cold, peak))
        noops = [run(root, "build")[0] for _ in range(3)]
        rows.append(("no-op build (median of 3)", statistics.median(noops), 0.0))
        for name, edit in edits(root):
            edit()
            rows.append((name, run(root, "build")[0], 0.0))
        for command in ("followups", "goals", "balance", "check"):
            rows.append((f"{command} (warm index)", run(root, command)[0], 0.0))
        (root / "vaultkit.toml").write_text("warm_days = 5\n", encoding="utf-8")
        rows.append(("setting changed (warm_days)", run(root, "build")[0], 0.0))
        rows.append(("first build of a new day", run(root, "build", today=NEXT_DAY)[0], 0.0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    compile_vaultkit()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, vaults in {tempfile.gettempdir()}")
    for notes in args.notes:
        rows = measure(notes)
        cold, noop = rows[0][1], rows[1][1]
        print(f"\n{notes} notes: cold {cold:.2f} s (peak {rows[0][2]:.0f} MB), no-op {noop:.2f} s")
        print(f"{'':32} {'seconds':>8} {'/ no-op':>8} {'/ cold':>7}  target")
        for what, seconds, _peak in rows[2:]:
            if what.endswith("(warm index)"):
                target = f"<= {READ_LIMIT_NOOP:g}x no-op"
                met = seconds / noop <= READ_LIMIT_NOOP
            elif what == "first build of a new day":
                target = f"<= {NEW_DAY_LIMIT_COLD:g} cold"
                met = seconds / cold <= NEW_DAY_LIMIT_COLD
            elif what.startswith("setting"):
                target, met = "(what it reaches)", True
            else:
                target = f"<= {EDIT_LIMIT_NOOP:g}x no-op" + (f", <= {EDIT_LIMIT_COLD:g} cold" if notes >= 100_000 else "")
                met = seconds / noop <= EDIT_LIMIT_NOOP and (notes < 100_000 or seconds / cold <= EDIT_LIMIT_COLD)
            print(f"{what:32} {seconds:>8.2f} {seconds / noop:>8.2f} {seconds / cold:>7.3f}  {target}"
                  f"{'' if met else '  MISSED'}", flush=True)


if __name__ == "__main__":
    main()
