"""Build a copy of a real vault and prove no note changed: ``python benchmarks/real_vault.py VAULT``.

Copies VAULT (without ``.git``) to a temporary folder, hashes every file there (bytes, mode and
mtime), runs ``vaultkit build --json`` on the copy twice (cold, then with the index), hashes
again, and prints what was added (only ``VaultKit/`` and ``.vaultkit/`` may be), the timings,
and the problem counts by code. Exits 1 if anything outside those two folders changed or if
the build printed a traceback.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OURS = ("VaultKit/", ".vaultkit/")


def fingerprint(root: Path) -> dict[str, tuple]:
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_file():
                found[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mode, info.st_mtime_ns)
            else:
                found[rel] = ("dir", info.st_mode)
    return found


def build(root: Path, today: str) -> tuple[float, dict, str]:
    started = time.monotonic()
    child = subprocess.run([sys.executable, "-m", "vaultkit", "build", str(root), "--json", "--today", today],
                           capture_output=True, text=True)
    seconds = time.monotonic() - started
    if "Traceback" in child.stderr or child.returncode not in (0, 1):
        sys.exit(f"the build failed (exit {child.returncode}):\n{child.stderr}")
    report = json.loads(child.stdout)
    return seconds, report, f"{report['notes']} notes, {report['errors']} errors, {report['warnings']} warnings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--today", default="2026-11-22")
    parser.add_argument("--config", help="a vaultkit.toml to put in the copy first (e.g. to read folders as kinds)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "vault"
        shutil.copytree(args.vault, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        if args.config:
            (root / "vaultkit.toml").write_text(args.config, encoding="utf-8")
        before = fingerprint(root)
        notes = sum(1 for rel in before if rel.lower().endswith(".md"))
        size = sum(os.path.getsize(root / rel) for rel, v in before.items() if v[0] not in ("dir", "link"))
        print(f"{args.vault}: {len(before)} files and folders, {notes} .md files, {size / 1048576:.0f} MB")
        cold, report, summary = build(root, args.today)
        warm, _, warm_summary = build(root, args.today)
        after = fingerprint(root)
        changed = sorted(rel for rel in before if after.get(rel) != before[rel])
        added = sorted(set(after) - set(before))
        outside = [rel for rel in added if not (rel + "/").startswith(OURS) and not rel.startswith(OURS)]
        print(f"cold build {cold:.1f} s: {summary}")
        print(f"second build {warm:.1f} s: {warm_summary}")
        print(f"changed or removed: {len(changed)}; added: {len(added)}, outside VaultKit/ and .vaultkit/: "
              f"{len(outside)}")
        codes = collections.Counter((p["severity"], p["code"]) for p in report["problems"])
        for (severity, code), count in sorted(codes.items(), key=lambda item: -item[1]):
            print(f"  {count:6d} {severity}[{code}]")
        if changed or outside:
            sys.exit(f"notes changed: {changed[:20]} / written outside: {outside[:20]}")


if __name__ == "__main__":
    main()
