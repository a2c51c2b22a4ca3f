"""Memory of ``vaultkit watch`` over a long run: ``python benchmarks/watch_soak.py --notes 2000 --minutes 30``.

Generates a synthetic vault, starts ``vaultkit watch`` on it in its own process, then makes
one edit a second, rotating through the kinds a person makes (a give line added to a
meeting, a contact's field changed, a new note, a deleted note), and samples the watcher's
resident memory (VmRSS in /proc/PID/status, its child processes included) once a minute.
Prints every sample and the least-squares slope, in KB per minute, over the last 20
minutes (over every sample but the first on shorter runs). Linux only.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import compile_vaultkit, generate  # noqa: E402

TODAY = "2026-11-22"
TARGET_KB_PER_MINUTE = 10.0
SLOPE_MINUTES = 20
CADENCES = ["30d", "2w", "3m", "quarterly", "yearly"]


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    """Resident memory of ``pid`` and of every process below it, in KB (``field`` of
    /proc/PID/status: VmRSS, or its parts RssAnon, RssFile, RssShmem)."""
    total = 0
    for process in [pid, *_descendants(pid)]:
        try:
            status = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue  # ended between the listing and the read
        match = re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def slope(samples: list[tuple[float, int]]) -> float:
    """Least-squares slope of (minute, KB) samples, in KB per minute."""
    n = len(samples)
    if n < 2:
        return 0.0
    mean_x = sum(x for x, _ in samples) / n
    mean_y = sum(y for _, y in samples) / n
    spread = sum((x - mean_x) ** 2 for x, _ in samples)
    return sum((x - mean_x) * (y - mean_y) for x, y in samples) / spread if spread else 0.0


class Editor:
    """One edit per call, rotating through four kinds. The vault stays the same size (the give
    lines go to a few meetings, replaced each time; a contact's cadence takes one of five
    values; a new note, then the oldest new one deleted), so memory that keeps growing after
    the warm-up is a leak, not more data."""

    def __init__(self, root: Path, give_notes: int = 20):
        self.root = root
        self.meetings = sorted((root / "Meetings").glob("*.md"))[:give_notes]
        self.contacts = sorted(p for p in (root / "Contacts").glob("*.md")
                               if re.search(r"^cadence: ", p.read_text(encoding="utf-8"), re.MULTILINE))
        self.made: list[Path] = []
        self.step = 0

    def edit(self) -> str:
        kind = ("give", "contact", "new", "delete")[self.step % 4]
        self.step += 1
        n = self.step
        if kind == "give":
            note = self.meetings[n % len(self.meetings)]
            text = re.sub(r"\n## Gave\n- Soak give \d+\n", "", note.read_text(encoding="utf-8"))
            note.write_text(text + f"\n## Gave\n- Soak give {n}\n", encoding="utf-8")
        elif kind == "contact":
            note = self.contacts[n % len(self.contacts)]
            text = note.read_text(encoding="utf-8")
            text = re.sub(r"^cadence: .*$", f"cadence: {CADENCES[n % len(CADENCES)]}", text, count=1,
                          flags=re.MULTILINE)
            note.write_text(text, encoding="utf-8")
        elif kind == "new":
            who = self.contacts[(n * 29) % len(self.contacts)].stem
            note = self.root / "Meetings" / f"2026-11-{n % 20 + 1:02d} soak {n}.md"
            note.write_text(f'---\ntype: meeting\ndate: 2026-11-{n % 20 + 1:02d}\nwith: ["[[{who}]]"]\n---\n'
                            f"Soak meeting {n}.\n\n## Gave\n- Soak note {n}\n", encoding="utf-8")
            self.made.append(note)
        elif self.made:
            self.made.pop(0).unlink()
        return kind


class Output:
    """Reads the watcher's output as it comes (a full pipe would stall it); counts rebuilds."""

    def __init__(self, stream):
        self.rebuilds = 0
        self.unexpected: list[str] = []
        self.started = threading.Event()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            if "start:" in line:
                self.started.set()
            elif "pages written" in line:
                self.rebuilds += 1
            elif not line.startswith(("watching ", "stopped")):
                self.unexpected.append(line.rstrip("\n"))
        self.started.set()


def soak(notes: int, minutes: float, sample_seconds: float) -> list[tuple[float, int]]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        generate(root, notes)
        process = subprocess.Popen([sys.executable, "-m", "vaultkit", "watch", str(root), "--today", TODAY],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, errors="replace")
        output = Output(process.stdout)
        try:
            if not output.started.wait(600) or process.poll() is not None:
                raise SystemExit("vaultkit watch ended before its first build")
            editor = Editor(root)
            samples: list[tuple[float, int]] = []
            started = time.monotonic()
            next_sample = started
            while True:
                now = time.monotonic()
                if now >= next_sample:
                    minute = (now - started) / 60
                    samples.append((minute, rss_kb(process.pid)))
                    print(f"{minute:6.1f} min  {samples[-1][1]:>8} KB  (anonymous {rss_kb(process.pid, 'RssAnon'):>8} KB, "
                          f"files {rss_kb(process.pid, 'RssFile'):>6} KB)  {editor.step:>5} edits  "
                          f"{output.rebuilds:>5} rebuilds", flush=True)
                    next_sample += sample_seconds
                    if minute >= minutes - 1e-6:
                        break
                if process.poll() is not None:
                    raise SystemExit(f"vaultkit watch ended during the soak: {output.unexpected[-5:]}")
                editor.edit()
                time.sleep(max(0.0, 1.0 - (time.monotonic() - now)))
        finally:
            process.terminate()
            process.wait(30)
        for line in output.unexpected:
            print(f"watch said: {line}")
        return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--sample-seconds", type=float, default=60.0, help="seconds between memory samples")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so the watcher is stopped and the vault removed
    compile_vaultkit()
    print(f"python {sys.version.split()[0]}, {args.notes} notes, one edit a second for {args.minutes:g} minutes")
    samples = soak(args.notes, args.minutes, args.sample_seconds)
    window = samples[-(round(SLOPE_MINUTES * 60 / args.sample_seconds) + 1):]  # the last 20 minutes
    if len(window) == len(samples) > 2:
        window = window[1:]  # a short run: leave the first sample, taken before any edit, out
    rate = slope(window)
    verdict = "within" if rate <= TARGET_KB_PER_MINUTE else "ABOVE"
    print(f"slope over minutes {window[0][0]:.1f}-{window[-1][0]:.1f}: {rate:+.1f} KB per minute "
          f"({verdict} the target of {TARGET_KB_PER_MINUTE:g}); "
          f"{samples[0][1]} KB at the start, {samples[-1][1]} KB at the end")


if __name__ == "__main__":
    main()
