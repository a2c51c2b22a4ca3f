"""Build speed against the parse floor: ``python benchmarks/build_speed.py --notes 2000 20000``.

For each size, on a fresh synthetic vault, in one run:
- parse floor: read every note, load its front matter with PyYAML's C loader and parse
  its body with markdown-it-py, nothing else (one process);
- cold build: ``vaultkit build`` with no index and no pages;
- warm no-op build: the same again, nothing changed;
- one-note-edit build: after adding a give to one meeting note;
- peak memory of the cold build, its forked child included (``timed_build``).
Prints seconds and ratios; ratios are what to compare on a shared, noisy machine. The vaults
are made in a temporary folder: set ``TMPDIR`` (``TMPDIR=/dev/shm``) to choose the file
system, whose cost of creating files only the cold build pays. vaultkit's modules are
compiled to bytecode first, as ``pip install`` does: where ``PYTHONDONTWRITEBYTECODE`` is
set, every build would otherwise compile every module it imports again.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import compile_vaultkit, generate  # noqa: E402

TODAY = "2026-11-22"


def parse_floor(root: Path) -> float:
    import yaml
    from markdown_it import MarkdownIt

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    md = MarkdownIt()
    started = time.perf_counter()
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text
        if text.startswith("---\n"):
            end = text.find("\n---\n", 4)
            if end != -1:
                yaml.load(text[4:end], Loader=loader)
                body = text[end + 5:]
        md.parse(body)
    return time.perf_counter() - started


def timed_build(root: Path) -> tuple[float, int]:
    """Seconds and peak memory (KB) of one ``vaultkit build``, its forked child included: the
    larger of the build process's max RSS and the peak sum of the proportional set sizes
    (PSS: shared pages counted once) of the process and its children, sampled every 50 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    build = subprocess.Popen([sys.executable, "-m", "vaultkit", "build", str(root), "--today", TODAY, "-q"],
                             stdout=subprocess.DEVNULL)
    tree_peak = 0
    while build.poll() is None:
        tree_peak = max(tree_peak, tree_pss_kb(build.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, tree_peak)


def tree_pss_kb(pid: int) -> int:
    """The PSS of ``pid`` and its children, in KB (0 where /proc cannot tell)."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for each in [pid, *map(int, children)]:
        try:
            for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def measure(notes: int) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, notes)
        floor = parse_floor(root)
        cold, peak = timed_build(root)
        noop, _ = timed_build(root)
        meeting = sorted((root / "Meetings").iterdir())[len(os.listdir(root / "Meetings")) // 2]
        with open(meeting, "a", encoding="utf-8") as handle:
            handle.write("\n- a benchmark give #gave\n")
        edit, _ = timed_build(root)
    return {"notes": notes, "floor": floor, "cold": cold, "noop": noop, "edit": edit, "peak_mb": peak / 1024}


# The targets of issue 13 this script times (each edit kind: ``edit_kinds.py``): the cold build
# against the parse floor; peak memory is judged at 100,000 notes.
TARGETS = {"cold/floor": 1.0}
PEAK_LIMIT_MB = 400


def verdict(r: dict) -> str:
    """Which targets a row misses ("all met" when none)."""
    ratios = {"cold/floor": r["cold"] / r["floor"]}
    missed = [f"{name} {value:.2f} > {TARGETS[name]}" for name, value in ratios.items() if value > TARGETS[name]]
    if r["notes"] >= 100_000 and r["peak_mb"] >= PEAK_LIMIT_MB:
        missed.append(f"peak {r['peak_mb']:.0f} MB >= {PEAK_LIMIT_MB}")
    return "all met" if not missed else "missed: " + ", ".join(missed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    compile_vaultkit()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'notes':>7} {'floor':>8} {'cold':>8} {'no-op':>8} {'1 edit':>8} {'cold/floor':>11} "
          f"{'no-op/cold':>11} {'edit/cold':>10} {'peak MB':>8}  targets")
    for notes in args.notes:
        r = measure(notes)
        print(f"{r['notes']:>7} {r['floor']:>7.2f}s {r['cold']:>7.2f}s {r['noop']:>7.2f}s {r['edit']:>7.2f}s "
              f"{r['cold'] / r['floor']:>11.2f} {r['noop'] / r['cold']:>11.2f} {r['edit'] / r['cold']:>10.2f} "
              f"{r['peak_mb']:>8.0f}  {verdict(r)}", flush=True)


if __name__ == "__main__":
    main()
