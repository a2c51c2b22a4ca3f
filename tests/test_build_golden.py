"""The sample vault built at a fixed date equals the reviewed golden output, byte for byte.

After an intended change to the pages: ``python tests/update_golden.py``, then review
``git diff tests/golden`` before committing.
"""

from __future__ import annotations

from pathlib import Path

from update_golden import GOLDEN, build_sample


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sample_vault_output_matches_golden(tmp_path):
    built = files_under(build_sample(tmp_path) / "VaultKit")
    golden = files_under(GOLDEN)
    assert sorted(built) == sorted(golden)
    for name in golden:
        assert built[name] == golden[name], f"{name} differs from the golden copy (see tests/update_golden.py)"
