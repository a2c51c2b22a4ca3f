"""What the plain readers save: ``python benchmarks/shortcuts.py --notes 20000``.

``plainyaml`` reads plain ``key: value`` front matter without PyYAML, ``plainbody`` reads
simple bodies without markdown-it-py (property tests hold each to its parser). This times,
in one run, cold builds of the same synthetic vault with both shortcuts and with neither
(each in a fresh process, the index removed between runs), and prints the ratio. Run it
under ``taskset -c 0`` as well to see one core.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

TODAY = "2026-11-22"
WITHOUT = """
import sys, runpy
import vaultkit.reader as reader
reader.read_plain_body = lambda *args: None  # every body through markdown-it-py
reader.read_plain_front_matter = lambda *args: None  # every front matter through PyYAML
sys.argv = ["vaultkit", "build", sys.argv[1], "--today", "%s", "-q"]
from vaultkit.cli import main
main()
""" % TODAY


def cold(root: Path, shortcuts: bool) -> float:
    for state in (root / ".vaultkit", root / "VaultKit"):
        shutil.rmtree(state, ignore_errors=True)
    command = ([sys.executable, "-m", "vaultkit", "build", str(root), "--today", TODAY, "-q"] if shortcuts
               else [sys.executable, "-c", WITHOUT, str(root)])
    started = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, args.notes)
        pairs = [(cold(root, True), cold(root, False)) for _ in range(args.runs)]
    with_, without = statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)
    print(f"{args.notes} notes, cold build (median of {args.runs}): with the plain readers {with_:.2f} s, "
          f"without {without:.2f} s, with/without {with_ / without:.2f}")


if __name__ == "__main__":
    main()
