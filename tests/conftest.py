"""Shared test helpers: inline vaults written to a temporary folder."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from vaultkit.vault import load_vault

TODAY = dt.date(2026, 11, 22)


def write_vault(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: content}``; text is dedented, so tests can indent inline notes."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_vault(tmp_path):
    """``make_vault({"Contacts/Ana.md": "..."})`` -> the vault's root folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_vault(tmp_path / "vault", files)

    return make


@pytest.fixture
def load(make_vault):
    """``load({...}, today=...)`` -> the loaded ``Vault``."""

    def build(files: dict[str, str | bytes], today: dt.date = TODAY):
        return load_vault(make_vault(files), today)

    return build


def fm(*lines: str, body: str = "") -> str:
    """A note: one front matter line per argument, then the body."""
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


def meeting(day: str, *people: str, extra: tuple[str, ...] = (), body: str = "") -> str:
    """A meeting note: ``date``, ``with`` (lines 2 and 3), then the ``extra`` front matter lines from line 4."""
    return fm(f"date: {day}", "with: [" + ", ".join(f'"[[{p}]]"' for p in people) + "]", *extra, body=body)


def codes(vault) -> list[tuple[str, int, str]]:
    """(path, line, code) of every problem, for compact assertions."""
    return [(p.path, p.line, p.code) for p in vault.problems]
