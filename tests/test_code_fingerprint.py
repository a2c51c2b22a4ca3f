"""Stored state is keyed on the code: a changed vaultkit, parser or Python never serves what an
older one computed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import vaultkit.incremental.store
from vaultkit import i18n
from vaultkit.build import build
from vaultkit.incremental.code import PACKAGE, code_fingerprint, fingerprint_of, library_versions

from conftest import TODAY

VAULT = {
    "Contacts/Ana.md": "---\ntype: contact\ncadence: monthly\n---\n",
    "Meetings/m1.md": '---\ntype: meeting\ndate: 2026-10-01\nwith: ["[[Ana]]"]\n---\n## Gave\n- notes\n',
}
OLD, NEW = "You give more.", "You give more than you ask."


def test_the_fingerprint_covers_source_libraries_and_python(tmp_path):
    package = tmp_path / "vaultkit"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    versions = {"pyyaml": "6.0.2", "markdown_it_py": "4.0.0"}
    first = fingerprint_of(package, "3.11.7", versions)
    assert fingerprint_of(package, "3.11.7", dict(versions)) == first
    assert fingerprint_of(package, "3.12.1", versions) != first
    assert fingerprint_of(package, "3.11.7", {**versions, "pyyaml": "6.0.3"}) != first
    words = package / "i18n.py"
    words.write_text(words.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    assert fingerprint_of(package, "3.11.7", versions) != first
    (package / "i18n.py").rename(package / "words.py")  # same bytes, another module
    assert fingerprint_of(package, "3.11.7", versions) != first


def test_the_installed_parsers_are_found():
    assert {"pyyaml", "python_frontmatter", "markdown_it_py", "mdit_py_plugins"} <= library_versions().keys()
    assert len(code_fingerprint()) == 32


@pytest.fixture
def new_words(monkeypatch):
    """vaultkit as if one English phrase had been edited in its source."""
    def edit():
        monkeypatch.setitem(i18n.EN, "verdict.give_more", NEW)
        i18n.words.cache_clear()
    yield edit
    i18n.words.cache_clear()


def pages_saying(root: Path, phrase: str) -> list[str]:
    return sorted(p.relative_to(root / "VaultKit").as_posix() for p in (root / "VaultKit").rglob("*.md")
                  if phrase in p.read_text(encoding="utf-8"))


def test_a_changed_fingerprint_rewrites_every_page_whose_text_changed(make_vault, new_words, monkeypatch):
    root = make_vault(VAULT)
    build(root, TODAY)
    assert pages_saying(root, OLD) == ["Balance.md", "Balance/Ana.md"]
    new_words()
    monkeypatch.setattr(vaultkit.incremental.store, "code_fingerprint", lambda: "another vaultkit")
    result = build(root, TODAY)
    assert "another version" in result.notice
    assert sorted(result.report.written) == ["Balance.md", "Balance/Ana.md"]
    assert pages_saying(root, OLD) == [] and pages_saying(root, NEW) == ["Balance.md", "Balance/Ana.md"]
    again = build(root, TODAY)
    assert again.notice is None and again.report.written == []


def test_the_same_fingerprint_trusts_the_index(make_vault, new_words):
    """What the fingerprint is for: without it, edited code is not seen (the stale pages of
    the issue). An unchanged fingerprint means unchanged code, so this is right."""
    root = make_vault(VAULT)
    build(root, TODAY)
    new_words()
    assert build(root, TODAY).report.written == []
