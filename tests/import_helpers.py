"""Helpers shared by the import tests: run an import through the CLI, and a vault's bytes and times."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import TODAY
from vaultkit.cli import main

SUMMARY = "(no cadence set: add one to those you want to keep in touch with)"


def run_import(kind: str, *args):
    """``vaultkit import KIND ARGS... --today TODAY`` through CliRunner."""
    return CliRunner().invoke(main, ["import", kind, *map(str, args), "--today", TODAY.isoformat()])


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` with its bytes and modification time: equal means untouched."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}
