"""Regenerate the golden output of the sample vault: ``python tests/update_golden.py``.

Builds copies of ``sample-vault/`` at the fixed date the tests use, once per language
(English as it is; Spanish with ``language = "es"`` in its ``vaultkit.toml``), and replaces
``tests/golden/VaultKit/`` and ``tests/golden/es/VaultKit/`` with what they wrote. Review the
diff (``git diff tests/golden``) before committing: every change in it is a change users will see.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample-vault"
GOLDEN = HERE / "golden" / "VaultKit"
GOLDENS = {"en": GOLDEN, "es": HERE / "golden" / "es" / "VaultKit"}
TODAY = dt.date(2026, 11, 22)


def build_sample(into: Path, language: str = "en") -> Path:
    """A fresh copy of the sample vault under ``into``, in ``language``, built at ``TODAY``; returns its root."""
    from vaultkit.build import build

    root = into / "sample-vault"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("VaultKit", ".vaultkit"))
    if language != "en":
        config = root / "vaultkit.toml"
        text, count = re.subn(r'(?m)^language = "en"$', f'language = "{language}"', config.read_text(encoding="utf-8"))
        if count != 1:
            raise SystemExit(f"{config} should say language = \"en\" on one line")
        config.write_text(text, encoding="utf-8")
    result = build(root, TODAY)
    if result.problems:
        raise SystemExit("the sample vault has problems:\n" + "\n".join(p.format() for p in result.problems))
    return root


def main() -> int:
    for language, golden in GOLDENS.items():
        with tempfile.TemporaryDirectory() as scratch:
            root = build_sample(Path(scratch), language)
            shutil.rmtree(golden, ignore_errors=True)
            shutil.copytree(root / "VaultKit", golden)
        print(f"wrote {sum(1 for p in golden.rglob('*.md'))} pages to {golden.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
