"""Regenerate the golden output of the sample vault: ``python tests/update_golden.py``.

Builds a copy of ``sample-vault/`` at the fixed date the tests use and replaces
``tests/golden/VaultKit/`` with what it wrote. Review the diff (``git diff tests/golden``)
before committing: every change in it is a change users will see.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample-vault"
GOLDEN = HERE / "golden" / "VaultKit"
TODAY = dt.date(2026, 11, 22)


def build_sample(into: Path) -> Path:
    """A fresh copy of the sample vault under ``into``, built at ``TODAY``; returns the vault root."""
    from vaultkit.build import build

    root = into / "sample-vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    result = build(root, TODAY)
    if result.problems:
        raise SystemExit("the sample vault has problems:\n" + "\n".join(p.format() for p in result.problems))
    return root


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        root = build_sample(Path(scratch))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(root / "VaultKit", GOLDEN)
    print(f"wrote {sum(1 for p in GOLDEN.rglob('*.md'))} pages to {GOLDEN.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
