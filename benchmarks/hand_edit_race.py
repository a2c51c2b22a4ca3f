"""Hand edits saved into pages while vaultkit rewrites them: how many are lost.

``python benchmarks/hand_edit_race.py --saves 2000``

An editor process saves into four generated pages, each save adding a distinct marker line
to the text it read, while this process rewrites the same pages again and again
(``write_pages``, a new text each time). Two kinds of editor:

- atomic: the new text goes to a temp file renamed over the page (most editors);
- in place: the page is opened, rewritten and truncated (some editors, ``echo >>``).

At the end a marker is safe when it is in a page or in a kept ``(edited …)`` copy. Each kind
runs with pages replaced by an atomic exchange (``swap.exchange``, Linux) and without it
(``os.replace``, as on other systems); the script prints saves, losses, builds and how many
edits were kept aside (and of them, how many were found swapped out of a page's path as it
was replaced), and how often a page kept changing until the writer left it for the next build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from vaultkit import swap
from vaultkit.render import Page, front_matter
from vaultkit.writer import write_pages

TODAY = dt.date(2026, 11, 22)
OUT = "VaultKit"
NAMES = [f"P{number}.md" for number in range(4)]
ATOMIC, IN_PLACE = "atomic", "in-place"

EDITOR = r"""
import os, sys, time
out, mode, saves, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
names = sys.argv[5:]
for number in range(saves):
    name = names[number % len(names)]
    page = os.path.join(out, name)
    marker = f"marker-{number:06d}\n"
    if mode == "atomic":
        with open(page, encoding="utf-8") as stream:
            text = stream.read()
        temp = os.path.join(out, f".{name}.editor-{number}")
        with open(temp, "w", encoding="utf-8") as stream:
            stream.write(text + marker)
        os.replace(temp, page)
    else:
        with open(page, "r+", encoding="utf-8") as stream:
            text = stream.read()
            stream.seek(0)
            stream.write(text + marker)
            stream.truncate()
    time.sleep(pause)
"""


def pages(build: int) -> list[Page]:
    return [Page(name, front_matter(TODAY) + f"build {build}\n") for name in NAMES]


def race(root: Path, saves: int, mode: str, exchange: bool = True, pause: float = 0.0003) -> dict[str, int]:
    """Run the editor against repeated writes into ``root``; the counts of what happened."""
    out = root / OUT
    write_pages(root, OUT, pages(0), TODAY)
    loaded = swap._call
    if not exchange:
        swap._call = False  # as where renameat2 is missing: pages are replaced by os.replace
    try:
        editor = subprocess.Popen([sys.executable, "-c", EDITOR, os.fspath(out), mode, str(saves), str(pause),
                                   *NAMES])
        builds = swapped_out = copies = gave_up = 0
        while editor.poll() is None:
            builds += 1
            report = write_pages(root, OUT, pages(builds), TODAY)
            copies += len(report.kept_aside)
            swapped_out += sum("edited by hand while vaultkit wrote it" in p.message for p in report.problems)
            gave_up += sum("it kept changing" in problem.message for problem in report.problems)
        if editor.returncode != 0:
            raise RuntimeError(f"the editor failed (exit {editor.returncode})")
    finally:
        swap._call = loaded
    found = "".join(path.read_text(encoding="utf-8") for path in out.iterdir() if not path.name.startswith("."))
    lost = sum(f"marker-{number:06d}\n" not in found for number in range(saves))
    temps = sum(".vaultkit-tmp-" in path.name for path in out.iterdir())
    return {"saves": saves, "lost": lost, "builds": builds, "copies kept": copies, "swapped out": swapped_out,
            "pages left for the next build": gave_up, "temp files left": temps}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--pause", type=float, default=0.0003, help="seconds between two saves")
    args = parser.parse_args()
    available = bool(swap._renameat2())
    print(f"renameat2 available: {available}")
    for mode in (ATOMIC, IN_PLACE):
        for exchange in ((True, False) if available else (False,)):
            with tempfile.TemporaryDirectory() as folder:
                counts = race(Path(folder), args.saves, mode, exchange, args.pause)
            how = "exchange" if exchange else "os.replace"
            print(f"{mode:8} saves, pages replaced by {how:10}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
