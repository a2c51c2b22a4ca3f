"""Save-to-page latency of ``vaultkit watch``: ``python benchmarks/watch_latency.py --notes 2000 20000``.

For each size: generate a synthetic vault, start ``vaultkit watch`` on it in its own process
(default quiet window), wait for its first build, then save meeting notes one at a time,
each save adding a give, and time how long until the participant's balance page shows it.
Prints the first build time, the median and 95th percentile latency, and the CPU the
watcher used while idle (from /proc, Linux).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

TODAY = "2026-11-22"
WITH_ONE = re.compile(r'^with: \["\[\[([^\]]+)\]\]"\]$', re.MULTILINE)


def measure(notes: int, saves: int, idle_seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, notes)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", str(root), "--today", TODAY],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for_line(process, "start:")
            first_build = time.perf_counter() - started
            targets = _single_participant_meetings(root)
            latencies = [save_and_wait(root, *targets[(i * 37) % len(targets)], i) for i in range(saves)]
            idle_cpu = _idle_cpu(process.pid, idle_seconds)
        finally:
            process.terminate()
            process.wait(30)
    return {"notes": notes, "first_build": first_build, "median": statistics.median(latencies),
            "p95": statistics.quantiles(latencies, n=20)[-1], "idle_cpu": idle_cpu}


def _wait_for_line(process: subprocess.Popen, text: str) -> None:
    for line in process.stderr:
        if text in line:
            return
    raise SystemExit("vaultkit watch ended before its first build")


def _single_participant_meetings(root: Path) -> list[tuple[Path, str]]:
    found = []
    for note in sorted((root / "Meetings").iterdir()):
        match = WITH_ONE.search(note.read_text(encoding="utf-8"))
        if match:
            found.append((note, match.group(1)))
    return found


def save_and_wait(root: Path, note: Path, person: str, i: int, timeout: float = 60.0) -> float:
    """Append a give to ``note``; seconds until ``person``'s balance page shows it."""
    page = root / "VaultKit" / "Balance" / f"{person}.md"
    marker = f"benchmark give {i}"
    text = note.read_text(encoding="utf-8")
    started = time.perf_counter()
    with open(note, "w", encoding="utf-8") as handle:
        handle.write(text + f"\n- {marker} #gave\n")
    while time.perf_counter() - started < timeout:
        try:
            if marker in page.read_text(encoding="utf-8"):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit(f"{page.name} did not show '{marker}' within {timeout} s")


def _idle_cpu(pid: int, seconds: float) -> float:
    """Share of one core the process used over ``seconds`` of no edits."""
    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    time.sleep(1.0)  # let the last rebuild settle
    before, wall = cpu(), time.perf_counter()
    time.sleep(seconds)
    return (cpu() - before) / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idling to measure CPU")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, default quiet window; {args.saves} saves")
    print(f"{'notes':>7} {'first build':>12} {'median':>8} {'p95':>8} {'idle CPU':>9}")
    for notes in args.notes:
        r = measure(notes, args.saves, args.idle)
        print(f"{r['notes']:>7} {r['first_build']:>11.2f}s {r['median']:>7.2f}s {r['p95']:>7.2f}s "
              f"{100 * r['idle_cpu']:>8.1f}%", flush=True)


if __name__ == "__main__":
    main()
