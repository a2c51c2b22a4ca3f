"""Where a build's time goes: ``python benchmarks/build_phases.py --notes 20000``.

Generates a synthetic vault (``generate.py``), then times, in this process, a cold build and a
one-note-edit build phase by phase: reading the index, reading notes, resolving, rendering,
writing pages, and saving the index (the part the build waits for); an edit build that takes
the delta path (``vaultkit.delta``) shows as one phase. Seconds on a shared
machine vary; compare the phases with each other.
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
    ("vaultkit.index", None, "load_notes", "index"), ("vaultkit.vault", None, "read_notes", "read"),
    ("vaultkit.vault", None, "resolve", "resolve"), ("vaultkit.pages", None, "render_all", "render"),
    ("vaultkit.build", None, "write_pages", "write"), ("vaultkit.index", "PendingSave", "finish", "index wait"),
    ("vaultkit.delta", None, "build_delta", "delta build"))


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
    from vaultkit.build import persisted

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
            persisted(root, TODAY, write=True)
            total = time.perf_counter() - started
            parts = "  ".join(f"{label} {seconds:.2f}" for label, seconds in totals.items())
            print(f"{args.notes} notes, {run}: {total:.2f} s  ({parts}; the rest: walk, stat, config)", flush=True)


if __name__ == "__main__":
    main()
