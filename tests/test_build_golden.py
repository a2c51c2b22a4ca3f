"""The sample vault built at a fixed date equals the reviewed golden output, byte for byte,
in English (``tests/golden/VaultKit/``) and in Spanish (``tests/golden/es/VaultKit/``).

After an intended change to the pages: ``python tests/update_golden.py`` (regenerates both),
then review ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from update_golden import GOLDEN, GOLDENS, SAMPLE, build_sample


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_matches_golden(output: Path, golden: Path) -> None:
    built, expected = files_under(output), files_under(golden)
    assert sorted(built) == sorted(expected)
    for name in expected:
        assert built[name] == expected[name], f"{name} differs from the golden copy (see tests/update_golden.py)"


def test_sample_vault_output_matches_golden(tmp_path):
    assert_matches_golden(build_sample(tmp_path) / "VaultKit", GOLDEN)


def test_spanish_sample_vault_output_matches_golden(tmp_path):
    root = build_sample(tmp_path, "es")
    assert 'language = "es"' in (root / "vaultkit.toml").read_text(encoding="utf-8")
    assert_matches_golden(root / "VaultKit", GOLDENS["es"])


WIKILINK = re.compile(r"\[\[([^\[\]|\\]+)(?:\\?\|[^\[\]]*)?\]\]")


@pytest.mark.parametrize("language", sorted(GOLDENS))
def test_every_link_of_the_golden_pages_reaches_a_file(language):
    """Links to notes reach the sample vault's notes; links to pages reach pages of the same build;
    bare names (in text copied from notes) reach a note of that name, as Obsidian resolves them."""
    golden = GOLDENS[language]
    stems = {note.stem for note in SAMPLE.rglob("*.md")}
    targets = {target for page in golden.rglob("*.md") for target in WIKILINK.findall(page.read_text(encoding="utf-8"))}
    assert len(targets) > 60
    for target in sorted(targets):
        if target.startswith("VaultKit/"):
            assert (golden / f"{target.removeprefix('VaultKit/')}.md").is_file(), target
        elif "/" in target:
            assert (SAMPLE / f"{target}.md").is_file(), target
        else:
            assert target in stems, target
