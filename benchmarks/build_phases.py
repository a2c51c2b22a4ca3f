"""Where a build's time goes: ``python benchmarks/build_phases.py --notes 20000``.

Generates a synthetic vault (``generate.py``), then times, in this process, a cold build and a
one-note-edit build step by step, as the engine runs them (``vaultkit.incremental.engine``):
files (walk aside: stat, read, parse), entities, records, parts, shared pages, and writing the
pages. Seconds on a shared machine vary; compare the steps with each other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 22)
PHASES = (  # (module, class or None, function, label)
    ("vaultkit.incremental.engine", None, "find_notes", "walk"),
    ("vaultkit.incremental.files", "Files", "read_changes", "files"),
    ("vaultkit.incremental.engine", None, "update_entities", "entities"),
    ("vaultkit.incremental.engine", None, "derive_notes", "records"),
    ("vaultkit.incremental.engine", "Run", "parts", "parts"),
    ("vaultkit.incremental.shared", None, "shared_pages", "shared"),
    ("vaultkit.incremental.outputs", None, "write_pages", "write"))


def timed_phases() -> dict[str, float]:
    """Wrap each phase's function so that calling it adds to the returned totals."""
    import importlib

    totals = {label: 0.0 for *_where, label in PHASES}
    for module_name, class_name, name, label in PHASES:
        owner = importlib.import_module(module_name)
        if class_name:
            owner = getattr(owner, class_name)
        real = getattr(owner, name)

        def wrapper(*args, _real=real, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                totals[_label] += time.perf_counter() - started

        setattr(owner, name, wrapper)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    args = parser.parse_args()
    from vaultkit.build import build

    totals = timed_phases()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, args.notes)
        for run in ("cold", "one edit"):
            if run == "one edit":
                meeting = sorted((root / "Meetings").iterdir())[len(os.listdir(root / "Meetings")) // 2]
                with open(meeting, "a", encoding="utf-8") as handle:
                    handle.write("\n- a benchmark give #gave\n")
            for label in totals:
                totals[label] = 0.0
            started = time.perf_counter()
            build(root, TODAY)
            total = time.perf_counter() - started
            parts = "  ".join(f"{label} {seconds:.2f}" for label, seconds in totals.items())
            print(f"{args.notes} notes, {run}: {total:.2f} s  ({parts}; the rest: walk, stat, config)", flush=True)


if __name__ == "__main__":
    main()
